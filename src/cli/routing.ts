import { shellJoin } from "../core/shell.js";
import { globalTable, ROUTING_GLOBALS } from "./options/global.js";
import { metaOf } from "./options/option.js";
import type { GlobalOptions } from "./session.js";

/**
 * `bgdb` plus every global flag of this run that decides where or how bgdb talks to AWS (sandbox, region, profile,
 * endpoint, state directory), as a printed command must carry them.
 */
export function commandPrefix(globals: GlobalOptions): string {
  const words = ["bgdb"];
  for (const key of ROUTING_GLOBALS) {
    const value = globals[key];
    if (value === undefined || value === false) continue;
    const { flag } = metaOf(globalTable[key]);
    words.push(...(value === true ? [flag] : [flag, value]));
  }
  return shellJoin(words);
}
