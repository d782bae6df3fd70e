// CORS for the site only: the edge's own origin, origins named in SITE_ORIGINS, and loopback pages
// when the edge itself is served on loopback (local development). A browser page from anywhere else
// is refused outright, so no other site can borrow the proxy. Requests without Origin (git on the
// command line, curl) carry no browser credentials and are served without CORS headers.
import { EdgeError } from './errors.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isAllowedOrigin(origin: string, requestUrl: URL, siteOrigins: ReadonlySet<string>): boolean {
  if (origin === requestUrl.origin || siteOrigins.has(origin)) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return LOOPBACK.has(requestUrl.hostname) && LOOPBACK.has(parsed.hostname) && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}

/** The CORS headers for a request's Origin, or an EdgeError (403) for a foreign one. */
export function corsHeaders(request: Request, siteOrigins: ReadonlySet<string>): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null) return {};
  if (!isAllowedOrigin(origin, new URL(request.url), siteOrigins)) throw new EdgeError(403, `origin not allowed: ${origin}`);
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'content-type, retry-after',
    vary: 'Origin',
  };
}

/** Answers a preflight for an allowed origin (isomorphic-git sends content-type and git-protocol headers). */
export function preflight(cors: Record<string, string>): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, accept, git-protocol, user-agent',
      'access-control-max-age': '600',
    },
  });
}
