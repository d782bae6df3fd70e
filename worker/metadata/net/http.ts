// Fetching with the manners a public registry expects and the failures a user
// can act on: a deadline per attempt, a few retries with exponential backoff
// and jitter for what is likely transient (network errors, timeouts, 408, 429,
// 5xx), none for other 4xx, and every final failure a GeneratorError naming
// the crate. Cancelling the run (its AbortSignal) stops at once and rethrows
// the signal's reason, as generate.ts does, so callers tell "stopped" from
// "failed".
import { GeneratorError } from '../../core/errors.ts';
import { SYSTEM_CLOCK, type Clock } from './clock.ts';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpPolicy {
  readonly fetch: FetchLike;
  /** Deadline for one attempt, from sending the request to the end of reading what we need of the body. */
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  /** First backoff; doubles per retry up to `maxRetryDelayMs`. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly signal?: AbortSignal;
  /** In [0, 1); injectable so tests can pin the jitter. */
  readonly random?: () => number;
  /** Deadlines, backoff and Retry-After dates; default the system clock. */
  readonly clock?: Clock;
  /** Called once per attempt that reaches the network. */
  readonly onAttempt?: (url: string, attempt: number) => void;
}

export const DEFAULT_HTTP_POLICY = {
  timeoutMs: 20_000,
  retries: 3,
  retryDelayMs: 500,
  maxRetryDelayMs: 8_000,
} as const;

/** Thrown by a response reader when what it read looks cut off in transit: the request is worth repeating. */
export class RetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

export interface RequestSpec<T> {
  readonly url: string;
  /** `name@version` or `name`: goes into the error's location. */
  readonly crate: string;
  /** What is being fetched, for messages: e.g. "the index entry of `serde`". */
  readonly what: string;
  /**
   * The error for 404, 410 and 451, the statuses cargo also reads as "not there"; `answer` says who
   * said so, e.g. "index.crates.io answered 404 Not Found".
   */
  readonly notFound: (answer: string) => GeneratorError;
  /** Reads the body of a 2xx response; runs inside the attempt's deadline, so a stalled body times out too. */
  readonly read: (response: Response, signal: AbortSignal) => Promise<T>;
  /** Aborts just this request (e.g. a sibling request already failed); treated like the run's signal. */
  readonly signal?: AbortSignal;
  /**
   * The message when the host could not be reached at all (`detail`: the cause and attempts), for
   * hosts where that more likely means something else: a browser reports a host without CORS
   * headers as a plain network error.
   */
  readonly unreachable?: (detail: string) => string;
}

const NOT_FOUND = new Set([404, 410, 451]);

// HTTP/2 responses (crates.io's CDN, in browsers) carry no reason phrase; these keep messages readable.
const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  410: 'Gone',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The host (and port) a URL names, for messages; the URL itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function describeCause(e: unknown): string {
  if (e instanceof Error) {
    // undici hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`.
    const cause = (e as Error & { cause?: unknown }).cause;
    const inner = cause instanceof Error && cause.message ? `: ${cause.message}` : '';
    return `${e.message}${inner}`;
  }
  return String(e);
}

function aborted(signals: readonly (AbortSignal | undefined)[]): AbortSignal | undefined {
  return signals.find((s) => s?.aborted);
}

// One listener per signal, fanned out to the requests waiting on it: a run's signal is shared by
// every request in flight, and Node warns about more than ten listeners on one signal.
const waiting = new WeakMap<AbortSignal, Set<(reason: unknown) => void>>();

/** Call `fn` with the reason when any of `signals` aborts; returns the way to stop listening. */
function onAbort(signals: readonly (AbortSignal | undefined)[], fn: (reason: unknown) => void): () => void {
  const sets: Set<(reason: unknown) => void>[] = [];
  for (const signal of signals) {
    if (!signal) continue;
    let set = waiting.get(signal);
    if (!set) {
      const fresh = new Set<(reason: unknown) => void>();
      waiting.set(signal, fresh);
      const fanOut = () => {
        for (const f of [...fresh]) f(signal.reason);
        fresh.clear();
      };
      signal.addEventListener('abort', fanOut, { once: true });
      set = fresh;
    }
    set.add(fn);
    sets.push(set);
  }
  return () => {
    for (const set of sets) set.delete(fn);
  };
}

/** Resolve after `ms`, or reject with the reason of whichever signal aborts first. */
function sleep(clock: Clock, ms: number, signals: readonly (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const already = aborted(signals);
    if (already) {
      reject(already.reason);
      return;
    }
    const stop = onAbort(signals, (reason) => {
      stop();
      cancelTimer();
      reject(reason);
    });
    const cancelTimer = clock.setTimer(() => {
      stop();
      resolve();
    }, ms);
  });
}

