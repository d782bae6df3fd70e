// isomorphic-git's HttpClient over our FetchLike, so git requests share the
// run's fetch (injectable in tests), its abort signal and a per-request
// timeout; isomorphic-git's own `http/web` client has no signal. Bodies are
// streamed in; the request body (one small upload-pack request) is sent whole.
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import type { FetchLike } from '../net/http.ts';

export interface GitHttpOptions {
  readonly fetch?: FetchLike;
  readonly signal?: AbortSignal;
  /** Counts every request sent (tests and stats). */
  readonly onRequest?: (url: string) => void;
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

async function* chunks(response: Response): AsyncIterableIterator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function gitHttpClient(options: GitHttpOptions = {}): HttpClient {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      options.signal?.throwIfAborted();
      options.onRequest?.(req.url);
      const body = await collect(req.body);
      // method/headers/body are beyond the core's RequestInit (worker/web-globals.d.ts declares only what
      // the registry client needs); both fetches we run on take them.
      const init = {
        method: req.method ?? 'GET',
        headers: req.headers ?? {},
        ...(body ? { body } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const response = await fetchImpl(req.url, init);
      // isomorphic-git reads only the content type (smart vs dumb HTTP).
      const headers: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? '' };
      return {
        url: req.url,
        method: req.method ?? 'GET',
        headers,
        body: chunks(response),
        statusCode: response.status,
        statusMessage: response.statusText,
      };
    },
  };
}
