import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAwsAdapters, createAwsClients } from "../../../src/adapters/aws/index.js";

// These tests read real shared-config files, written to a temp dir, through the SDK's own chain: they prove that
// `profile` reaches region and credential resolution without @aws-sdk/credential-providers.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bgdb-aws-"));
  writeFileSync(join(dir, "config"), "[default]\nregion = eu-central-1\n\n[profile prod]\nregion = ca-central-1\n");
  writeFileSync(join(dir, "credentials"), "[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = s3cret\n");
  vi.stubEnv("AWS_CONFIG_FILE", join(dir, "config"));
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(dir, "credentials"));
  for (const name of [
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
  ]) {
    vi.stubEnv(name, undefined);
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("SDK configuration chain", () => {
  it("takes region and credentials from the named profile", async () => {
    const clients = createAwsClients({ profile: "prod" });
    expect(await createAwsAdapters({ profile: "prod" }, { clients }).region()).toBe("ca-central-1");
    const credentials = await (await clients.rds()).config.credentials();
    expect(credentials.accessKeyId).toBe("AKIDPROD");
  });

  it("falls back to AWS_REGION, then the default profile, when no flag is set", async () => {
    expect(await createAwsAdapters({}).region()).toBe("eu-central-1");
    vi.stubEnv("AWS_REGION", "sa-east-1");
    expect(await createAwsAdapters({}).region()).toBe("sa-east-1");
  });

  it("answers undefined when no region is configured anywhere", async () => {
    vi.stubEnv("AWS_CONFIG_FILE", join(dir, "missing"));
    expect(await createAwsAdapters({}).region()).toBeUndefined();
  });
});
