// Routes /api/* requests: health, the git proxy (with CORS, rate limit and host checks in that
// order, so refused requests cost no upstream traffic), and JSON 404s for everything else.
import pkg from '../package.json' with { type: 'json' };
import type { EdgeConfig } from './config.ts';
import { corsHeaders, preflight } from './cors.ts';
import { CRATES_PATH, handleCrates, type CratesBindings } from './crates.ts';
import { EdgeError, errorResponse, jsonResponse } from './errors.ts';
import { proxyGit } from './git-proxy.ts';
import { GIT_PREFIX, parseGitRoute } from './git-route.ts';
import { checkGitHost } from './host-safety.ts';
import { handleShare, SHARE_PATH, type ShareBindings } from './share.ts';
import { clientKey, type RateLimiter } from './rate-limit.ts';

export const VERSION: string = pkg.version;

export async function route(
  request: Request,
  config: EdgeConfig,
  limiter: RateLimiter,
  bindings: CratesBindings & ShareBindings = {},
  /** Work to finish after the answer (`ctx.waitUntil`). */
  background?: (work: Promise<void>) => void,
): Promise<Response> {
  const url = new URL(request.url);
  let cors: Record<string, string> = {};
  try {
    cors = corsHeaders(request, config.siteOrigins);
    if (request.method === 'OPTIONS') return preflight(cors);
    if (url.pathname === '/api/health') {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new EdgeError(405, 'health takes GET', { allow: 'GET' });
      return jsonResponse(200, { ok: true, version: VERSION }, cors);
    }
    if (url.pathname === CRATES_PATH) {
      const decision = limiter.take(clientKey(request));
      if (!decision.allowed) throw new EdgeError(429, 'rate limited; try again later', { 'retry-after': String(decision.retryAfterS) });
      const response = await handleCrates(request, config, bindings, background);
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      return response;
    }
    if (url.pathname === SHARE_PATH || url.pathname.startsWith(`${SHARE_PATH}/`)) {
      const decision = limiter.take(clientKey(request));
      if (!decision.allowed) throw new EdgeError(429, 'rate limited; try again later', { 'retry-after': String(decision.retryAfterS) });
      const response = await handleShare(request, config, bindings);
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      return response;
    }
    if (url.pathname.startsWith(GIT_PREFIX)) {
      const decision = limiter.take(clientKey(request));
      if (!decision.allowed) throw new EdgeError(429, 'rate limited; try again later', { 'retry-after': String(decision.retryAfterS) });
      const gitRoute = parseGitRoute(url.pathname, request.method, url.searchParams);
      const host = checkGitHost(gitRoute.rawHost, config.gitHosts);
      const response = await proxyGit(request, gitRoute, host, config);
      for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
      return response;
    }
    throw new EdgeError(404, `no such endpoint: ${url.pathname}`);
  } catch (e) {
    if (e instanceof EdgeError) return errorResponse(new EdgeError(e.status, e.message, { ...cors, ...e.headers }));
    throw e;
  }
}
