import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ROUTING_GLOBALS,envTable,globalTable}from"./chunk-WHZSBBVR.js";import"./chunk-4SJYEHAF.js";import"./chunk-7IYYX4NU.js";import"./chunk-IKJPRUEK.js";import"./chunk-5WX7RXD5.js";import"./chunk-SF3O3PAD.js";import"./chunk-MHGQBGI2.js";export{ROUTING_GLOBALS,envTable,globalTable};
