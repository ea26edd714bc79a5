/** ModifyDBParameterGroup's checks, in RDS's words, before any value of the group changes. */
import { invalidParameterCombination, invalidParameterValue } from "../aws-error.js";
import { parameterDefaults } from "./catalog.js";
import type { ParameterGroup } from "./state.js";

export interface ParameterChange {
  name?: string;
  value?: string;
  applyMethod?: string;
}

/** RDS takes at most this many parameters per ModifyDBParameterGroup. */
const MAX_PER_CALL = 20;

function allowed(value: string, allowedValues: string | undefined, dataType: string): boolean {
  if (!allowedValues) return true;
  const range = /^(-?[\d.]+)-([\d.]+)$/.exec(allowedValues);
  if (range) {
    const n = Number(value);
    return (
      /^-?\d+(\.\d+)?$/.test(value) &&
      (dataType !== "integer" || Number.isInteger(n)) &&
      n >= Number(range[1]) &&
      n <= Number(range[2])
    );
  }
  return allowedValues.split(",").some((v) => v.toLowerCase() === value.toLowerCase());
}

/** Checks every change first (all or nothing, as RDS), then applies them to `group`. */
export function modifyParameters(group: ParameterGroup, changes: ParameterChange[]): void {
  if (group.name.startsWith("default.")) throw invalidParameterValue("Cannot modify a default parameter group.");
  if (changes.length === 0) throw invalidParameterValue("At least one parameter must be supplied.");
  if (changes.length > MAX_PER_CALL) {
    throw invalidParameterValue(`A maximum of ${MAX_PER_CALL} parameters can be modified in a single request.`);
  }
  const known = parameterDefaults(group.family);
  for (const c of changes) {
    const def = c.name ? known[c.name] : undefined;
    if (!c.name || !def) throw invalidParameterValue(`Could not find parameter with name: ${c.name ?? ""}`);
    if (c.applyMethod && c.applyMethod !== "immediate" && c.applyMethod !== "pending-reboot") {
      throw invalidParameterValue(`Invalid apply method ${c.applyMethod}: use immediate or pending-reboot.`);
    }
    if (c.applyMethod === "immediate" && def.applyType === "static") {
      throw invalidParameterCombination("cannot use immediate apply method for static parameter");
    }
    if (c.value === undefined || !allowed(c.value, def.allowedValues, def.dataType)) {
      throw invalidParameterValue(
        `Value: ${c.value ?? ""} is outside of range: ${def.allowedValues ?? "(any)"} for parameter: ${c.name}`,
      );
    }
  }
  for (const c of changes) group.parameters[c.name!] = c.value!;
}
