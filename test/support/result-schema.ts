import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";
import { resultSchema } from "../../src/output/result-schema.js";

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(resultSchema());

/** Fails the test unless `doc` is a valid `--json` document (docs/result.schema.json). */
export function expectValidResult(doc: unknown): void {
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
}
