/** The database readers refuse an engine they cannot read with a coded error (exit 3), not a bare Error. */
import { describe, expect, it } from "vitest";
import { createDbInspectors } from "../../../src/adapters/db/index.js";

describe("createDbInspectors on an engine it cannot read", () => {
  it("says so with INSPECT_NOT_SUPPORTED (exit 3) and a hint, and connects to nothing", async () => {
    const inspectors = createDbInspectors({ url: "mysql://u:p@h/db", source: "the URL in $BLUE_URL" });
    expect(inspectors.supports("mysql")).toBe(false);
    await expect(inspectors.open({ host: "127.0.0.1", port: 1, engine: "mysql" })).rejects.toMatchObject({
      code: "INSPECT_NOT_SUPPORTED",
      exitCode: 3,
      hint: expect.stringMatching(/without --db-url-env/),
    });
  });
});
