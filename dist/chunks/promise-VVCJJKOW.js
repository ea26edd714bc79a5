import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{require_promise}from"./chunk-YDAG4A2N.js";import"./chunk-MHGQBGI2.js";export default require_promise();
