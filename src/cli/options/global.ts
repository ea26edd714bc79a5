/**
 * Options every command takes, and the environment variables bgdb reads itself or that decide where the AWS SDK
 * sends requests. Both are validated at the edge like flags: a malformed region or endpoint URL is a usage error
 * (exit 2) before any client exists, wherever it came from.
 */
import { path, profile, region, switchKind, url } from "./kinds.js";
import { option } from "./option.js";

export const globalTable = {
  region: option("--region", region, { help: "AWS region (default: the SDK's chain: AWS_REGION, then the profile)" }),
  profile: option("--profile", profile, { help: "AWS shared config profile (default: AWS_PROFILE, then default)" }),
  endpointUrl: option("--endpoint-url", url, {
    help: "send every AWS call to this endpoint (LocalStack, moto; AWS_ENDPOINT_URL works too)",
  }),
  sandbox: option("--sandbox", switchKind, { help: "use the local bgdb sandbox (started if needed) instead of AWS" }),
  sandboxDir: option("--sandbox-dir", { ...path, value: "<dir>" }, { help: "where the sandbox keeps its state" }),
  stateDir: option(
    "--state-dir",
    { ...path, value: "<dir>" },
    {
      help: "bgdb's local journal (default: BGDB_STATE_DIR, then .bgdb)",
    },
  ),
  json: option("--json", switchKind, { help: "one JSON document on stdout; progress on stderr" }),
  quiet: option("--quiet", switchKind, { help: "only errors and warnings on stderr" }),
  verbose: option("--verbose", switchKind, { help: "stack traces and AWS request details on errors" }),
  color: option("--no-color", switchKind, { help: "no colour (also NO_COLOR)" }),
};

/** Environment variables validated before anything runs (the SDK would otherwise fail later, or worse, not at all). */
export const envTable = {
  BGDB_STATE_DIR: option("BGDB_STATE_DIR", { ...path, expect: "a non-empty directory path" }, { help: "" }),
  AWS_REGION: option("AWS_REGION", region, { help: "" }),
  AWS_DEFAULT_REGION: option("AWS_DEFAULT_REGION", region, { help: "" }),
  AWS_PROFILE: option("AWS_PROFILE", profile, { help: "" }),
  AWS_ENDPOINT_URL: option("AWS_ENDPOINT_URL", url, { help: "" }),
  AWS_ENDPOINT_URL_RDS: option("AWS_ENDPOINT_URL_RDS", url, { help: "" }),
  AWS_ENDPOINT_URL_CLOUDWATCH: option("AWS_ENDPOINT_URL_CLOUDWATCH", url, { help: "" }),
  AWS_ENDPOINT_URL_ROUTE_53: option("AWS_ENDPOINT_URL_ROUTE_53", url, { help: "" }),
  AWS_ENDPOINT_URL_STS: option("AWS_ENDPOINT_URL_STS", url, { help: "" }),
};

/**
 * The global flags that matter to where and how bgdb talks to AWS and keeps its journal: a printed next step must
 * repeat them, or copying it would talk to another account, region or sandbox.
 */
export const ROUTING_GLOBALS = ["sandbox", "sandboxDir", "region", "profile", "endpointUrl", "stateDir"] as const;
