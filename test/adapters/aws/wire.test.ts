import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AwsErrorCode, createAwsAdapters } from "../../../src/adapters/aws/index.js";
import { PreconditionError } from "../../../src/core/errors.js";
import { TEST_CONFIG } from "./helpers.js";

// A loopback HTTP server speaking RDS's awsQuery XML: proves the endpoint settings reach the real SDK clients and
// that wire error codes (which differ from the modelled exception names) map correctly end to end.
const NS = "http://rds.amazonaws.com/doc/2014-10-31/";
let server: Server;
let url: string;
const requests: { host?: string; body: string }[] = [];
let reply: { status: number; xml: string };

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => resolve(body));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    requests.push({ host: req.headers.host, body: await readBody(req) });
    res.writeHead(reply.status, { "content-type": "text/xml" });
    res.end(reply.xml);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  requests.length = 0;
  vi.unstubAllEnvs();
});

const ok = {
  status: 200,
  xml: `<DescribeBlueGreenDeploymentsResponse xmlns="${NS}"><DescribeBlueGreenDeploymentsResult><BlueGreenDeployments>
<member><BlueGreenDeploymentIdentifier>bgd-wire</BlueGreenDeploymentIdentifier><BlueGreenDeploymentName>w</BlueGreenDeploymentName>
<Status>AVAILABLE</Status><CreateTime>2026-11-26T12:00:00Z</CreateTime></member>
</BlueGreenDeployments></DescribeBlueGreenDeploymentsResult><ResponseMetadata><RequestId>req-wire</RequestId></ResponseMetadata>
</DescribeBlueGreenDeploymentsResponse>`,
};

describe("against a loopback awsQuery endpoint", () => {
  it("sends to endpointUrl and parses the answer (dates as Date)", async () => {
    reply = ok;
    const { rds } = createAwsAdapters({ ...TEST_CONFIG, endpointUrl: url });
    const [bgd] = await rds.describeBlueGreenDeployments({ name: "w" });
    expect(bgd).toMatchObject({ id: "bgd-wire", status: "AVAILABLE" });
    expect(bgd?.createTime).toEqual(new Date("2026-11-26T12:00:00Z"));
    expect(requests[0]?.body).toContain("Action=DescribeBlueGreenDeployments");
    expect(requests[0]?.body).toContain("Filters.Filter.1.Name=blue-green-deployment-name");
  });

  it("honours AWS_ENDPOINT_URL_RDS when no endpoint flag is given", async () => {
    reply = ok;
    vi.stubEnv("AWS_ENDPOINT_URL_RDS", url);
    const { rds } = createAwsAdapters(TEST_CONFIG);
    await rds.describeBlueGreenDeployments();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.host).toBe(url.replace("http://", ""));
  });

  it("maps the wire code InvalidDBInstanceState with its request id", async () => {
    reply = {
      status: 400,
      xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidDBInstanceState</Code>
<Message>Instance orders-prod is not available</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`,
    };
    const { rds } = createAwsAdapters({ ...TEST_CONFIG, endpointUrl: url });
    const error = await rds.describeBlueGreenDeployments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code: AwsErrorCode.InvalidInstanceState, requestId: "req-err", exitCode: 3 });
    expect((error as Error).message).toContain("Instance orders-prod is not available");
  });
});

describe("SDK attempts against a loopback endpoint answering 500", () => {
  const serverError = {
    status: 500,
    xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Receiver</Type><Code>InternalFailure</Code>
<Message>We encountered an internal error.</Message></Error><RequestId>req-500</RequestId></ErrorResponse>`,
  };
  const actions = () => requests.map((r) => /Action=(\w+)/.exec(r.body)?.[1]);

  // RDS may have acted on a request whose answer was a 5xx: an SDK resend would be a second switchover request that
  // bgdb's describe-first rule never saw.
  it("sends SwitchoverBlueGreenDeployment once, however many attempts reads get", async () => {
    reply = serverError;
    const { rds } = createAwsAdapters({ ...TEST_CONFIG, endpointUrl: url, maxAttempts: 2 });
    const error = await rds.switchoverBlueGreenDeployment("bgd-wire", 300).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: AwsErrorCode.AwsUnavailable, exitCode: 5 });
    expect(actions()).toEqual(["SwitchoverBlueGreenDeployment"]);
  });

  it("still retries a read on a 500 (the SDK's attempts)", async () => {
    reply = serverError;
    const { rds } = createAwsAdapters({ ...TEST_CONFIG, endpointUrl: url, maxAttempts: 2 });
    await rds.describeBlueGreenDeployments().catch(() => undefined);
    expect(actions()).toEqual(["DescribeBlueGreenDeployments", "DescribeBlueGreenDeployments"]);
  });
});
