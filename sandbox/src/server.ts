/**
 * The sandbox endpoint: one node:http server on 127.0.0.1 speaking RDS (awsQuery), CloudWatch (JSON 1.0
 * query-compatible and awsQuery), Route 53 (REST-XML) and STS (awsQuery), routed by the SigV4 credential scope.
 * Any credentials are accepted. `/_sandbox/…` is the admin API the sandbox CLI uses (no AWS API lives there); it
 * needs the bearer token in `<dir>/admin-token` (admin-token.ts). Every AWS request is counted in the request log
 * (request-log.ts).
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { bearerMatches, issueAdminToken, retireAdminToken } from "./admin-token.js";
import { AwsError } from "./aws-error.js";
import { Backings } from "./backing/backings.js";
import { distinctLoopbackAddresses, LOOPBACK } from "./dataplane/loopback.js";
import { describeFault, type FaultSpec, pickRequestFault, validateFault } from "./faults.js";
import { parseQueryForm, str } from "./http/form.js";
import { childrenXml, escapeXml } from "./http/xml.js";
import { Account } from "./model/account.js";
import { alignVersions, defaultParameterGroups } from "./model/catalog.js";
import { ACCOUNT_ID, newRequestId, REGION } from "./model/ids.js";
import { type LagSource, modelLagSource } from "./model/lag.js";
import { defaultTimings, scaleTimings, type Timings } from "./model/timings.js";
import { applyEvent } from "./model/transitions.js";
import {
  CLOUDWATCH_JSON_ERROR_TYPES,
  CLOUDWATCH_XMLNS,
  getMetricData,
  parseJsonInput,
  parseQueryInput,
  toJsonOutput,
} from "./protocols/cloudwatch.js";
import { RDS_LIST_MEMBERS, RDS_XMLNS, rdsAction } from "./protocols/rds-query.js";
import { ROUTE53_LIST_MEMBERS, ROUTE53_XMLNS, route53Request } from "./protocols/route53.js";
import { clientOf, identifyingParams, RequestLog } from "./request-log.js";
import { seed } from "./seed.js";
import { loadState, saveState } from "./store.js";

export type { FaultSpec } from "./faults.js";
export type { LagQuery, LagSample, LagSource } from "./model/lag.js";
export type { Timings } from "./model/timings.js";

export interface SandboxServerOptions {
  /** Where state.json lives. */
  dir: string;
  /** 0 = any free port. @default 0 */
  port?: number;
  /** Divides every duration. @default 1 */
  speed?: number;
  /** Overrides of the default (demo-fast) durations, before `speed` applies. */
  timings?: Partial<Timings>;
  /** Faults added at start-up (on top of those persisted in state.json). */
  faults?: FaultSpec[];
  /** The sandbox's clock (epoch ms). Tests inject one to move time without sleeping. @default Date.now */
  now?: () => number;
  /** Real lag numbers (the data plane); asked first, the model answers when it returns undefined. */
  lagSource?: LagSource;
  /**
   * Back every PostgreSQL 16/17 instance, and every MariaDB one where MariaDB is installed, with a real server
   * (src/backing/). The serve process turns it on; in-process model tests leave it off (model-only, statuses on the
   * injected clock alone). @default false
   */
  realPostgres?: boolean;
  /** With real servers: where a failed switchover settles. @default "AVAILABLE" */
  failedSwitchoverSettlesTo?: "SWITCHOVER_FAILED" | "AVAILABLE";
  /** With real servers: a transaction open on blue longer than this refuses a switchover. @default 10 */
  longTransactionSeconds?: number;
  /** Progress lines of the data plane (never a password). */
  log?: (msg: string) => void;
  /**
   * Give each instance its own loopback address (127.0.x.y). @default whether this machine can bind 127.0.0.2
   * (Linux yes, macOS not without an lo0 alias); when false, every endpoint is 127.0.0.1 and only ports differ.
   */
  distinctAddresses?: boolean;
}

export interface SandboxServer {
  url: string;
  port: number;
  /** The live model, for in-process tests and the data plane. */
  account: Account;
  /** The real servers, when `realPostgres` is on. */
  backing?: Backings;
  /** Every AWS request received since start (what `GET /_sandbox/requests` answers). */
  requests: RequestLog;
  /** Bearer token of the admin API (`/_sandbox/…`), also in `<dir>/admin-token` (0600). */
  adminToken: string;
  /** Settles when the server stops, by `close()` or the admin shutdown route. */
  closed: Promise<void>;
  close(): Promise<void>;
}

type Service = "rds" | "monitoring" | "route53" | "sts";

interface ParsedRequest {
  service: Service;
  protocol: "query" | "json" | "rest-xml";
  action: string;
  body: string;
  url: URL;
  method: string;
  /** The Query protocol's parameters (form body, or the URL's query string); undefined for JSON and REST. */
  form?: URLSearchParams;
}

