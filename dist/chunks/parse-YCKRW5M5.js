import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{attributeOf,camel,entries,parseOptions,partOf,subTable,usage}from"./chunk-FUZHPNKO.js";import"./chunk-IKJPRUEK.js";import"./chunk-QZDJNPFM.js";import"./chunk-MHGQBGI2.js";export{attributeOf,camel,entries,parseOptions,partOf,subTable,usage};
