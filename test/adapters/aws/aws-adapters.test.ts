import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  BlueGreenDeploymentNotFoundFault,
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBSnapshotCommand,
  DeleteBlueGreenDeploymentCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RDSServiceException,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  AwsErrorCode,
  createAwsAdapters,
  createAwsClients,
  DEFAULT_MAX_ATTEMPTS,
  sharedClientConfig,
} from "../../../src/adapters/aws/index.js";
import { AwsFailureError, InternalError, NotFoundError } from "../../../src/core/errors.js";
import { makeAdapters, meta, TEST_CONFIG } from "./helpers.js";

const rdsMock = mockClient(RDSClient);
const cwMock = mockClient(CloudWatchClient);
const stsMock = mockClient(STSClient);
beforeEach(() => {
  rdsMock.reset();
  cwMock.reset();
  stsMock.reset();
});

const throttle = () =>
  new RDSServiceException({
    name: "Throttling",
    $fault: "client",
    message: "Rate exceeded",
    $metadata: { requestId: "req-throttle", httpStatusCode: 400 },
  });

describe("client configuration", () => {
  it("passes nothing the user did not set, so the SDK chain (AWS_REGION, AWS_ENDPOINT_URL…) decides", () => {
    expect(sharedClientConfig({}, {})).toEqual({ maxAttempts: DEFAULT_MAX_ATTEMPTS, retryMode: "adaptive" });
    // AWS_MAX_ATTEMPTS / AWS_RETRY_MODE in the environment win over bgdb's defaults.
    expect(sharedClientConfig({}, { AWS_MAX_ATTEMPTS: "3", AWS_RETRY_MODE: "standard" })).toEqual({});
  });

  it("maps every flag to the client config", () => {
    expect(
      sharedClientConfig(
        {
          region: "us-east-2",
          profile: "prod",
          endpointUrl: "http://127.0.0.1:4566",
          maxAttempts: 2,
          ...{ credentials: TEST_CONFIG.credentials },
        },
        {},
      ),
    ).toEqual({
      region: "us-east-2",
      profile: "prod",
      endpoint: "http://127.0.0.1:4566",
      credentials: TEST_CONFIG.credentials,
      maxAttempts: 2,
      retryMode: "adaptive",
    });
  });

  it("builds real clients with the region, profile, endpoint and retry settings", async () => {
    const clients = createAwsClients(
      {
        region: "us-east-2",
        profile: "prod",
        endpointUrl: "http://127.0.0.1:4566",
        credentials: TEST_CONFIG.credentials,
      },
      {},
    );
    for (const client of await Promise.all([clients.rds(), clients.cloudwatch(), clients.route53(), clients.sts()])) {
      expect(await client.config.region()).toBe("us-east-2");
      expect(client.config.profile).toBe("prod");
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ hostname: "127.0.0.1", port: 4566, protocol: "http:" });
      expect(await client.config.maxAttempts()).toBe(DEFAULT_MAX_ATTEMPTS);
      const strategy = await client.config.retryStrategy();
      expect((strategy as { mode?: string }).mode).toBe("adaptive");
    }
  });

  it("creates clients lazily: an RDS-only command never constructs (or loads) CloudWatch, Route 53 or STS", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    const { rds, clients } = makeAdapters();
    expect(clients.instantiated()).toEqual([]);
    await rds.describeDbInstances();
    await rds.describeDbInstances();
    expect(clients.instantiated()).toEqual(["rds"]);
  });

  it("reports the configured region without building a client, else the SDK's resolution", async () => {
    const clients = createAwsClients({ region: "ap-south-1" }, {});
    expect(await createAwsAdapters({ region: "ap-south-1" }, { clients }).region()).toBe("ap-south-1");
    expect(clients.instantiated()).toEqual([]);
  });
});

