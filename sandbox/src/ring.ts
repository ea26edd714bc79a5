/**
 * A bounded time series: the newest `capacity` (time, value) samples, oldest overwritten first. The lag history
 * (one per instance and metric) and MariaDB's GTID clock (blue's positions over time) both keep one.
 */
export class Ring<T> {
  private readonly times: number[] = [];
  private readonly values: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(t: number, v: T): void {
    this.times[this.next] = t;
    this.values[this.next] = v;
    this.next = (this.next + 1) % this.capacity;
  }

  get size(): number {
    return this.times.length;
  }

  /** Oldest first. */
  *entries(): Generator<{ timestamp: number; value: T }> {
    const start = this.size < this.capacity ? 0 : this.next;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      yield { timestamp: this.times[i]!, value: this.values[i]! };
    }
  }

  newest(): { timestamp: number; value: T } | undefined {
    if (this.size === 0) return undefined;
    const i = (this.next - 1 + this.capacity) % this.capacity;
    return { timestamp: this.times[i]!, value: this.values[i]! };
  }
}
