import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
import{ExitCode}from"./chunk-QZDJNPFM.js";var WATCH_TIMEOUT_MEANING="a switchover bgdb stopped watching is RDS's to finish, and the message says which status it last saw",EXIT_MEANINGS={[ExitCode.Ok]:"done",[ExitCode.Internal]:"internal error (a bug in bgdb)",[ExitCode.Usage]:"bad usage or input \u2014 nothing was changed",[ExitCode.Precondition]:"precondition not met (preflight, not found, unsupported, credentials or permission, unreachable probe, state dir, lock held)",[ExitCode.GateTimeout]:`a gate or wait did not pass in time \u2014 before a switchover, blue still serves; ${WATCH_TIMEOUT_MEANING}`,[ExitCode.AwsFailure]:"AWS reported a failure \u2014 blue still serves (or, after a completed switchover, the write probe found acknowledged writes missing \u2014 green serves; keep the old blue)",[ExitCode.TestsFailed]:"tests against green failed",[ExitCode.Interrupted]:"interrupted or declined \u2014 state saved, safe to re-run"},ALL_CODES=Object.values(ExitCode);function exitCodesHelp(codes=ALL_CODES){return`
Exit codes:
${codes.map(c=>{let[code,text]=Array.isArray(c)?c:[c,EXIT_MEANINGS[c]];return`  ${String(code).padEnd(4)} ${text}`}).join(`
`)}
`}var examplesHelp=lines=>`
Examples:
${lines.map(l=>`  $ ${l}`).join(`
`)}
`,TYPICAL_UPGRADE=["bgdb create --source orders-prod --target-engine-version 17.2 --target-parameter-group orders-pg17","bgdb test orders-prod-to-17 -- npm run test:integration","bgdb switchover orders-prod-to-17 --probe","bgdb cleanup orders-prod-to-17 --delete-old-blue   # after the retention window (24h)","bgdb --sandbox \u2026   # the same against the local sandbox; bgdb demo runs it all"];export{WATCH_TIMEOUT_MEANING,exitCodesHelp,examplesHelp,TYPICAL_UPGRADE};
