import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{DEMO_TABLE,readDemoData,writeDemoRows}from"./chunk-VRIKKOVL.js";import"./chunk-ZTZR3VHB.js";import"./chunk-MHGQBGI2.js";export{DEMO_TABLE,readDemoData,writeDemoRows};