const XMLNS: Record<"rds" | "monitoring" | "sts", string> = {
  rds: RDS_XMLNS,
  monitoring: CLOUDWATCH_XMLNS,
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};

const CREDENTIAL_SCOPE = /Credential=[^/]+\/\d{8}\/[^/]+\/([\w-]+)\/aws4_request/;

function routeService(req: IncomingMessage, url: URL, form: URLSearchParams | undefined): Service {
  const scoped = CREDENTIAL_SCOPE.exec(req.headers.authorization ?? "")?.[1];
  if (scoped === "rds" || scoped === "monitoring" || scoped === "route53" || scoped === "sts") return scoped;
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target.startsWith("GraniteServiceVersion20100801")) return "monitoring";
  if (url.pathname.startsWith("/2013-04-01/")) return "route53";
  const version = form?.get("Version");
  if (version === "2011-06-15") return "sts";
  if (version === "2010-08-01") return "monitoring";
  return "rds";
}

function parseRequest(req: IncomingMessage, body: string): ParsedRequest {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  const isForm = String(req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
  const form = isForm ? new URLSearchParams(body) : undefined;
  const service = routeService(req, url, form);
  if (service === "route53") return { service, protocol: "rest-xml", action: "", body, url, method };
  const target = String(req.headers["x-amz-target"] ?? "");
  if (target) return { service, protocol: "json", action: target.split(".").pop() ?? "", body, url, method };
  return {
    service,
    protocol: "query",
    action: form?.get("Action") ?? url.searchParams.get("Action") ?? "",
    body,
    url,
    method,
    form: form ?? url.searchParams,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    ...headers,
  });
  res.end(body);
}

function sendError(
  res: ServerResponse,
  p: Pick<ParsedRequest, "service" | "protocol">,
  err: AwsError,
  requestId: string,
): void {
  if (p.protocol === "json") {
    // Query-compatible JSON: `__type` names the exception shape, and the SDK reads the query error code from this
    // header (`Code;Type`).
    const body = JSON.stringify({ __type: CLOUDWATCH_JSON_ERROR_TYPES[err.code] ?? err.code, message: err.message });
    send(res, err.status, "application/x-amz-json-1.0", body, requestId, {
      "x-amzn-query-error": `${err.code};${err.type}`,
    });
    return;
  }
  const xmlns = p.service === "route53" ? ` xmlns="${ROUTE53_XMLNS}"` : "";
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${xmlns}><Error><Type>${err.type}</Type><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  send(res, err.status, "text/xml", body, requestId);
}

function queryResponse(
  service: "rds" | "monitoring" | "sts",
  action: string,
  result: Record<string, unknown>,
  requestId: string,
  members: Record<string, string>,
): string {
  const inner = childrenXml(result as never, members);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS[service]}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

function throttleError(p: ParsedRequest): AwsError {
  return p.protocol === "json"
    ? new AwsError("ThrottlingException", "Rate exceeded", 400)
    : new AwsError("Throttling", "Rate exceeded", 400);
}

