import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{DEMO_TABLE,mysqlDemoDatabase,pgDemoDatabase}from"./chunk-E4ERGVIK.js";import"./chunk-KT4TNOBW.js";import"./chunk-MHGQBGI2.js";export{DEMO_TABLE,mysqlDemoDatabase,pgDemoDatabase};
