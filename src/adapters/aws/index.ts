/**
 * The AWS adapter: `Rds`, `Metrics`, `Dns` and `Identity` on AWS SDK v3. Clients are built on first use; every call
 * goes through one retry + error-mapping path (call.ts).
 */
import type { Dns } from "../../ports/dns.js";
import type { Identity } from "../../ports/identity.js";
import type { Metrics } from "../../ports/metrics.js";
import type { Rds } from "../../ports/rds.js";
import { type CallOptions, createCall, withErrorMapping } from "./call.js";
import { type AwsClients, type AwsConfig, createAwsClients } from "./clients.js";
import { createDnsAdapter, createRoute53Api } from "./dns-adapter.js";
import { createIdentityAdapter, createStsApi } from "./identity-adapter.js";
import { createMetricsAdapter, createMetricsApi } from "./metrics-adapter.js";
import { createRdsAdapter } from "./rds-adapter.js";
import { createRdsApi } from "./rds-api.js";

export { type CallOptions, createCall } from "./call.js";
export {
  type AwsClients,
  type AwsConfig,
  type AwsService,
  createAwsClients,
  DEFAULT_MAX_ATTEMPTS,
  sharedClientConfig,
} from "./clients.js";
export { AwsErrorCode, isThrottlingError, mapAwsError, normaliseAwsErrorName } from "./errors.js";

export interface AwsAdapters {
  rds: Rds;
  metrics: Metrics;
  dns: Dns;
  identity: Identity;
  /** The region the clients use (flag, AWS_REGION or profile), or undefined when none is configured. */
  region(): Promise<string | undefined>;
}

/** Test and sandbox seams; the CLI passes nothing. */
export interface AwsAdapterOptions extends CallOptions {
  /** Pre-built clients (tests inspect which were constructed). @default createAwsClients(config) */
  clients?: AwsClients;
}

export function createAwsAdapters(config: AwsConfig, options: AwsAdapterOptions = {}): AwsAdapters {
  const clients = options.clients ?? createAwsClients(config);
  const call = createCall(options, { endpoint: config.endpointUrl, region: config.region });
  return {
    rds: withErrorMapping(createRdsAdapter(createRdsApi(clients.rds, call)), "rds"),
    metrics: withErrorMapping(createMetricsAdapter(createMetricsApi(clients.cloudwatch, call)), "metrics"),
    dns: withErrorMapping(createDnsAdapter(createRoute53Api(clients.route53, call)), "dns"),
    identity: withErrorMapping(createIdentityAdapter(createStsApi(clients.sts, call)), "identity"),
    async region() {
      if (config.region) return config.region;
      try {
        // Resolves AWS_REGION / the profile's region exactly as the clients will; throws when there is none.
        return await clients.rds().config.region();
      } catch {
        return undefined;
      }
    },
  };
}
