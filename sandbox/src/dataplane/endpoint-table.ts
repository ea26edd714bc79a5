import { rm } from "node:fs/promises";
import { EndpointProxy } from "./endpoint-proxy.js";
import { LOOPBACK } from "./loopback.js";

/** One RDS endpoint as clients reach it: its own loopback address where the platform allows (loopback.ts), a port. */
export interface Endpoint {
  address: string;
  port: number;
}

const key = (e: Endpoint) => `${e.address}:${e.port}`;

/**
 * A data plane's endpoints: one EndpointProxy per RDS endpoint (address and port), each forwarding to whichever server
 * it points at. `target(serverId)` is resolved per connection, so an endpoint follows its server across port or dir
 * swaps.
 */
export class EndpointTable {
  private readonly proxies = new Map<string, EndpointProxy>();

  /** `target` throws for an unknown server (checked when an endpoint is pointed at it). */
  constructor(private readonly target: (serverId: string) => () => number) {}

  /** Listens on the endpoint and forwards each new connection to the server's current port; repoints an open one. */
  async open(endpoint: Endpoint, serverId: string): Promise<void> {
    const target = this.target(serverId);
    const existing = this.proxies.get(key(endpoint));
    if (existing) return existing.repoint(target);
    const proxy = new EndpointProxy(endpoint.address, endpoint.port, target);
    await proxy.listen();
    this.proxies.set(key(endpoint), proxy);
  }

  /** New connections go to `serverId`; existing sessions are left alone (switchover ends them itself). */
  repoint(endpoint: Endpoint, serverId: string): void {
    const proxy = this.proxies.get(key(endpoint));
    if (!proxy) throw new Error(`no endpoint on ${key(endpoint)}`);
    proxy.repoint(this.target(serverId));
  }

  get(endpoint: Endpoint): EndpointProxy | undefined {
    return this.proxies.get(key(endpoint));
  }

  async close(endpoint: Endpoint): Promise<void> {
    await this.proxies.get(key(endpoint))?.close();
    this.proxies.delete(key(endpoint));
  }

  async closeAll(): Promise<void> {
    for (const proxy of [...this.proxies.values()]) await this.close(proxy);
  }
}

/** What a plane keeps of each of its servers. */
export interface PlaneServer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What the PostgreSQL and the MariaDB plane do alike: their servers by id (start, stop, destroy, close) and the
 * endpoint calls, by port and address (127.0.0.1 unless given), on the plane's own table.
 */
export abstract class ServerPlane<S extends PlaneServer> {
  protected readonly servers = new Map<string, S>();
  protected abstract readonly endpoints: EndpointTable;
  /** The directory that holds everything of `server`, which destroyServer deletes. */
  protected abstract filesOf(server: S): string;

  protected server(id: string): S {
    const server = this.servers.get(id);
    if (!server) throw new Error(`unknown server ${id}`);
    return server;
  }

  /** Whether this plane manages a server of that id (created or started here). */
  has(id: string): boolean {
    return this.servers.has(id);
  }

  async startServer(id: string): Promise<void> {
    await this.server(id).start();
  }

  async stopServer(id: string): Promise<void> {
    await this.server(id).stop();
  }

  /** Stops the server and deletes everything it had. */
  async destroyServer(id: string): Promise<void> {
    const server = this.server(id);
    await server.stop();
    await rm(this.filesOf(server), { recursive: true, force: true });
    this.servers.delete(id);
  }

  /** Stops every endpoint and server this plane started. */
  async close(): Promise<void> {
    await this.endpoints.closeAll();
    await Promise.all([...this.servers.values()].map((s) => s.stop()));
  }

  /** Listens on address:endpointPort and forwards each new connection to the server's current port. */
  openEndpoint(endpointPort: number, serverId: string, address = LOOPBACK): Promise<void> {
    return this.endpoints.open({ address, port: endpointPort }, serverId);
  }

  /** New connections go to `serverId`; existing sessions are left alone (switchover ends them itself). */
  repointEndpoint(endpointPort: number, serverId: string, address = LOOPBACK): void {
    this.endpoints.repoint({ address, port: endpointPort }, serverId);
  }

  closeEndpoint(endpointPort: number, address = LOOPBACK): Promise<void> {
    return this.endpoints.close({ address, port: endpointPort });
  }
}