export async function startSandboxServer(opts: SandboxServerOptions): Promise<SandboxServer> {
  const now = opts.now ?? Date.now;
  const state = loadState(opts.dir);
  alignVersions(state);
  // Endpoints from before addresses existed were all 127.0.0.1, and still are.
  for (const r of [...state.instances, ...state.clusters]) r.address ??= LOOPBACK;
  for (const g of defaultParameterGroups()) {
    if (!state.parameterGroups.some((x) => x.kind === g.kind && x.name === g.name)) state.parameterGroups.push(g);
  }
  for (const f of opts.faults ?? []) state.faults.push(validateFault(f));
  const timings = scaleTimings({ ...defaultTimings, ...opts.timings }, opts.speed ?? 1);
  const account = new Account(state, now, timings, applyEvent);
  account.realPostgres = opts.realPostgres ?? false;
  account.distinctAddresses = opts.distinctAddresses ?? (await distinctLoopbackAddresses());
  let saved = "";
  const persist = () => {
    const json = JSON.stringify(state);
    if (json !== saved) {
      saveState(opts.dir, state);
      saved = json;
    }
  };
  persist();
  const backing = opts.realPostgres
    ? new Backings({
        dir: opts.dir,
        account,
        persist,
        ...(opts.failedSwitchoverSettlesTo ? { failedSwitchoverSettlesTo: opts.failedSwitchoverSettlesTo } : {}),
        ...(opts.log ? { log: opts.log } : {}),
        ...(opts.longTransactionSeconds ? { longTransactionSeconds: opts.longTransactionSeconds } : {}),
      })
    : undefined;
  try {
    await backing?.start();
  } catch (e) {
    await backing?.close();
    throw e;
  }
  const adminToken = issueAdminToken(opts.dir);
  const requests = new RequestLog();
  const lagSources = [backing?.lag, opts.lagSource, modelLagSource].filter((x): x is LagSource => !!x);

  const handleAws = (p: ParsedRequest, res: ServerResponse, requestId: string): void => {
    if (p.service === "route53") {
      const r = route53Request(p.method, p.url, p.body, account);
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${r.root} xmlns="${ROUTE53_XMLNS}">${childrenXml(r.body, ROUTE53_LIST_MEMBERS)}</${r.root}>`;
      send(res, r.status, "text/xml", xml, requestId, r.headers);
      return;
    }
    if (p.protocol === "json" && (p.service !== "monitoring" || p.action !== "GetMetricData")) {
      throw new AwsError("UnknownOperationException", `The sandbox's ${p.service} has no JSON operation ${p.action}.`);
    }
    if (!p.action) {
      throw new AwsError("MissingAction", "The request must contain the parameter Action.");
    }
    if (p.service === "monitoring") {
      if (p.action !== "GetMetricData")
        throw new AwsError("InvalidAction", `The action ${p.action} is not valid for this web service.`);
      if (p.protocol === "json") {
        const out = getMetricData(parseJsonInput(p.body), account, lagSources);
        send(res, 200, "application/x-amz-json-1.0", JSON.stringify(toJsonOutput(out)), requestId);
      } else {
        const out = getMetricData(parseQueryInput(parseQueryForm(p.body)), account, lagSources);
        send(res, 200, "text/xml", queryResponse("monitoring", p.action, out as never, requestId, {}), requestId);
      }
      return;
    }
    if (p.service === "sts") {
      if (p.action !== "GetCallerIdentity")
        throw new AwsError("InvalidAction", `The action ${p.action} is not valid for this web service.`);
      const out = {
        UserId: "AIDASANDBOX00000000000",
        Account: ACCOUNT_ID,
        Arn: `arn:aws:iam::${ACCOUNT_ID}:user/sandbox`,
      };
      send(res, 200, "text/xml", queryResponse("sts", p.action, out, requestId, {}), requestId);
      return;
    }
    const form = parseQueryForm(p.body);
    const result = rdsAction(p.action, form, account);
    if (p.action === "CreateDBInstance" && backing) {
      const created = account.state.instances.find((i) => i.id === str(form, "DBInstanceIdentifier"));
      if (created) backing.rememberPassword(created.resourceId, str(form, "MasterUserPassword"));
    }
    send(res, 200, "text/xml", queryResponse("rds", p.action, result, requestId, RDS_LIST_MEMBERS), requestId);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const requestId = newRequestId();
    if ((req.url ?? "").startsWith("/_sandbox/")) {
      // Refused before anything moves, not even the clock's due transitions.
      if (!bearerMatches(req.headers.authorization, adminToken)) {
        json(res, 403, {
          error: "the sandbox admin API needs the bearer token in the sandbox directory's admin-token",
        });
        return;
      }
      account.advance();
      if (req.method === "POST" && req.url === "/_sandbox/seed") {
        await seedAndWait(res, account, backing, persist);
        return;
      }
      handleAdmin(req, res, body, { account, dir: opts.dir, server, backing, requests });
      persist();
      return;
    }
    account.advance();
    const p = parseRequest(req, body);
    const client = clientOf(req.headers["user-agent"]);
    const arrived = {
      at: new Date(now()).toISOString(),
      service: p.service,
      action: p.action || `${p.method} ${p.url.pathname}`,
      ...(client ? { client } : {}),
      params: identifyingParams(p.form),
    };
    let error: string | undefined;
    try {
      const fault = pickRequestFault(state.faults, state.faultCounters, p.service, arrived.action);
      if (fault?.kind === "drop-connection") {
        requests.record({ ...arrived, status: 0 });
        persist();
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "latency") {
        await sleep(fault.seconds * 1000);
        account.advance();
      }
      if (fault?.kind === "throttle") throw throttleError(p);
      if (fault?.kind === "server-error")
        throw new AwsError(
          "InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
          500,
        );
      handleAws(p, res, requestId);
    } catch (e) {
      const err =
        e instanceof AwsError ? e : new AwsError("InternalFailure", `Sandbox bug: ${(e as Error).message}`, 500);
      error = err.code;
      sendError(res, p, err, requestId);
    }
    requests.record({ ...arrived, status: res.statusCode, ...(error ? { error } : {}) });
    persist();
    backing?.kick();
  };

  const server = createServer((req, res) => {
    // What escapes `handle` (a body that never arrives, a bug before routing) still answers in AWS's shape.
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return;
      const err = new AwsError("InternalFailure", `Sandbox bug: ${(e as Error)?.message ?? String(e)}`, 500);
      sendError(res, { service: "rds", protocol: "query" }, err, newRequestId());
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
    });
  } catch (e) {
    // A taken --port: leave no PostgreSQL server or token behind.
    await backing?.close();
    retireAdminToken(opts.dir, adminToken);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  return {
    closed,
    url: `http://127.0.0.1:${port}`,
    port,
    account,
    requests,
    adminToken,
    ...(backing ? { backing } : {}),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await backing?.close();
      persist();
      retireAdminToken(opts.dir, adminToken);
    },
  };
}

