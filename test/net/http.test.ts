// The retry/timeout policy against a scripted fetch on a fake clock: which
// failures are retried, the exact deadlines and backoff delays it asks for,
// what the final error says, and that the run's AbortSignal wins over
// everything. No test here waits on real time.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { request, RetryableError, type FetchLike, type HttpPolicy, type RequestSpec } from '../../worker/metadata/net/http.ts';
import { FakeClock } from '../support/fake-clock.ts';
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

/** The policy under test, on `clock` (a FakeClock: nothing here waits on real time). */
function policy(fetch: FetchLike, clock: FakeClock, more: Partial<HttpPolicy> = {}): HttpPolicy {
  return { fetch, clock, timeoutMs: 1000, retries: 3, retryDelayMs: 2, maxRetryDelayMs: 8, random: () => 0, ...more };
}

function spec(more: Partial<RequestSpec<string>> = {}): RequestSpec<string> {
  return {
    url: 'https://index.example.org/se/rd/serde',
    crate: 'serde@1.0.0',
    what: 'the index entry of `serde`',
    notFound: (answer) => new GeneratorError(`crate \`serde\` is not on crates.io (${answer})`, { crate: 'serde@1.0.0' }),
    read: (r) => r.text(),
    ...more,
  };
}

const ok = (text = 'ok') => new Response(text, { status: 200 });
const status = (s: number, headers: Record<string, string> = {}) => new Response('no', { status: s, headers });
const refused = () => new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });

