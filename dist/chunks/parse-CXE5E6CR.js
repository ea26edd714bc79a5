import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{attributeOf,camel,entries,parseOptions,partOf,subTable,usage}from"./chunk-4J6N2B6H.js";import"./chunk-IKJPRUEK.js";import"./chunk-C6GWCRUH.js";import"./chunk-MHGQBGI2.js";export{attributeOf,camel,entries,parseOptions,partOf,subTable,usage};