/** Seeds, then (with real servers) waits until pg16-source answers so it is `available` when the reply goes out. */
async function seedAndWait(
  res: ServerResponse,
  account: Account,
  backing: Backings | undefined,
  persist: () => void,
): Promise<void> {
  const result = seed(account);
  persist();
  const jobs = account.state.instances
    .filter((i) => result.created.includes(i.id))
    .map((i) => `server:${i.resourceId}`);
  await backing?.waitFor(jobs);
  account.advance();
  persist();
  // A seeded source whose server did not come up is not "seeded": say which and why, with a failing status.
  const failed = account.state.instances
    .filter((i) => result.created.includes(i.id) && i.status === "failed")
    .map((i) => i.id);
  json(
    res,
    failed.length ? 500 : 200,
    failed.length
      ? {
          ...result,
          failed,
          error: `${failed.join(", ")} failed to start a real server; see server.log in the sandbox dir`,
        }
      : result,
  );
}

export interface SandboxStatus {
  region: string;
  counts: { instances: number; clusters: number; deployments: number; snapshots: number; hostedZones: number };
  /** `backing`: "PostgreSQL 16 server" for a real one; "model-only" for MySQL and Aurora (no real engine here). */
  instances: {
    id: string;
    engine: string;
    engineVersion: string;
    status: string;
    address: string;
    port: number;
    backing: string;
  }[];
  clusters: { id: string; engine: string; engineVersion: string; status: string }[];
  deployments: { id: string; name: string; status: string }[];
  faults: FaultSpec[];
  faultDescriptions: string[];
}

export function sandboxStatus(account: Account, backing?: Backings): SandboxStatus {
  const s = account.state;
  return {
    region: REGION,
    counts: {
      instances: s.instances.length,
      clusters: s.clusters.length,
      deployments: s.deployments.length,
      snapshots: s.snapshots.length,
      hostedZones: s.hostedZones.length,
    },
    instances: s.instances.map((i) => ({
      id: i.id,
      engine: i.engine,
      engineVersion: i.engineVersion,
      status: i.status,
      address: i.address,
      port: i.port,
      backing: backing?.describe(i) ?? "model-only",
    })),
    clusters: s.clusters.map((c) => ({ id: c.id, engine: c.engine, engineVersion: c.engineVersion, status: c.status })),
    deployments: s.deployments.map((d) => ({ id: d.id, name: d.name, status: d.status })),
    faults: s.faults,
    faultDescriptions: s.faults.map(describeFault),
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json", JSON.stringify(value), "admin");
}

/** What the admin routes act on. */
interface AdminContext {
  account: Account;
  dir: string;
  server: { close(): void; closeAllConnections(): void };
  backing: Backings | undefined;
  requests: RequestLog;
}

/** Admin API: GET status, GET requests, POST/DELETE faults, POST seed, POST shutdown (the background server exits). */
function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  { account, dir, server, backing, requests }: AdminContext,
): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const key = `${req.method} ${url.pathname}`;
  try {
    switch (key) {
      case "GET /_sandbox/status":
        json(res, 200, { ...sandboxStatus(account, backing), dir, pid: process.pid });
        return;
      case "GET /_sandbox/requests":
        json(
          res,
          200,
          requests.view({
            service: url.searchParams.get("service") ?? undefined,
            action: url.searchParams.get("action") ?? undefined,
          }),
        );
        return;
      case "GET /_sandbox/faults":
        json(res, 200, account.state.faults);
        return;
      case "POST /_sandbox/faults": {
        const fault = validateFault(JSON.parse(body || "{}"));
        account.state.faults.push(fault);
        json(res, 200, account.state.faults);
        return;
      }
      case "DELETE /_sandbox/faults":
        account.state.faults.splice(0);
        account.state.faultCounters = {};
        json(res, 200, []);
        return;
      case "POST /_sandbox/shutdown":
        json(res, 200, { stopping: true });
        setImmediate(() => {
          server.closeAllConnections();
          server.close();
        });
        return;
      default:
        json(res, 404, { error: `no admin route ${key}` });
        return;
    }
  } catch (e) {
    // A refused fault or a body that is not JSON is the caller's; anything else is a sandbox bug.
    const callers = e instanceof AwsError || e instanceof SyntaxError;
    json(res, callers ? 400 : 500, { error: (e as Error).message });
  }
}
