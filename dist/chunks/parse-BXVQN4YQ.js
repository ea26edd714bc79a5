import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{attributeOf,camel,entries,parseOptions,partOf,subTable,usage}from"./chunk-PDGS6XCE.js";import"./chunk-IKJPRUEK.js";import"./chunk-R7RWQADA.js";import"./chunk-MHGQBGI2.js";export{attributeOf,camel,entries,parseOptions,partOf,subTable,usage};
