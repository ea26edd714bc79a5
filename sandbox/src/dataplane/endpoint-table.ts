import { EndpointProxy } from "./endpoint-proxy.js";

/**
 * A data plane's endpoints: one EndpointProxy per RDS endpoint port, each forwarding to whichever server it points
 * at. `target(serverId)` is resolved per connection, so an endpoint follows its server across port or dir swaps.
 */
export class EndpointTable {
  private readonly proxies = new Map<number, EndpointProxy>();

  /** `target` throws for an unknown server (checked when an endpoint is pointed at it). */
  constructor(private readonly target: (serverId: string) => () => number) {}

  /** Listens on 127.0.0.1:endpointPort and forwards each new connection to the server's current port. */
  async open(endpointPort: number, serverId: string): Promise<void> {
    const target = this.target(serverId);
    const existing = this.proxies.get(endpointPort);
    if (existing) return existing.repoint(target);
    const proxy = new EndpointProxy(endpointPort, target);
    await proxy.listen();
    this.proxies.set(endpointPort, proxy);
  }

  /** New connections go to `serverId`; existing sessions are left alone (switchover ends them itself). */
  repoint(endpointPort: number, serverId: string): void {
    const proxy = this.proxies.get(endpointPort);
    if (!proxy) throw new Error(`no endpoint on port ${endpointPort}`);
    proxy.repoint(this.target(serverId));
  }

  get(endpointPort: number): EndpointProxy | undefined {
    return this.proxies.get(endpointPort);
  }

  async close(endpointPort: number): Promise<void> {
    await this.proxies.get(endpointPort)?.close();
    this.proxies.delete(endpointPort);
  }

  async closeAll(): Promise<void> {
    for (const port of [...this.proxies.keys()]) await this.close(port);
  }
}
