/**
 * Lazily built SDK clients: each SDK package is loaded and its client constructed on first use, so a command that
 * only talks to RDS never loads (or reads the config of) CloudWatch, Route 53 or STS.
 */
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { Route53Client } from "@aws-sdk/client-route-53";
import type { STSClient } from "@aws-sdk/client-sts";

export interface AwsConfig {
  /** @default the SDK chain: AWS_REGION, then the profile's `region` in ~/.aws/config */
  region?: string;
  /** Named profile of ~/.aws/config and ~/.aws/credentials. @default the SDK chain: AWS_PROFILE, then `default` */
  profile?: string;
  /** Endpoint for every client (the sandbox, LocalStack). @default the SDK chain: AWS_ENDPOINT_URL(_<SERVICE>), then AWS */
  endpointUrl?: string;
  /** Static credentials (tests, the sandbox). @default the SDK's default credential chain */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** SDK attempts per read, throttling included (calls that change AWS get one: `rdsMutating`). @default AWS_MAX_ATTEMPTS, else 8 */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/** The config shared by every client: keys the user did not set are left out so the SDK's own chain decides them. */
export interface SharedClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  credentials?: AwsConfig["credentials"];
  maxAttempts?: number;
  retryMode?: string;
}

/**
 * Builds the client config from bgdb's flags. Nothing is passed for a flag the user did not give: an explicit
 * `undefined` would shadow AWS_REGION / AWS_ENDPOINT_URL / AWS_MAX_ATTEMPTS in the SDK's resolution.
 */
export function sharedClientConfig(config: AwsConfig, env: NodeJS.ProcessEnv = process.env): SharedClientConfig {
  const out: SharedClientConfig = {};
  if (config.region) out.region = config.region;
  if (config.profile) out.profile = config.profile;
  if (config.endpointUrl) out.endpoint = config.endpointUrl;
  if (config.credentials) out.credentials = config.credentials;
  if (config.maxAttempts !== undefined) out.maxAttempts = config.maxAttempts;
  else if (!env.AWS_MAX_ATTEMPTS) out.maxAttempts = DEFAULT_MAX_ATTEMPTS;
  // Adaptive mode adds client-side rate limiting on top of standard retries, so a burst of polls that RDS throttles
  // slows down instead of burning every attempt at once.
  if (!env.AWS_RETRY_MODE) out.retryMode = "adaptive";
  return out;
}

export type AwsService = "rds" | "cloudwatch" | "route53" | "sts";

export interface AwsClients {
  rds(): Promise<RDSClient>;
  /**
   * The RDS client for calls that change AWS: one SDK attempt each. A 5xx or a dropped connection does not say RDS did
   * not act, so the SDK must not send it again on its own; bgdb describes first (core) and retries only throttling,
   * which RDS refused before acting (call.ts). Shares the read client's credentials, so a profile's credential
   * process or MFA prompt runs once.
   */
  rdsMutating(): Promise<RDSClient>;
  cloudwatch(): Promise<CloudWatchClient>;
  route53(): Promise<Route53Client>;
  sts(): Promise<STSClient>;
  /** Which clients have been constructed so far (for tests and diagnostics). */
  instantiated(): AwsService[];
}

export function createAwsClients(config: AwsConfig, env: NodeJS.ProcessEnv = process.env): AwsClients {
  const shared = sharedClientConfig(config, env);
  const built = new Set<AwsService>();
  const lazy = <T>(service: AwsService, make: () => Promise<T>) => {
    let client: Promise<T> | undefined;
    return (): Promise<T> => {
      client ??= make().then((c) => {
        built.add(service);
        return c;
      });
      return client;
    };
  };
  const rds = lazy("rds", async () => new (await import("./sdk/rds.js")).RDSClient(shared));
  return {
    rds,
    rdsMutating: lazy("rds", async () => {
      const read = await rds();
      const { RDSClient } = await import("./sdk/rds.js");
      return new RDSClient({ ...shared, credentials: shared.credentials ?? read.config.credentials, maxAttempts: 1 });
    }),
    cloudwatch: lazy("cloudwatch", async () => new (await import("./sdk/cloudwatch.js")).CloudWatchClient(shared)),
    route53: lazy("route53", async () => new (await import("./sdk/route53.js")).Route53Client(shared)),
    sts: lazy("sts", async () => new (await import("./sdk/sts.js")).STSClient(shared)),
    instantiated: () => [...built],
  };
}
