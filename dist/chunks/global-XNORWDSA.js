import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ROUTING_GLOBALS,envTable,globalTable}from"./chunk-GYCTVED7.js";import"./chunk-FIQE5Q3P.js";import"./chunk-7IYYX4NU.js";import"./chunk-IKJPRUEK.js";import"./chunk-5WX7RXD5.js";import"./chunk-R7RWQADA.js";import"./chunk-MHGQBGI2.js";export{ROUTING_GLOBALS,envTable,globalTable};
