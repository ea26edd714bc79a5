import { rm } from "node:fs/promises";
import type { Endpoint, PlaneServer, ServerPlane } from "../dataplane/endpoint-table.js";
import type { ServerRegistry } from "./registry.js";

/**
 * What the PostgreSQL and the MariaDB backing do alike, on their plane (the servers) and their registry (what each
 * server was created with): endpoints, destroying a server with its files and entry, redaction, closing.
 */
export abstract class PlaneBacking<
  P extends ServerPlane<PlaneServer>,
  R extends ServerRegistry<{ masterPassword?: string }>,
> {
  abstract readonly plane: P;
  protected abstract readonly registry: R;

  has(resourceId: string): boolean {
    return this.plane.has(resourceId);
  }

  openEndpoint(endpoint: Endpoint, resourceId: string): Promise<void> {
    return this.plane.openEndpoint(endpoint.port, resourceId, endpoint.address);
  }

  closeEndpoint(endpoint: Endpoint): Promise<void> {
    return this.plane.closeEndpoint(endpoint.port, endpoint.address);
  }

  /** The server (if this process runs it), its files, and its registry entry. */
  async destroy(id: string): Promise<void> {
    if (this.plane.has(id)) await this.plane.destroyServer(id);
    await rm(this.registry.dataDir(id), { recursive: true, force: true });
    if (this.registry.get(id)) this.registry.remove(id);
  }

  redact(text: string): string {
    return this.registry.redact(text);
  }

  close(): Promise<void> {
    return this.plane.close();
  }
}