function retryAfterMs(response: Response, now: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// Wrappers that keep apart, inside one try block, where an error came from.
class FetchFailed {
  constructor(readonly cause: unknown) {}
}
class ReadFailed {
  constructor(readonly cause: unknown) {}
}

type Failure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network'; readonly cause: unknown }
  | { readonly kind: 'status'; readonly status: number; readonly statusText: string }
  | { readonly kind: 'broken'; readonly cause: unknown };

function statusLine(failure: { readonly status: number; readonly statusText: string }): string {
  return `${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`;
}

function finalError(spec: RequestSpec<unknown>, policy: HttpPolicy, failure: Failure, attempts: number): GeneratorError {
  const host = hostOf(spec.url);
  const tries = attempts === 1 ? '' : ` (${attempts} attempts)`;
  const location = { crate: spec.crate };
  switch (failure.kind) {
    case 'timeout':
      return new GeneratorError(
        `fetching ${spec.what} from ${host} timed out after ${policy.timeoutMs / 1000} s${tries}: check your connection and try again`,
        location,
      );
    case 'network':
      if (spec.unreachable)
        return new GeneratorError(spec.unreachable(`${describeCause(failure.cause)}${attempts === 1 ? '' : `; ${attempts} attempts`}`), location);
      return new GeneratorError(
        `could not reach ${host} for ${spec.what}${tries} (${describeCause(failure.cause)}): check your connection (are you offline?) and try again`,
        location,
      );
    case 'broken':
      return new GeneratorError(
        `the download of ${spec.what} from ${host} broke off${tries} (${describeCause(failure.cause)}): check your connection and try again`,
        location,
      );
    case 'status': {
      const status = statusLine(failure);
      if (retryableStatus(failure.status)) {
        return new GeneratorError(
          `${host} answered ${status} for ${spec.what}${tries}: the registry is busy or having trouble; try again in a few minutes`,
          location,
        );
      }
      return new GeneratorError(`${host} refused ${spec.what} with ${status}: check the registry URLs in the options, or try again later`, location);
    }
  }
}

/** Fetch `spec.url` and read it with `spec.read`, retrying transient failures per `policy`. */
export async function request<T>(policy: HttpPolicy, spec: RequestSpec<T>): Promise<T> {
  const stops = [policy.signal, spec.signal];
  const random = policy.random ?? Math.random;
  const clock = policy.clock ?? SYSTEM_CLOCK;
  let attempt = 0;
  for (;;) {
    attempt++;
    const stopped = aborted(stops);
    if (stopped) throw stopped.reason;

    const controller = new AbortController();
    let timedOut = false;
    const cancelDeadline = clock.setTimer(() => {
      timedOut = true;
      controller.abort(new DOMException('request timed out', 'TimeoutError'));
    }, policy.timeoutMs);
    const unlink = onAbort(stops, (reason) => controller.abort(reason));

    let failure: Failure;
    let waitAtLeast = 0;
    try {
      policy.onAttempt?.(spec.url, attempt);
      let response: Response;
      try {
        // No custom headers: anything beyond a simple GET would cost a CORS preflight per request. (A variable,
        // not a literal: the edge reuses this module, and workerd's RequestInit has no `credentials`.)
        const init = { signal: controller.signal, redirect: 'follow' as const, credentials: 'omit' as const };
        response = await policy.fetch(spec.url, init);
      } catch (e) {
        throw new FetchFailed(e);
      }
      if (response.ok) {
        try {
          return await spec.read(response, controller.signal);
        } catch (e) {
          if (e instanceof GeneratorError && !timedOut) throw e;
          throw new ReadFailed(e);
        }
      }
      // Let the connection go; the error body is of no use to us.
      response.body?.cancel().catch(() => {});
      failure = { kind: 'status', status: response.status, statusText: response.statusText || (REASONS[response.status] ?? '') };
      if (NOT_FOUND.has(response.status)) throw spec.notFound(`${hostOf(spec.url)} answered ${statusLine(failure)}`);
      if (!retryableStatus(response.status)) throw finalError(spec, policy, failure, attempt);
      waitAtLeast = retryAfterMs(response, clock.now()) ?? 0;
    } catch (e) {
      const stop = aborted(stops);
      if (stop) throw stop.reason;
      if (e instanceof GeneratorError) throw e;
      if (timedOut) failure = { kind: 'timeout' };
      else if (e instanceof FetchFailed) failure = { kind: 'network', cause: e.cause };
      else if (e instanceof ReadFailed) {
        const cause = e.cause;
        // Only a reader that says so, or an error from the stream itself (not our own bug), is worth another try.
        if (!(cause instanceof RetryableError || cause instanceof TypeError || (cause instanceof DOMException && cause.name !== 'AbortError')))
          throw cause;
        failure = { kind: 'broken', cause };
      } else throw e;
    } finally {
      cancelDeadline();
      unlink();
      // Ends whatever of the response is still streaming (we may have stopped reading early on purpose).
      controller.abort();
    }

    if (attempt > policy.retries) throw finalError(spec, policy, failure, attempt);
    const backoff = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": never less than half the backoff, so retries still spread out under load.
    const delay = Math.max(Math.min(waitAtLeast, policy.maxRetryDelayMs), backoff / 2 + random() * (backoff / 2));
    await sleep(clock, delay, stops);
  }
}
