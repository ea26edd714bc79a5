import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ROUTING_GLOBALS,envTable,globalTable}from"./chunk-2UQIFSAG.js";import"./chunk-IKJPRUEK.js";import"./chunk-JLBJOGEQ.js";import"./chunk-5WX7RXD5.js";import"./chunk-2QGHL6DQ.js";import"./chunk-NNCMORMS.js";import"./chunk-MHGQBGI2.js";export{ROUTING_GLOBALS,envTable,globalTable};
