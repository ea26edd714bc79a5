import { vi } from "vitest";
import { type AwsAdapterOptions, createAwsAdapters, createAwsClients } from "../../../src/adapters/aws/index.js";

/** Static config so no test reads ~/.aws or the environment. */
export const TEST_CONFIG = {
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
};

/** Adapters over mocked clients, with a recorded no-wait sleep. */
export function makeAdapters(options: AwsAdapterOptions = {}) {
  const sleep = vi.fn(async (_ms: number) => {});
  const clients = createAwsClients(TEST_CONFIG, {});
  const adapters = createAwsAdapters(TEST_CONFIG, { clients, sleep, random: () => 0.5, ...options });
  return { ...adapters, clients, sleep };
}

export const meta = (requestId = "req-1", httpStatusCode = 200) => ({ $metadata: { requestId, httpStatusCode } });
