import {
  CreateBlueGreenDeploymentCommand,
  CreateDBInstanceCommand,
  DescribeBlueGreenDeploymentsCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from "@aws-sdk/client-rds";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientOf, RequestLog, type RequestLogView } from "../src/request-log.js";
import { seed } from "../src/seed.js";
import { type Harness, PG17, sdkConfig, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  seed(h.server.account);
});
afterEach(() => h.close());

async function requests(query = ""): Promise<{ status: number; body: RequestLogView }> {
  const res = await fetch(`${h.server.url}/_sandbox/requests${query}`, {
    headers: { authorization: `Bearer ${h.server.adminToken}` },
  });
  return { status: res.status, body: (await res.json()) as RequestLogView };
}

describe("the sandbox's request log", () => {
  it("records each AWS request in order: service, action, time, answer, identifying parameters, never a password", async () => {
    h.clock.advance(1000);
    await h.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "logged-db",
        Engine: "postgres",
        DBInstanceClass: "db.t4g.micro",
        AllocatedStorage: 20,
        MasterUsername: "admin",
        MasterUserPassword: "hunter2-secret",
      }),
    );
    const created = await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "logged-bgd",
        Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
        TargetEngineVersion: PG17,
        TargetDBParameterGroupName: "pg17-logical",
      }),
    );
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    // Still provisioning: RDS (and the sandbox) refuse it, and the log says with what.
    const refused = await h.rds
      .send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
      .catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    await h.sts.send(new GetCallerIdentityCommand({}));

    const { status, body } = await requests();
    expect(status).toBe(200);
    expect(body.dropped).toBe(0);
    expect(body.requests).toEqual([
      expect.objectContaining({
        seq: 1,
        service: "rds",
        action: "CreateDBInstance",
        status: 200,
        params: { DBInstanceIdentifier: "logged-db", DBInstanceClass: "db.t4g.micro" },
      }),
      expect.objectContaining({
        seq: 2,
        action: "CreateBlueGreenDeployment",
        status: 200,
        params: {
          BlueGreenDeploymentName: "logged-bgd",
          Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
          TargetEngineVersion: PG17,
          TargetDBParameterGroupName: "pg17-logical",
        },
      }),
      expect.objectContaining({
        seq: 3,
        action: "SwitchoverBlueGreenDeployment",
        status: 400,
        error: "InvalidBlueGreenDeploymentStateFault",
        params: { BlueGreenDeploymentIdentifier: id },
      }),
      expect.objectContaining({ seq: 4, service: "sts", action: "GetCallerIdentity", status: 200 }),
    ]);
    // The sandbox's own clock, not the wall clock.
    expect(body.requests[0]!.at).toBe(new Date(h.clock.now()).toISOString());
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });

  it("filters by service and action; admin calls are not AWS requests and are not logged", async () => {
    await h.rds.send(new DescribeBlueGreenDeploymentsCommand({}));
    await h.sts.send(new GetCallerIdentityCommand({}));
    await h.rds.send(new DescribeBlueGreenDeploymentsCommand({}));
    await requests();
    expect((await requests("?service=sts")).body.requests.map((r) => r.action)).toEqual(["GetCallerIdentity"]);
    const described = (await requests("?action=DescribeBlueGreenDeployments")).body.requests;
    expect(described.map((r) => r.seq)).toEqual([1, 3]);
    expect((await requests()).body.requests).toHaveLength(3);
  });

  it("names the client that set an app id (AWS_SDK_UA_APP_ID), so two runners' requests can be told apart", async () => {
    const runner = new RDSClient({ ...sdkConfig(h.server.url), userAgentAppId: "runner-a", maxAttempts: 1 });
    try {
      await runner.send(new DescribeBlueGreenDeploymentsCommand({}));
      await h.rds.send(new DescribeBlueGreenDeploymentsCommand({}));
    } finally {
      runner.destroy();
    }
    const [first, second] = (await requests()).body.requests;
    expect(first!.client).toBe("runner-a");
    expect(second!.client).toBeUndefined();
  });

  it("records a request a fault answered (throttled) or dropped (status 0)", async () => {
    h.server.account.state.faults.push({ kind: "throttle", count: 1, action: "DescribeBlueGreenDeployments" });
    await h.rds.send(new DescribeBlueGreenDeploymentsCommand({})).catch(() => undefined);
    h.server.account.state.faults.push({ kind: "drop-connection", count: 1, action: "DescribeBlueGreenDeployments" });
    await h.rds.send(new DescribeBlueGreenDeploymentsCommand({})).catch(() => undefined);
    expect((await requests()).body.requests).toEqual([
      expect.objectContaining({ status: 400, error: "Throttling" }),
      expect.objectContaining({ status: 0 }),
    ]);
  });

  it("a held call (fault latency) is acted on after a call that arrived later: the second switchover wins", async () => {
    const created = await h.rds.send(
      new CreateBlueGreenDeploymentCommand({
        BlueGreenDeploymentName: "held",
        Source: "arn:aws:rds:us-east-1:000000000000:db:pg16-source",
        TargetEngineVersion: PG17,
        TargetDBParameterGroupName: "pg17-logical",
      }),
    );
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!;
    h.clock.advance(6000);
    h.server.account.state.faults.push({
      kind: "latency",
      seconds: 0.3,
      count: 1,
      action: "SwitchoverBlueGreenDeployment",
    });
    const call = () =>
      h.rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id })).then(
        () => "accepted",
        (e: Error) => e.name,
      );
    const held = call();
    await new Promise((r) => setTimeout(r, 50));
    expect(await Promise.all([held, call()])).toEqual(["InvalidBlueGreenDeploymentStateFault", "accepted"]);
    const switchovers = (await requests("?action=SwitchoverBlueGreenDeployment")).body.requests;
    // Logged in the order answered: the accepted one first.
    expect(switchovers.map((r) => [r.status, r.error])).toEqual([
      [200, undefined],
      [400, "InvalidBlueGreenDeploymentStateFault"],
    ]);
  });

  it("answers only to the admin token", async () => {
    const res = await fetch(`${h.server.url}/_sandbox/requests`);
    expect(res.status).toBe(403);
  });
});

describe("RequestLog", () => {
  it("keeps the newest `capacity` requests and counts the dropped ones", () => {
    const log = new RequestLog(2);
    for (const action of ["A", "B", "C"]) log.record({ at: "t", service: "rds", action, status: 200, params: {} });
    expect(log.view()).toEqual({
      requests: [expect.objectContaining({ seq: 2, action: "B" }), expect.objectContaining({ seq: 3, action: "C" })],
      dropped: 1,
    });
  });

  it.each([
    ["aws-sdk-js/3.1 ua/2.1 os/linux lang/js md/nodejs#20 app/runner-b m/E", "runner-b"],
    ["app/first", "first"],
    ["aws-sdk-js/3.1 ua/2.1 os/linux", undefined],
    [undefined, undefined],
  ])("reads the client from %j", (ua, client) => {
    expect(clientOf(ua)).toBe(client);
  });
});
