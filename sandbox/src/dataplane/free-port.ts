import net from "node:net";
import { LOOPBACK } from "./loopback.js";

/** A port the OS just had free on `address` (racy by nature; fine for a sandbox on one machine). */
export function freePort(address = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, address, () => {
      const bound = srv.address();
      srv.close(() => (typeof bound === "object" && bound ? resolve(bound.port) : reject(new Error("no port"))));
    });
  });
}
