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
import { lazyPort } from "./lazy-port.js";

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
  // Each port's module imports its SDK package: loading it on the first call is what keeps the others unloaded.
  return {
    rds: lazyPort(async () => {
      const [{ createRdsAdapter }, { createRdsApi }, client] = await Promise.all([
        import("./rds-adapter.js"),
        import("./rds-api.js"),
        clients.rds(),
      ]);
      // The one-attempt client is built on the first mutating call: a read-only command never constructs it.
      return withErrorMapping(createRdsAdapter(createRdsApi(() => client, call, clients.rdsMutating)), "rds");
    }),
    metrics: lazyPort(async () => {
      const [{ createMetricsAdapter, createMetricsApi }, client] = await Promise.all([
        import("./metrics-adapter.js"),
        clients.cloudwatch(),
      ]);
      return withErrorMapping(createMetricsAdapter(createMetricsApi(() => client, call)), "metrics");
    }),
    dns: lazyPort(async () => {
      const [{ createDnsAdapter, createRoute53Api }, client] = await Promise.all([
        import("./dns-adapter.js"),
        clients.route53(),
      ]);
      return withErrorMapping(createDnsAdapter(createRoute53Api(() => client, call)), "dns");
    }),
    identity: lazyPort(async () => {
      const [{ createIdentityAdapter, createStsApi }, client] = await Promise.all([
        import("./identity-adapter.js"),
        clients.sts(),
      ]);
      return withErrorMapping(createIdentityAdapter(createStsApi(() => client, call)), "identity");
    }),
    async region() {
      if (config.region) return config.region;
      try {
        // Resolves AWS_REGION / the profile's region exactly as the clients will; throws when there is none.
        return await (await clients.rds()).config.region();
      } catch {
        return undefined;
      }
    },
  };
}