describe('request', () => {
  it('returns what the reader makes of a 2xx, asking only for one deadline', async () => {
    const f = scripted(ok('lines'));
    const clock = new FakeClock();
    expect(await request(policy(f, clock), spec())).toBe('lines');
    expect(f.calls).toBe(1);
    expect(clock.requested).toEqual([1000]);
    expect(clock.pending).toBe(0);
  });

  it('retries 5xx, 429, 408 and network errors, then succeeds', async () => {
    const f = scripted(status(500), status(429), status(408), refused(), ok());
    const clock = new FakeClock();
    const attempts: number[] = [];
    expect(await clock.drive(request(policy(f, clock, { retries: 4, onAttempt: (_u, n) => attempts.push(n) }), spec()))).toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    // A deadline per attempt; half of 2, 4, 8, 8 (capped) between them at the least jitter.
    expect(clock.requested).toEqual([1000, 1, 1000, 2, 1000, 4, 1000, 4, 1000]);
    expect(clock.now()).toBe(11);
    expect(clock.pending).toBe(0);
  });

  it('gives up after `retries` with the status, the attempts and the crate', async () => {
    const f = scripted(status(503));
    const clock = new FakeClock();
    const e = await failure(clock.drive(request(policy(f, clock, { retries: 2 }), spec())));
    expect(f.calls).toBe(3);
    expect(e.message).toBe(
      'index.example.org answered 503 Service Unavailable for the index entry of `serde` (3 attempts): the registry is busy or having trouble; try again in a few minutes',
    );
    expect(e.location.crate).toBe('serde@1.0.0');
    expect(clock.requested).toEqual([1000, 1, 1000, 2, 1000]);
  });

  it('does not retry other 4xx', async () => {
    const f = scripted(status(403));
    const clock = new FakeClock();
    const e = await failure(clock.drive(request(policy(f, clock), spec())));
    expect(f.calls).toBe(1);
    expect(e.message).toBe(
      'index.example.org refused the index entry of `serde` with 403 Forbidden: check the registry URLs in the options, or try again later',
    );
    expect(e.location.crate).toBe('serde@1.0.0');
    expect(clock.requested).toEqual([1000]);
  });

  it('404, 410 and 451 are the caller’s "not found", told who answered what', async () => {
    const reasons: Record<number, string> = { 404: 'Not Found', 410: 'Gone', 451: 'Unavailable For Legal Reasons' };
    for (const s of [404, 410, 451]) {
      const f = scripted(status(s));
      const clock = new FakeClock();
      expect((await failure(clock.drive(request(policy(f, clock), spec())))).message).toBe(
        `crate \`serde\` is not on crates.io (index.example.org answered ${s} ${reasons[s]})`,
      );
      expect(f.calls).toBe(1);
    }
  });

  it('network errors name the host, the cause, the crate and what to do', async () => {
    const clock = new FakeClock();
    const e = await failure(clock.drive(request(policy(scripted(refused()), clock, { retries: 1 }), spec())));
    expect(e.message).toBe(
      'could not reach index.example.org for the index entry of `serde` (2 attempts) (fetch failed: connect ECONNREFUSED 127.0.0.1:9): check your connection (are you offline?) and try again',
    );
    expect(e.location.crate).toBe('serde@1.0.0');
  });

  it('times out a request that never answers, and one whose body stalls, after exactly the deadline', async () => {
    for (const step of ['stall', 'stall-body'] as const) {
      const f = scripted(step);
      const clock = new FakeClock();
      const e = await failure(clock.drive(request(policy(f, clock, { timeoutMs: 50, retries: 1 }), spec())));
      expect(e.message).toBe(
        'fetching the index entry of `serde` from index.example.org timed out after 0.05 s (2 attempts): check your connection and try again',
      );
      expect(e.location.crate).toBe('serde@1.0.0');
      expect(f.calls).toBe(2);
      expect(clock.requested).toEqual([50, 1, 50]);
      expect(clock.now()).toBe(101);
    }
  });

  it('backs off exponentially with jitter, capped', async () => {
    const clock = new FakeClock();
    await failure(clock.drive(request(policy(scripted(status(500)), clock, { retries: 3, retryDelayMs: 40, maxRetryDelayMs: 10_000 }), spec())));
    // Half of 40, 80, 160 at the least jitter.
    expect(clock.requested).toEqual([1000, 20, 1000, 40, 1000, 80, 1000]);

    const mid = new FakeClock();
    const half = () => 0.5;
    await failure(
      mid.drive(request(policy(scripted(status(500)), mid, { retries: 3, retryDelayMs: 40, maxRetryDelayMs: 100, random: half }), spec())),
    );
    // Three quarters of 40, 80, then 100 (the cap).
    expect(mid.requested).toEqual([1000, 30, 1000, 60, 1000, 75, 1000]);

    const capped = new FakeClock();
    const most = () => 0.75;
    await failure(
      capped.drive(request(policy(scripted(status(500)), capped, { retries: 2, retryDelayMs: 10_000, maxRetryDelayMs: 20, random: most }), spec())),
    );
    expect(capped.requested).toEqual([1000, 17.5, 1000, 17.5, 1000]);
  });

  it('honours Retry-After in seconds and as a date, up to the cap', async () => {
    const seconds = new FakeClock();
    const f = scripted(status(429, { 'Retry-After': '0.2' }), ok());
    expect(await seconds.drive(request(policy(f, seconds, { maxRetryDelayMs: 5000 }), spec()))).toBe('ok');
    expect(seconds.requested).toEqual([1000, 200, 1000]);
    expect(seconds.now()).toBe(200);

    const start = Date.UTC(2026, 0, 1, 12, 0, 0);
    const dated = new FakeClock(start);
    const inThree = new Date(start + 3000).toUTCString();
    expect(
      await dated.drive(request(policy(scripted(status(503, { 'Retry-After': inThree }), ok()), dated, { maxRetryDelayMs: 5000 }), spec())),
    ).toBe('ok');
    expect(dated.requested).toEqual([1000, 3000, 1000]);

    const long = new FakeClock();
    await long.drive(request(policy(scripted(status(503, { 'Retry-After': '3600' }), ok()), long, { maxRetryDelayMs: 5000 }), spec()));
    expect(long.requested).toEqual([1000, 5000, 1000]);

    // A Retry-After shorter than the backoff does not shorten it.
    const short = new FakeClock();
    await short.drive(
      request(policy(scripted(status(503, { 'Retry-After': '0' }), ok()), short, { retryDelayMs: 400, maxRetryDelayMs: 5000 }), spec()),
    );
    expect(short.requested).toEqual([1000, 200, 1000]);
  });

  it('retries what a reader marks retryable; passes GeneratorErrors and bugs through untouched', async () => {
    const clock = new FakeClock();
    let reads = 0;
    const flaky = spec({
      read: async (r) => {
        if (++reads === 1) throw new RetryableError('cut short');
        return r.text();
      },
    });
    expect(await clock.drive(request(policy(scripted(ok()), clock), flaky))).toBe('ok');
    expect(reads).toBe(2);

    const f = scripted(ok());
    const bad = new GeneratorError('bad data', { crate: 'serde@1.0.0' });
    await expect(clock.drive(request(policy(f, clock), spec({ read: () => Promise.reject(bad) })))).rejects.toBe(bad);
    expect(f.calls).toBe(1);

    const bug = new RangeError('a bug');
    await expect(clock.drive(request(policy(f, clock), spec({ read: () => Promise.reject(bug) })))).rejects.toBe(bug);
    expect(f.calls).toBe(2);
  });

  it('the run’s signal stops at once, even mid-backoff, with its own reason and no timer left', async () => {
    const run = new AbortController();
    const f = scripted(status(500));
    const clock = new FakeClock();
    const p = request(policy(f, clock, { signal: run.signal, retries: 5, retryDelayMs: 10_000, maxRetryDelayMs: 10_000 }), spec());
    // The first attempt's deadline, then the backoff after its 500.
    await clock.timersRequested(2);
    expect(clock.requested).toEqual([1000, 5000]);
    run.abort(new DOMException('stopped by the user', 'AbortError'));
    await expect(p).rejects.toMatchObject({ name: 'AbortError', message: 'stopped by the user' });
    expect(clock.now()).toBe(0);
    expect(clock.pending).toBe(0);
    expect(f.calls).toBe(1);

    const g = scripted(ok());
    await expect(request(policy(g, clock, { signal: AbortSignal.abort() }), spec())).rejects.toMatchObject({ name: 'AbortError' });
    expect(g.calls).toBe(0);
  });

  it('the run’s signal stops a request in flight, not as a timeout or a network error', async () => {
    const run = new AbortController();
    const f = scripted('stall');
    const clock = new FakeClock();
    const p = request(policy(f, clock, { signal: run.signal }), spec());
    await clock.timersRequested(1);
    run.abort();
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).not.toBeInstanceOf(GeneratorError);
    expect(e).toBe(run.signal.reason);
    expect(f.calls).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('a per-request signal aborts a stalled request the same way', async () => {
    const sibling = new AbortController();
    const clock = new FakeClock();
    const p = request(policy(scripted('stall'), clock), spec({ signal: sibling.signal }));
    sibling.abort(new Error('sibling failed'));
    await expect(p).rejects.toThrow('sibling failed');
    expect(clock.pending).toBe(0);
  });
});
