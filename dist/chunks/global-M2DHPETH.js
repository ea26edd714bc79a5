import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ROUTING_GLOBALS,envTable,globalTable}from"./chunk-W4NDBALP.js";import"./chunk-2DORWERU.js";import"./chunk-OQQB37MB.js";import"./chunk-IKJPRUEK.js";import"./chunk-5WX7RXD5.js";import"./chunk-R7RWQADA.js";import"./chunk-MHGQBGI2.js";export{ROUTING_GLOBALS,envTable,globalTable};
