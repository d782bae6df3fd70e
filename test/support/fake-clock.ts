// A Clock that only moves when the test moves it, for the network layer's
// deadlines and backoff. It records every delay asked for, so tests assert the
// exact schedule (deadline, backoff, deadline, ...) and the exact time that
// passed, whatever the load on the machine.
import type { Clock } from '../../worker/metadata/net/clock.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class FakeClock implements Clock {
  /** Every `ms` passed to setTimer, in call order (cancelled ones included). */
  readonly requested: number[] = [];
  private time: number;
  private seq = 0;
  private readonly timers = new Set<Timer>();
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, seq: this.seq++, fn };
    this.timers.add(timer);
    this.requested.push(ms);
    for (const w of this.waiters.filter((w) => this.requested.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
    return () => this.timers.delete(timer);
  }

  /** Timers set and neither fired nor called off. */
  get pending(): number {
    return this.timers.size;
  }

  /** Resolves once `count` timers have been asked for in all. */
  timersRequested(count: number): Promise<void> {
    if (this.requested.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Move time on by `ms`, firing the timers that fall due, earliest first. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let next = this.earliest(); next && next.at <= target; next = this.earliest()) {
      this.timers.delete(next);
      this.time = next.at;
      next.fn();
    }
    this.time = target;
  }

  /**
   * Settle `work`, which must wait on nothing but this clock and promises (no real I/O): whenever a
   * turn of the event loop leaves it still waiting, jump to the earliest timer and fire it.
   */
  async drive<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // Every microtask queued so far (and those they queue) runs before an immediate does.
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return work;
      const next = this.earliest();
      if (!next) throw new Error('FakeClock.drive: the work is waiting, but on no timer of this clock');
      this.advance(next.at - this.time);
    }
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
