import { CreateDBInstanceCommand, DescribeDBEngineVersionsCommand } from "@aws-sdk/client-rds";
import { afterEach, beforeEach, expect, it } from "vitest";
import { seed, seedCname } from "../src/seed.js";
import { type Harness, PG16, startHarness } from "./helpers.js";

/** A machine without MariaDB: engine mariadb is refused with how to install it; PostgreSQL is unaffected. */
let h: Harness;
const saved = process.env.BGDB_SANDBOX_MARIADBD;

beforeEach(async () => {
  process.env.BGDB_SANDBOX_MARIADBD = "/nonexistent/mariadbd";
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
  if (saved === undefined) delete process.env.BGDB_SANDBOX_MARIADBD;
  else process.env.BGDB_SANDBOX_MARIADBD = saved;
});

it("offers no MariaDB version and refuses CreateDBInstance with the install command", async () => {
  const versions = await h.rds.send(new DescribeDBEngineVersionsCommand({ Engine: "mariadb" }));
  expect(versions.DBEngineVersions).toEqual([]);
  const err = await h.rds
    .send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "shop",
        Engine: "mariadb",
        DBInstanceClass: "db.t4g.micro",
        MasterUsername: "admin",
        MasterUserPassword: "secret-pw",
      }),
    )
    .catch((e) => e);
  expect(err.name).toBe("InvalidParameterCombination");
  expect(err.message).toMatch(/MariaDB is not installed/);
  expect(err.message).toMatch(/apt-get install mariadb-server-core mariadb-client/);
  expect(err.message).toMatch(/brew install mariadb/);
  const pg = await h.rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: "shop-pg",
      Engine: "postgres",
      EngineVersion: PG16,
      DBInstanceClass: "db.t4g.micro",
      MasterUsername: "admin",
      MasterUserPassword: "secret-pw",
    }),
  );
  expect(pg.DBInstance?.DBInstanceStatus).toBe("creating");
});

it("seeds everything else, with their CNAMEs, and says why mariadb-source is missing", () => {
  const r = seed(h.server.account);
  expect(r.created).toEqual(expect.arrayContaining(["pg16-source", "mysql80-source", "aurora-pg-source"]));
  expect(r.created).not.toContain("mariadb-source");
  expect(r.skipped).toEqual([
    { id: "mariadb-source", reason: expect.stringMatching(/MariaDB is not installed.*apt-get/) },
  ]);
  // No CNAME names a source that is not there.
  expect(r.dns.created).toEqual(["pg16-source", "mysql80-source", "aurora-pg-source"].map(seedCname));
});
