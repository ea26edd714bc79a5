/**
 * @bgdb/sandbox as a library: the endpoint server (in-process, for tests and tools) and the data plane of real
 * database servers behind it. The control program is `dist/sandbox/src/cli.js` (`bgdb sandbox …` spawns it).
 */
export { COMMAND_LINE_WORDS } from "./cli-args.js";
export { installedPgVersion } from "./dataplane/binaries.js";
export { DataPlane, type DataPlaneOptions, freePort, type PgMajor, type PgServerSpec } from "./dataplane/index.js";
export { mariaDbInstall } from "./dataplane/mariadb/binaries.js";
export type { MariaDbServerSpec } from "./dataplane/mariadb/option-file.js";
export { MariaDbPlane, type MariaDbPlaneOptions, type MasterAccount } from "./dataplane/mariadb/plane.js";
export type { RequestLogView, RequestRecord } from "./request-log.js";
export { type SeedResult, seed } from "./seed.js";
export { type SandboxServer, type SandboxServerOptions, sandboxStatus, startSandboxServer } from "./server.js";
