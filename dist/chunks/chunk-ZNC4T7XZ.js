import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
function helpLine(help,shownDefault){return shownDefault===void 0?help:`${help} (default: ${shownDefault})`}export{helpLine};
