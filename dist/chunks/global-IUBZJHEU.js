import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ROUTING_GLOBALS,envTable,globalTable}from"./chunk-ZPSDHAU5.js";import"./chunk-IKJPRUEK.js";import"./chunk-XZ2KK2GW.js";import"./chunk-5WX7RXD5.js";import"./chunk-OZ54PLRA.js";import"./chunk-C6GWCRUH.js";import"./chunk-MHGQBGI2.js";export{ROUTING_GLOBALS,envTable,globalTable};
