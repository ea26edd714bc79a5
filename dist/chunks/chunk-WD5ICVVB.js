import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
var VERSION="0.1.0";export{VERSION};
