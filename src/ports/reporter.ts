import type { BgdbEvent } from "../core/event.js";

export type { BgdbEvent } from "../core/event.js";

/** Where core's typed events go (src/output renders them: spinner, log lines, summaries). */
export interface Reporter {
  emit(event: BgdbEvent): void;
}
