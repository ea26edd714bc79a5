import type { MessageEvent, MessagePayload } from "../core/event.js";

/** The identity of a message's content, independent of how it travelled (as an event, or in a command's report). */
export function messageKey(m: MessageEvent | MessagePayload): string {
  if ("kind" in m) {
    const { kind: _kind, phase: _phase, level: _level, ...payload } = m;
    return JSON.stringify(payload);
  }
  return JSON.stringify(m);
}
