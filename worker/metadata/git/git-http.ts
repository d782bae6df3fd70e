// isomorphic-git's HttpClient over our FetchLike, so git requests share the
// run's fetch (injectable in tests) and abort signal, and never hang or
// swallow memory: each request is called off when no byte arrives for
// `idleTimeoutMs` (on an injectable clock), and a client stops once it has
// read `maxBytes` in all. isomorphic-git's own `http/web` client has neither.
// The request body (one small upload-pack request) is sent whole.
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import { SYSTEM_CLOCK, type Clock } from '../net/clock.ts';
import type { FetchLike } from '../net/http.ts';

export interface GitHttpOptions {
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
  /** Counts every request sent (tests and stats). */
  readonly onRequest?: (url: string) => void;
  /** Longest wait for the response or its next chunk; default 30 s. */
  readonly idleTimeoutMs?: number;
  /** Most bytes this client reads over all its requests; default 512 MiB. */
  readonly maxBytes?: number;
  readonly clock?: Clock;
}

export const DEFAULT_GIT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_GIT_MAX_BYTES = 512 << 20;

/** A request that was called off: no answer in time, or too much of one. Never worth another way of asking. */
export class GitTransferError extends Error {
  override readonly name = 'GitTransferError';
}

async function collect(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (!body) return undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body) {
    parts.push(part);
    size += part.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export function gitHttpClient(options: GitHttpOptions = {}): HttpClient {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const clock = options.clock ?? SYSTEM_CLOCK;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_GIT_IDLE_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_GIT_MAX_BYTES;
  let received = 0;

  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      options.signal?.throwIfAborted();
      options.onRequest?.(req.url);
      const body = await collect(req.body);

      const controller = new AbortController();
      let failure: GitTransferError | undefined;
      const stop = (error: GitTransferError) => {
        failure ??= error;
        controller.abort(error);
      };
      const onRunAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', onRunAbort, { once: true });
      let cancelTimer = () => {};
      const arm = () => {
        cancelTimer();
        cancelTimer = clock.setTimer(() => stop(new GitTransferError(`no answer from ${req.url} for ${idleMs / 1000} s`)), idleMs);
      };
      const finish = () => {
        cancelTimer();
        options.signal?.removeEventListener('abort', onRunAbort);
      };
      const rethrow = (e: unknown): never => {
        finish();
        throw failure ?? e;
      };

      // method/headers/body are beyond the core's RequestInit (worker/web-globals.d.ts declares only what
      // the registry client needs); both fetches we run on take them.
      const init = { method: req.method ?? 'GET', headers: req.headers ?? {}, ...(body ? { body } : {}), signal: controller.signal };
      arm();
      const response = await fetchImpl(req.url, init).catch(rethrow);
      // Timed only while a read is waiting: a body isomorphic-git never reads (an error status) must not
      // leave a timer that keeps Node alive.
      cancelTimer();

      async function* chunks(): AsyncIterableIterator<Uint8Array> {
        if (!response.body) return finish();
        const reader = response.body.getReader();
        try {
          for (;;) {
            arm();
            const { done, value } = await reader.read().catch(rethrow);
            cancelTimer();
            if (done) return;
            received += value.byteLength;
            if (received > maxBytes) {
              stop(new GitTransferError(`the repository is larger than ${Math.round(maxBytes / (1 << 20))} MiB, more than this fetch may read`));
              rethrow(failure);
            }
            yield value;
          }
        } finally {
          finish();
          reader.releaseLock();
        }
      }

      return {
        url: req.url,
        method: req.method ?? 'GET',
        // isomorphic-git reads only the content type (smart vs dumb HTTP).
        headers: { 'content-type': response.headers.get('content-type') ?? '' },
        body: chunks(),
        statusCode: response.status,
        statusMessage: response.statusText,
      };
    },
  };
}
