/**
 * The STSClient class alone, as a static named import: bundled this way only the client and the commands bgdb's adapters
 * use are kept (a dynamic `import("@aws-sdk/client-sts")` would keep every export of the package). clients.ts loads
 * this module on first use.
 */
export { STSClient } from "@aws-sdk/client-sts";
