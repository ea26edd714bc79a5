/**
 * The Route53Client class alone, as a static named import: bundled this way only the client and the commands bgdb's adapters
 * use are kept (a dynamic `import("@aws-sdk/client-route-53")` would keep every export of the package). clients.ts loads
 * this module on first use.
 */
export { Route53Client } from "@aws-sdk/client-route-53";
