// A per-client fixed-window request budget, kept in the isolate's memory. Cloudflare runs many
// isolates, so this bounds each client per isolate (a burst brake, not an exact global quota); the
// clock is injected so tests can move time without waiting.

export type Clock = () => number;

export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the client's window resets (for Retry-After). */
  readonly retryAfterS: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly requests: number,
    private readonly windowMs: number,
    private readonly now: Clock = Date.now,
    /** Clients remembered at most; the oldest windows are dropped first so memory stays bounded. */
    private readonly maxClients = 10_000,
  ) {}

  take(client: string): RateDecision {
    const now = this.now();
    let w = this.windows.get(client);
    if (w === undefined || now - w.start >= this.windowMs) {
      this.windows.delete(client);
      if (this.windows.size >= this.maxClients) this.windows.delete(this.windows.keys().next().value as string);
      w = { start: now, count: 0 };
      this.windows.set(client, w);
    }
    w.count++;
    const retryAfterS = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { allowed: w.count <= this.requests, retryAfterS };
  }
}

/** Who is asking: Cloudflare sets CF-Connecting-IP (clients cannot forge it there); loopback runs share one key. */
export function clientKey(request: Request): string {
  return request.headers.get('cf-connecting-ip') ?? 'local';
}
