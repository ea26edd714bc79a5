import { Ring } from "../../ring.js";
import { type GtidPosition, isAhead, parseGtidPosition } from "./gtid.js";

/**
 * ReplicaLag in seconds of a MariaDB green, measured from the replica's own applied position: blue's
 * @@gtid_binlog_pos is observed with a timestamp once a second, and the lag is now minus the first moment blue was
 * seen past green's @@gtid_slave_pos (0 once green has what blue had at the newest observation). Unlike
 * Seconds_Behind_Master it keeps growing while green's apply is stalled and does not read 0 while the IO thread is
 * behind; it is good to about one observation interval.
 */
export class GtidLagClock {
  private readonly seen: Ring<GtidPosition>;

  /** @param capacity observations kept (one hour at one a second by default) */
  constructor(capacity = 3600) {
    this.seen = new Ring(capacity);
  }

  observe(at: number, bluePosition: string): void {
    this.seen.push(at, parseGtidPosition(bluePosition));
  }

  /** Seconds green is behind at `at`, or undefined before the first observation. */
  lagSeconds(at: number, greenPosition: string): number | undefined {
    const newest = this.seen.newest();
    if (!newest) return undefined;
    const green = parseGtidPosition(greenPosition);
    if (!isAhead(newest.value, green)) return 0;
    for (const s of this.seen.entries()) {
      if (isAhead(s.value, green)) return Math.max(0, (at - s.timestamp) / 1000);
    }
    return 0;
  }
}
