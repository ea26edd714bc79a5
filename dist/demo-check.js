import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{readDemoData}from"./chunks/chunk-VRIKKOVL.js";import"./chunks/chunk-ZTZR3VHB.js";import"./chunks/chunk-MHGQBGI2.js";var wantVersion=process.env.DEMO_EXPECT_MAJOR??"",wantRows=Number(process.env.DEMO_EXPECT_ROWS??"0"),url=`postgres://${encodeURIComponent(process.env.PGUSER??"")}:${encodeURIComponent(process.env.PGPASSWORD??"")}@${process.env.PGHOST}:${process.env.PGPORT}/${process.env.PGDATABASE??"postgres"}`;try{let d=await readDemoData(url),versionOk=d.version.startsWith(`${wantVersion}.`)||d.version===wantVersion;process.stdout.write(`green answers as PostgreSQL ${d.version}; ${d.rows} rows in demo_orders
`),versionOk||process.stdout.write(`expected major ${wantVersion}
`),d.rows<wantRows&&process.stdout.write(`expected at least ${wantRows} rows
`),process.exitCode=versionOk&&d.rows>=wantRows?0:1}catch(e){process.stdout.write(`could not query green: ${e.message}
`),process.exitCode=1}
