// Time as the network layer sees it: what time it is (for Retry-After dates)
// and "call me back in `ms`" (for per-attempt deadlines, backoff and the
// IndexedDB open timeout). Injected so tests can run retries and timeouts on
// a clock they move themselves, and assert the exact delays asked for instead
// of how long the machine happened to take.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Call `fn` once after `ms`; the returned function calls it off (a no-op once it has run). */
  setTimer(fn: () => void, ms: number): () => void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};
