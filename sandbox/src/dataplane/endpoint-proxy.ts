import net from "node:net";
import { LOOPBACK } from "./loopback.js";

/**
 * A TCP proxy standing for one RDS endpoint (the `address:port` clients keep using). The target is looked up per
 * connection, so a switchover repoints it without restarting anything. While paused, new connections are
 * held (not refused) and flow to whatever the target is on resume: clients see a stall, like RDS's
 * write block, instead of an error.
 */
export class EndpointProxy {
  private readonly server: net.Server;
  private readonly sessions = new Set<net.Socket>();
  private held: net.Socket[] = [];
  private paused = false;

  constructor(
    readonly address: string,
    readonly port: number,
    private target: () => number,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.port, this.address, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  repoint(target: () => number): void {
    this.target = target;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const socket of held) if (!socket.destroyed) this.forward(socket);
  }

  /** Ends every proxied session (both halves), like RDS dropping connections at switchover. */
  endSessions(): void {
    for (const socket of this.sessions) socket.destroy();
    this.sessions.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.held) socket.destroy();
    this.held = [];
    this.endSessions();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on("error", () => client.destroy());
    if (this.paused) this.held.push(client);
    else this.forward(client);
  }

  private forward(client: net.Socket): void {
    let port: number;
    try {
      port = this.target();
    } catch {
      // The server behind this endpoint is gone (destroyed): refuse like a closed port would.
      client.destroy();
      return;
    }
    const upstream = net.connect(port, LOOPBACK);
    this.sessions.add(client);
    this.sessions.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sessions.delete(client);
      this.sessions.delete(upstream);
    };
    upstream.on("error", drop);
    client.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