describe("throttling", () => {
  it("retries a throttled call after a backoff, then succeeds", async () => {
    rdsMock
      .on(DescribeBlueGreenDeploymentsCommand)
      .rejectsOnce(throttle())
      .resolvesOnce({ BlueGreenDeployments: [{ BlueGreenDeploymentIdentifier: "bgd-1" }] });
    const { rds, sleep } = makeAdapters();
    const out = await rds.describeBlueGreenDeployments();
    expect(out.map((d) => d.id)).toEqual(["bgd-1"]);
    expect(rdsMock.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(2);
    expect(sleep).toHaveBeenCalledTimes(1);
    // random() = 0.5 → half of the 2 s base plus half of the jittered half.
    expect(sleep).toHaveBeenCalledWith(1500);
  });

  it("retries a throttled page on its own, keeping the marker", async () => {
    rdsMock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: "a" }], Marker: "m" })
      .rejectsOnce(throttle())
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: "b" }] });
    const all = await makeAdapters().rds.describeDbInstances();
    expect(all.map((i) => i.id)).toEqual(["a", "b"]);
    const markers = rdsMock.commandCalls(DescribeDBInstancesCommand).map((c) => c.args[0].input.Marker);
    expect(markers).toEqual([undefined, "m", "m"]);
  });

  it("gives up after the configured retries with AWS_UNAVAILABLE (exit 5) and the request id", async () => {
    rdsMock.on(SwitchoverBlueGreenDeploymentCommand).rejects(throttle());
    const { rds, sleep } = makeAdapters({ throttleRetries: 2 });
    const error = await rds.switchoverBlueGreenDeployment("bgd-1", 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsFailureError);
    expect(error).toMatchObject({ code: AwsErrorCode.AwsUnavailable, exitCode: 5, requestId: "req-throttle" });
    expect(rdsMock.commandCalls(SwitchoverBlueGreenDeploymentCommand)).toHaveLength(3);
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([1500, 3000]);
  });

  it("does not retry errors retrying can't fix", async () => {
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).rejects(
      new BlueGreenDeploymentNotFoundFault({
        message: "gone",
        $metadata: { requestId: "req-nf", httpStatusCode: 404 },
      }),
    );
    const { rds, sleep } = makeAdapters();
    const error = await rds.describeBlueGreenDeployments({ identifier: "bgd-x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ exitCode: 3, requestId: "req-nf" });
    expect((error as Error).message).toContain("DescribeBlueGreenDeployments");
    expect(sleep).not.toHaveBeenCalled();
    expect(rdsMock.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(1);
  });
});

