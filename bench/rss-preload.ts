/**
 * `node --import <this> …`: writes the process's own peak RSS (KiB, process.resourceUsage().maxRSS) to the file
 * named by BENCH_RSS_OUT when it exits. The bench's fallback when GNU time is not installed, and how it reads the
 * peak of the bgdb process alone when bgdb runs a child (the sandbox program) that GNU time would count too.
 */
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_RSS_OUT;
if (out) {
  // Not inherited by the children this process starts: only its own peak is written.
  delete process.env.BENCH_RSS_OUT;
  process.on("exit", () => writeFileSync(out, `${process.resourceUsage().maxRSS}\n`));
}
