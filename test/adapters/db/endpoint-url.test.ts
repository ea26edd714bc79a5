import { describe, expect, it } from "vitest";
import { urlAt } from "../../../src/adapters/db/endpoint-url.js";

describe("urlAt", () => {
  it.each([
    [
      "postgres://u:p%40ss@prod.example.com:5432/orders?sslmode=require",
      "postgres://u:p%40ss@127.0.0.2:15433/orders?sslmode=require",
    ],
    ["postgresql://u@prod.example.com/orders", "postgresql://u@127.0.0.2:15433/orders"],
    ["mysql://u:p@prod.example.com/shop", "mysql://u:p@127.0.0.2:15433/shop"],
    // libpq's host and port parameters would win over the URL's own: they go.
    [
      "postgres://u:p@x/db?host=/tmp&port=1&sslmode=verify-full",
      "postgres://u:p@127.0.0.2:15433/db?sslmode=verify-full",
    ],
  ])("%s → %s", (url, expected) => {
    expect(urlAt(url, { host: "127.0.0.2", port: 15433 })).toBe(expected);
  });

  it("points at another database on the same server when asked", () => {
    expect(urlAt("postgres://u:p@old/app?sslmode=require", { host: "h", port: 1, database: "billing" })).toBe(
      "postgres://u:p@h:1/billing?sslmode=require",
    );
  });

  it("takes an IPv6 endpoint", () => {
    expect(urlAt("postgres://u:p@x:5432/db", { host: "::1", port: 5433 })).toBe("postgres://u:p@[::1]:5433/db");
  });

  it("refuses what is not a URL with a host, without quoting it (it holds the password)", () => {
    for (const bad of ["host=x password=hunter2", "postgres:///db?password=hunter2"]) {
      expect(() => urlAt(bad, { host: "h", port: 1 })).toThrow(/connection URL/);
      try {
        urlAt(bad, { host: "h", port: 1 });
      } catch (e) {
        expect((e as Error).message).not.toContain("hunter2");
      }
    }
  });
});
