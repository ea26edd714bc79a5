/**
 * Where a running sandbox listens: what the sandbox's `ensure --json` prints and its `live` module returns, and what
 * bgdb's `--sandbox` needs. One declaration for both sides of that contract.
 */
export interface SandboxEndpoint {
  url: string;
  region: string;
  /** The seeded servers' master password (sandbox-only, not a secret): `bgdb test` hands it to the test command. */
  masterPassword?: string;
}