describe("one SDK attempt for calls that change AWS", () => {
  // aws-sdk-client-mock replaces send on the prototype: the client each command reached is the call's `this`.
  const attemptsOf = async (command: Parameters<typeof rdsMock.commandCalls>[0]) => {
    const [call] = rdsMock.commandCalls(command);
    return await (call?.thisValue as RDSClient | undefined)?.config.maxAttempts();
  };

  it("sends every mutating RDS call through a client with maxAttempts 1, reads through the retrying one", async () => {
    rdsMock.on(SwitchoverBlueGreenDeploymentCommand).resolves({ ...meta(), BlueGreenDeployment: {} });
    rdsMock.on(CreateBlueGreenDeploymentCommand).resolves({ ...meta(), BlueGreenDeployment: {} });
    rdsMock.on(DeleteBlueGreenDeploymentCommand).resolves({ ...meta(), BlueGreenDeployment: {} });
    rdsMock.on(ModifyDBInstanceCommand).resolves({ ...meta(), DBInstance: {} });
    rdsMock.on(ModifyDBClusterCommand).resolves({ ...meta(), DBCluster: {} });
    rdsMock.on(CreateDBSnapshotCommand).resolves({ ...meta(), DBSnapshot: {} });
    rdsMock.on(CreateDBClusterSnapshotCommand).resolves({ ...meta(), DBClusterSnapshot: {} });
    rdsMock.on(DeleteDBInstanceCommand).resolves({ ...meta(), DBInstance: {} });
    rdsMock.on(DeleteDBClusterCommand).resolves({ ...meta(), DBCluster: {} });
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [] });
    const { rds } = makeAdapters();
    await rds.switchoverBlueGreenDeployment("bgd-1", 300);
    await rds.createBlueGreenDeployment({ name: "n", sourceArn: "arn:aws:rds:eu-west-1:1:db:a" });
    await rds.deleteBlueGreenDeployment("bgd-1", false);
    await rds.modifyDbInstance({ id: "a", engineVersion: "17.4", applyImmediately: true });
    await rds.modifyDbCluster({ id: "c", engineVersion: "17.4", applyImmediately: true });
    await rds.createDbSnapshot("s", "a");
    await rds.createDbClusterSnapshot("s", "c");
    await rds.deleteDbInstance("a");
    await rds.deleteDbCluster("c");
    await rds.describeBlueGreenDeployments();
    for (const command of [
      SwitchoverBlueGreenDeploymentCommand,
      CreateBlueGreenDeploymentCommand,
      DeleteBlueGreenDeploymentCommand,
      ModifyDBInstanceCommand,
      ModifyDBClusterCommand,
      CreateDBSnapshotCommand,
      CreateDBClusterSnapshotCommand,
      DeleteDBInstanceCommand,
      DeleteDBClusterCommand,
    ]) {
      expect({ command: command.name, attempts: await attemptsOf(command) }).toEqual({
        command: command.name,
        attempts: 1,
      });
    }
    expect(await attemptsOf(DescribeBlueGreenDeploymentsCommand)).toBe(DEFAULT_MAX_ATTEMPTS);
  });

  it("keeps bgdb's own throttling retry for a switchover (RDS refused a throttled request before acting)", async () => {
    rdsMock
      .on(SwitchoverBlueGreenDeploymentCommand)
      .rejectsOnce(throttle())
      .resolvesOnce({ ...meta(), BlueGreenDeployment: { BlueGreenDeploymentIdentifier: "bgd-1" } });
    const { rds, sleep } = makeAdapters();
    expect((await rds.switchoverBlueGreenDeployment("bgd-1", 300)).id).toBe("bgd-1");
    expect(rdsMock.commandCalls(SwitchoverBlueGreenDeploymentCommand)).toHaveLength(2);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it("builds the one-attempt client only on the first mutating call, with the read client's credentials", async () => {
    const clients = createAwsClients({ region: "eu-west-1" }, {});
    const read = await clients.rds();
    expect(clients.instantiated()).toEqual(["rds"]);
    // The chain's provider as the read client resolved it: the one-attempt client must ask it, not run the chain again.
    const provider = vi.fn(async () => ({ accessKeyId: "AKIDSHARED", secretAccessKey: "s" }));
    read.config.credentials = provider;
    const once = await clients.rdsMutating();
    expect(once).not.toBe(read);
    expect(once).toBe(await clients.rdsMutating());
    expect(await once.config.maxAttempts()).toBe(1);
    expect((await once.config.credentials()).accessKeyId).toBe("AKIDSHARED");
    expect(provider).toHaveBeenCalled();
  });
});

describe("error wrapping", () => {
  it("names the configured endpoint when it can't be reached", async () => {
    cwMock
      .on(GetMetricDataCommand)
      .rejects(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4566"), { code: "ECONNREFUSED" }));
    const adapters = createAwsAdapters(
      { ...TEST_CONFIG, endpointUrl: "http://127.0.0.1:4566" },
      { sleep: async () => {} },
    );
    const error = await adapters.metrics
      .getSeries({
        namespace: "AWS/RDS",
        metricName: "ReplicaLag",
        dimension: { name: "DBInstanceIdentifier", value: "g" },
        stat: "Maximum",
        periodSeconds: 60,
        start: new Date(0),
        end: new Date(60_000),
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: AwsErrorCode.Network, exitCode: 5 });
    expect((error as { hint: string }).hint).toContain("http://127.0.0.1:4566");
  });

  it("reports a malformed answer as a bgdb bug, not an AWS failure", async () => {
    // A mapper meeting a shape it can't handle (Tasks not a list) throws a TypeError.
    rdsMock.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [{ Tasks: 5 as never }] });
    const error = await makeAdapters()
      .rds.describeBlueGreenDeployments()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toContain("rds.describeBlueGreenDeployments");
  });
});

describe("Identity.whoAmI", () => {
  it("reads STS GetCallerIdentity", async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({
      ...meta(),
      Account: "123456789012",
      Arn: "arn:aws:sts::123456789012:assumed-role/deployer/ci",
      UserId: "AROA:ci",
    });
    const { identity, clients } = makeAdapters();
    expect(await identity.whoAmI()).toEqual({
      account: "123456789012",
      arn: "arn:aws:sts::123456789012:assumed-role/deployer/ci",
      userId: "AROA:ci",
    });
    expect(stsMock.commandCalls(GetCallerIdentityCommand).map((c) => c.args[0].input)).toEqual([{}]);
    expect(clients.instantiated()).toEqual(["sts"]);
  });
});
