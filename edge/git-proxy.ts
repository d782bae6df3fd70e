// Forwards one checked git request upstream and streams the answer back: request and response bodies
// pass through byte caps, the upstream gets a deadline for its response headers, and redirects are
// followed only within the same upstream origin (a host cannot bounce the proxy elsewhere).
import { byteCap, declaredLength, TooLarge } from './byte-cap.ts';
import type { EdgeConfig } from './config.ts';
import { EdgeError } from './errors.ts';
import type { GitRoute } from './git-route.ts';

const MAX_REDIRECTS = 3;
/** Request headers a git client needs upstream; everything else (cookies, auth, client addresses) stays here. */
const FORWARDED_REQUEST = ['content-type', 'accept', 'git-protocol', 'content-encoding'];
const FORWARDED_RESPONSE = ['content-type', 'cache-control', 'expires', 'pragma'];
/** GitHub and others only speak smart HTTP to clients that look like git. */
const USER_AGENT = 'git/2.0 (cargo2nix-playground edge)';

export function upstreamUrl(config: EdgeConfig, host: string, route: GitRoute): URL {
  const base = config.upstreams.get(host) ?? `https://${host}`;
  const suffix = route.kind === 'info-refs' ? '/info/refs?service=git-upload-pack' : '/git-upload-pack';
  return new URL(`${base}/${route.repoPath}${suffix}`);
}

function requestHeaders(request: Request): Headers {
  const headers = new Headers({ 'user-agent': USER_AGENT });
  for (const name of FORWARDED_REQUEST) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** fetch with a deadline on the response headers; the body then streams at the client's pace. */
async function fetchWithDeadline(url: URL, init: RequestInit, timeoutMs: number, abort: AbortController): Promise<Response> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    return await fetch(url, { ...init, signal: abort.signal, redirect: 'manual' });
  } catch (e) {
    if (timedOut) throw new EdgeError(504, `upstream ${url.host} did not answer within ${timeoutMs} ms`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

export async function proxyGit(request: Request, route: GitRoute, host: string, config: EdgeConfig): Promise<Response> {
  let url = upstreamUrl(config, host, route);
  const origin = url.origin;
  let body: ReadableStream<Uint8Array> | null = null;
  let requestOverflow = false;
  // One controller per upstream exchange: the deadline and an oversized request body both cancel it.
  let abort = new AbortController();
  if (route.kind === 'upload-pack') {
    const length = declaredLength(request.headers);
    if (length !== undefined && length > config.maxRequestBytes) throw new EdgeError(413, `request body over ${config.maxRequestBytes} bytes`);
    // Abort rather than only erroring the stream: workerd may end an errored request body as if it
    // were complete, and the host must never act on a truncated request.
    const onOverflow = () => {
      requestOverflow = true;
      abort.abort();
    };
    body = request.body?.pipeThrough(byteCap(config.maxRequestBytes, onOverflow)) ?? null;
  }
  const init: RequestInit = { method: route.kind === 'info-refs' ? 'GET' : 'POST', headers: requestHeaders(request), body };

  let upstream: Response;
  for (let hop = 0; ; hop++) {
    try {
      upstream = await fetchWithDeadline(url, init, config.upstreamTimeoutMs, abort);
    } catch (e) {
      if (requestOverflow) throw new EdgeError(413, `request body over ${config.maxRequestBytes} bytes`);
      if (e instanceof EdgeError) throw e;
      if (e instanceof TooLarge) throw new EdgeError(413, `request body over ${config.maxRequestBytes} bytes`);
      throw new EdgeError(502, `upstream ${url.host} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (upstream.status < 300 || upstream.status >= 400 || upstream.status === 304) break;
    const location = upstream.headers.get('location');
    await upstream.body?.cancel();
    if (location === null) throw new EdgeError(502, `upstream ${url.host} answered ${upstream.status} without a location`);
    const next = new URL(location, url);
    if (next.origin !== origin) throw new EdgeError(502, `upstream redirected to another host (${next.host}); not followed`);
    // A streamed request body cannot be replayed, so only GETs follow redirects.
    if (init.method !== 'GET' || hop + 1 >= MAX_REDIRECTS) throw new EdgeError(502, `upstream ${url.host} redirected too often or on POST`);
    url = next;
    abort = new AbortController();
  }

  const length = declaredLength(upstream.headers);
  if (length !== undefined && length > config.maxResponseBytes) {
    await upstream.body?.cancel();
    throw new EdgeError(413, `upstream response over ${config.maxResponseBytes} bytes`);
  }
  const headers = new Headers();
  for (const name of FORWARDED_RESPONSE) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (upstream.status >= 500) throw new EdgeError(502, `upstream ${url.host} answered ${upstream.status}`);
  const out = upstream.body?.pipeThrough(byteCap(config.maxResponseBytes)) ?? null;
  return new Response(out, { status: upstream.status, headers });
}
