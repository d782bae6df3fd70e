// The retry/timeout policy against a scripted fetch: which failures are
// retried, how long it waits, what the final error says, and that the run's
// AbortSignal wins over everything.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { request, RetryableError, type FetchLike, type HttpPolicy, type RequestSpec } from '../../worker/metadata/net/http.ts';
import { failure } from '../support/failure.ts';

type Step = Response | Error | 'stall' | 'stall-body';

/** A fetch that plays `steps` in order (the last one repeats) and counts calls. */
function scripted(...steps: Step[]): FetchLike & { calls: number } {
  const f = (async (_url: string, init: RequestInit) => {
    const step = steps[Math.min(f.calls, steps.length - 1)]!;
    f.calls++;
    const signal = init.signal!;
    if (step instanceof Error) throw step;
    if (step === 'stall') {
      // Like the real fetch: nothing happens until the signal aborts it.
      return new Promise<Response>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    if (step === 'stall-body') {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('partial'));
          signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(body, { status: 200 });
    }
    return step.clone();
  }) as FetchLike & { calls: number };
  f.calls = 0;
  return f;
}

function policy(fetch: FetchLike, more: Partial<HttpPolicy> = {}): HttpPolicy {
  return { fetch, timeoutMs: 1000, retries: 3, retryDelayMs: 1, maxRetryDelayMs: 5, random: () => 0, ...more };
}

function spec(more: Partial<RequestSpec<string>> = {}): RequestSpec<string> {
  return {
    url: 'https://index.example.org/se/rd/serde',
    crate: 'serde@1.0.0',
    what: 'the index entry of `serde`',
    notFound: () => new GeneratorError('crate `serde` is not on crates.io', { crate: 'serde@1.0.0' }),
    read: (r) => r.text(),
    ...more,
  };
}

const ok = (text = 'ok') => new Response(text, { status: 200 });
const status = (s: number, headers: Record<string, string> = {}) => new Response('no', { status: s, headers });
const refused = () => new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });

describe('request', () => {
  it('returns what the reader makes of a 2xx', async () => {
    const f = scripted(ok('lines'));
    expect(await request(policy(f), spec())).toBe('lines');
    expect(f.calls).toBe(1);
  });

  it('retries 5xx, 429, 408 and network errors, then succeeds', async () => {
    const f = scripted(status(500), status(429), status(408), refused(), ok());
    const attempts: number[] = [];
    expect(await request(policy(f, { retries: 4, onAttempt: (_u, n) => attempts.push(n) }), spec())).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives up after `retries` with the status, the attempts and the crate', async () => {
    const f = scripted(status(503));
    const e = await failure(request(policy(f, { retries: 2 }), spec()));
    expect(f.calls).toBe(3);
    expect(e.message).toBe(
      'index.example.org answered 503 Service Unavailable for the index entry of `serde` (3 attempts): the registry is busy or having trouble; try again in a few minutes',
    );
    expect(e.location.crate).toBe('serde@1.0.0');
  });

  it('does not retry other 4xx', async () => {
    const f = scripted(status(403));
    const e = await failure(request(policy(f), spec()));
    expect(f.calls).toBe(1);
    expect(e.message).toMatch(/refused the index entry of `serde` with 403 Forbidden: check the registry URLs/);
  });

  it('404, 410 and 451 are the caller’s "not found"', async () => {
    for (const s of [404, 410, 451]) {
      const f = scripted(status(s));
      expect((await failure(request(policy(f), spec()))).message).toBe('crate `serde` is not on crates.io');
      expect(f.calls).toBe(1);
    }
  });

  it('network errors name the host, the cause and what to do', async () => {
    const e = await failure(request(policy(scripted(refused()), { retries: 1 }), spec()));
    expect(e.message).toBe(
      'could not reach index.example.org for the index entry of `serde` (2 attempts) (fetch failed: connect ECONNREFUSED 127.0.0.1:9): check your connection (are you offline?) and try again',
    );
  });

  it('times out a request that never answers, and one whose body stalls', async () => {
    for (const step of ['stall', 'stall-body'] as const) {
      const f = scripted(step);
      const started = Date.now();
      const e = await failure(request(policy(f, { timeoutMs: 50, retries: 1 }), spec()));
      expect(e.message).toBe(
        'fetching the index entry of `serde` from index.example.org timed out after 0.05 s (2 attempts): check your connection and try again',
      );
      expect(f.calls).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    }
  });

  it('backs off exponentially with jitter, capped', async () => {
    const f = scripted(status(500));
    let started = Date.now();
    await failure(request(policy(f, { retries: 3, retryDelayMs: 40, maxRetryDelayMs: 10_000, random: () => 0 }), spec()));
    // Half of 40, 80, 160 at the least jitter.
    expect(Date.now() - started).toBeGreaterThanOrEqual(135);

    started = Date.now();
    await failure(request(policy(scripted(status(500)), { retries: 3, retryDelayMs: 10_000, maxRetryDelayMs: 20, random: () => 0.999 }), spec()));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('honours Retry-After (up to the cap)', async () => {
    const f = scripted(status(429, { 'Retry-After': '0.2' }), ok());
    const started = Date.now();
    expect(await request(policy(f, { maxRetryDelayMs: 5000 }), spec())).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('retries what a reader marks retryable; passes GeneratorErrors and bugs through untouched', async () => {
    let reads = 0;
    const flaky = spec({
      read: async (r) => {
        if (++reads === 1) throw new RetryableError('cut short');
        return r.text();
      },
    });
    expect(await request(policy(scripted(ok())), flaky)).toBe('ok');
    expect(reads).toBe(2);

    const f = scripted(ok());
    const bad = new GeneratorError('bad data', { crate: 'serde@1.0.0' });
    await expect(request(policy(f), spec({ read: () => Promise.reject(bad) }))).rejects.toBe(bad);
    expect(f.calls).toBe(1);

    const bug = new RangeError('a bug');
    await expect(request(policy(f), spec({ read: () => Promise.reject(bug) }))).rejects.toBe(bug);
    expect(f.calls).toBe(2);
  });

  it('the run’s signal stops at once, even mid-backoff, with its own reason', async () => {
    const run = new AbortController();
    const f = scripted(status(500));
    const started = Date.now();
    const p = request(policy(f, { signal: run.signal, retries: 5, retryDelayMs: 10_000, maxRetryDelayMs: 10_000 }), spec());
    setTimeout(() => run.abort(new DOMException('stopped by the user', 'AbortError')), 30);
    await expect(p).rejects.toMatchObject({ name: 'AbortError', message: 'stopped by the user' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(f.calls).toBe(1);

    const g = scripted(ok());
    await expect(request(policy(g, { signal: AbortSignal.abort() }), spec())).rejects.toMatchObject({ name: 'AbortError' });
    expect(g.calls).toBe(0);
  });

  it('a per-request signal aborts a stalled request the same way', async () => {
    const sibling = new AbortController();
    const p = request(policy(scripted('stall')), spec({ signal: sibling.signal }));
    sibling.abort(new Error('sibling failed'));
    await expect(p).rejects.toThrow('sibling failed');
  });
});
