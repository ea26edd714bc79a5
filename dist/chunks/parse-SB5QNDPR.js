import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{attributeOf,camel,entries,parseOptions,partOf,subTable,usage}from"./chunk-KXAHMTZC.js";import"./chunk-IKJPRUEK.js";import"./chunk-SF3O3PAD.js";import"./chunk-MHGQBGI2.js";export{attributeOf,camel,entries,parseOptions,partOf,subTable,usage};
