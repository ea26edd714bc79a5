import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EndpointTable, type PlaneServer, ServerPlane } from "../../src/dataplane/endpoint-table.js";

/** A server that only records what it was asked; its files are a directory of its own. */
class FakeServer implements PlaneServer {
  readonly calls: string[] = [];
  constructor(readonly dir: string) {}
  async start() {
    this.calls.push("start");
  }
  async stop() {
    this.calls.push("stop");
  }
}

class FakePlane extends ServerPlane<FakeServer> {
  protected readonly endpoints = new EndpointTable((id) => {
    this.server(id);
    return () => 0;
  });
  add(id: string, server: FakeServer) {
    this.servers.set(id, server);
  }
  protected filesOf(server: FakeServer) {
    return server.dir;
  }
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "bgdb-plane-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const serverIn = (name: string) => {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "PG_VERSION"), "17");
  return new FakeServer(dir);
};

describe("ServerPlane (what the PostgreSQL and MariaDB planes share)", () => {
  it("starts and stops a server by id, and refuses an id it does not manage", async () => {
    const plane = new FakePlane();
    const blue = serverIn("blue");
    plane.add("blue", blue);
    await plane.startServer("blue");
    await plane.stopServer("blue");
    expect(blue.calls).toEqual(["start", "stop"]);
    expect(plane.has("blue")).toBe(true);
    await expect(plane.startServer("green")).rejects.toThrow("unknown server green");
    await expect(plane.openEndpoint(1, "green")).rejects.toThrow("unknown server green");
  });

  it("destroyServer stops the server, deletes its files, and forgets it; the others are untouched", async () => {
    const plane = new FakePlane();
    const blue = serverIn("blue");
    const green = serverIn("green");
    plane.add("blue", blue);
    plane.add("green", green);
    await plane.destroyServer("green");
    expect(green.calls).toEqual(["stop"]);
    expect(existsSync(green.dir)).toBe(false);
    expect(plane.has("green")).toBe(false);
    expect(existsSync(blue.dir)).toBe(true);
    expect(blue.calls).toEqual([]);
  });

  it("close stops every server it manages", async () => {
    const plane = new FakePlane();
    const servers = [serverIn("a"), serverIn("b")];
    servers.forEach((s, i) => {
      plane.add(String(i), s);
    });
    await plane.close();
    expect(servers.map((s) => s.calls)).toEqual([["stop"], ["stop"]]);
  });
});
