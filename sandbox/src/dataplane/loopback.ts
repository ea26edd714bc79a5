import net from "node:net";

/** Where the sandbox's own API and every internal PostgreSQL port listen, and every endpoint where nothing else works. */
export const LOOPBACK = "127.0.0.1";

let probed: Promise<boolean> | undefined;

/**
 * Whether this machine routes all of 127.0.0.0/8 to loopback, so an endpoint can have an address of its own: Linux
 * does out of the box; macOS answers only on 127.0.0.1 unless each address is added (`ifconfig lo0 alias
 * 127.0.0.2`). Probed once per process by binding 127.0.0.2.
 */
export function distinctLoopbackAddresses(): Promise<boolean> {
  probed ??= new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(0, "127.0.0.2", () => srv.close(() => resolve(true)));
  });
  return probed;
}

/**
 * The n-th endpoint address (n ≥ 1): 127.0.0.2–127.0.0.254, then 127.0.1.1–127.0.1.254, and so on (last octets 0 and
 * 255 look like network and broadcast addresses to people reading them; 127.0.0.1 stays the API's). Deterministic,
 * so the counter in state.json decides every address.
 */
export function loopbackAddress(n: number): string {
  const i = n % (256 * 254);
  return `127.0.${Math.floor(i / 254)}.${(i % 254) + 1}`;
}
