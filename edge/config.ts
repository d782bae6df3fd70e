// The edge's settings, read from wrangler vars (strings) once per request: hosts, upstream overrides,
// caps, timeouts and the rate limit. Bad values fail loudly rather than silently widening the proxy.

/** Git hosts the proxy serves without configuration. */
export const DEFAULT_GIT_HOSTS: readonly string[] = ['github.com', 'gitlab.com', 'codeberg.org', 'git.sr.ht', 'bitbucket.org'];

export interface EdgeVars {
  /** Comma-separated extra git hosts (plain DNS names). */
  readonly GIT_EXTRA_HOSTS?: string;
  /** JSON object host → base URL, e.g. {"github.com":"http://127.0.0.1:9000"}; for tests against local fakes. */
  readonly GIT_UPSTREAMS?: string;
  /** Comma-separated origins (besides the edge's own) that get CORS headers. */
  readonly SITE_ORIGINS?: string;
  readonly MAX_REQUEST_BYTES?: string;
  readonly MAX_RESPONSE_BYTES?: string;
  readonly UPSTREAM_TIMEOUT_MS?: string;
  readonly RATE_LIMIT_REQUESTS?: string;
  readonly RATE_LIMIT_WINDOW_MS?: string;
  /** /api/crates upstreams: crates.io's sparse index and static.crates.io unless set (tests: fakes on 127.0.0.1). */
  readonly CRATES_INDEX_URL?: string;
  readonly CRATES_DL_URL?: string;
  /** /api/crates caps per request: crates named, and misses read from crates.io (see edge/crates.ts). */
  readonly CRATES_BATCH_MAX?: string;
  readonly CRATES_MISSES_MAX?: string;
  /** Largest share payload POST /api/share stores, in bytes (edge/share.ts). */
  readonly SHARE_MAX_BYTES?: string;
}

export interface EdgeConfig {
  readonly gitHosts: ReadonlySet<string>;
  readonly upstreams: ReadonlyMap<string, string>;
  readonly siteOrigins: ReadonlySet<string>;
  readonly maxRequestBytes: number;
  readonly maxResponseBytes: number;
  readonly upstreamTimeoutMs: number;
  readonly rateLimit: { readonly requests: number; readonly windowMs: number };
  readonly crates: { readonly indexBase: string; readonly downloadBase: string; readonly batchMax: number; readonly missesMax: number };
  readonly share: { readonly maxBytes: number };
}

const DEFAULTS = {
  maxRequestBytes: 1 << 20,
  maxResponseBytes: 200 << 20,
  upstreamTimeoutMs: 20_000,
  rateLimitRequests: 300,
  rateLimitWindowMs: 60_000,
  cratesBatchMax: 100,
  cratesMissesMax: 20,
  shareMaxBytes: 1 << 20,
} as const;

function httpBase(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value.trim() === '') return fallback;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`wrangler var ${name} must be an http(s) URL`);
  return url.href.replace(/\/+$/, '');
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`wrangler var ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function upstreams(value: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (value === undefined || value.trim() === '') return map;
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('wrangler var GIT_UPSTREAMS must be a JSON object');
  for (const [host, base] of Object.entries(parsed)) {
    if (typeof base !== 'string') throw new Error(`GIT_UPSTREAMS[${host}] must be a URL string`);
    const url = new URL(base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`GIT_UPSTREAMS[${host}] must be http(s)`);
    map.set(host.toLowerCase(), url.href.replace(/\/+$/, ''));
  }
  return map;
}

export function readConfig(vars: EdgeVars): EdgeConfig {
  return {
    gitHosts: new Set([...DEFAULT_GIT_HOSTS, ...list(vars.GIT_EXTRA_HOSTS)]),
    upstreams: upstreams(vars.GIT_UPSTREAMS),
    siteOrigins: new Set(list(vars.SITE_ORIGINS).map((o) => new URL(o).origin)),
    maxRequestBytes: positive('MAX_REQUEST_BYTES', vars.MAX_REQUEST_BYTES, DEFAULTS.maxRequestBytes),
    maxResponseBytes: positive('MAX_RESPONSE_BYTES', vars.MAX_RESPONSE_BYTES, DEFAULTS.maxResponseBytes),
    upstreamTimeoutMs: positive('UPSTREAM_TIMEOUT_MS', vars.UPSTREAM_TIMEOUT_MS, DEFAULTS.upstreamTimeoutMs),
    rateLimit: {
      requests: positive('RATE_LIMIT_REQUESTS', vars.RATE_LIMIT_REQUESTS, DEFAULTS.rateLimitRequests),
      windowMs: positive('RATE_LIMIT_WINDOW_MS', vars.RATE_LIMIT_WINDOW_MS, DEFAULTS.rateLimitWindowMs),
    },
    crates: {
      indexBase: httpBase('CRATES_INDEX_URL', vars.CRATES_INDEX_URL, 'https://index.crates.io'),
      downloadBase: httpBase('CRATES_DL_URL', vars.CRATES_DL_URL, 'https://static.crates.io/crates'),
      batchMax: positive('CRATES_BATCH_MAX', vars.CRATES_BATCH_MAX, DEFAULTS.cratesBatchMax),
      missesMax: positive('CRATES_MISSES_MAX', vars.CRATES_MISSES_MAX, DEFAULTS.cratesMissesMax),
    },
    share: { maxBytes: positive('SHARE_MAX_BYTES', vars.SHARE_MAX_BYTES, DEFAULTS.shareMaxBytes) },
  };
}
