/** Options several commands declare the same way. */
import { deploymentRef, switchKind } from "./kinds.js";
import { optionWithDefault, requiredArgument } from "./option.js";

export const deploymentArgument = requiredArgument("<deployment>", deploymentRef, {
  help: "bgd- id or deployment name",
});

export const yesOption = optionWithDefault("--yes", switchKind, false, {
  help: "do not ask for confirmation (needed when there is no terminal)",
});
