/**
 * The RDSClient class alone, as a static named import: bundled this way only the client and the commands bgdb's adapters
 * use are kept (a dynamic `import("@aws-sdk/client-rds")` would keep every export of the package). clients.ts loads
 * this module on first use.
 */
export { RDSClient } from "@aws-sdk/client-rds";
