// POST /api/crates: the edge as a shared cache of crate facts. A visitor's worker sends the lock's
// crates.io packages as `name@version`; each gets back its index line and the facts only its own
// Cargo.toml has (lib name, proc-macro), read once from crates.io by the worker's own modules (the
// sparse index line; the `.crate` streamed only until its Cargo.toml) and then kept for good: a
// published version never changes (a yank flips `yanked`, which nothing here reads).
//
// Upstreams are fixed: crates.io's sparse index and static.crates.io, or the bases the
// CRATES_INDEX_URL / CRATES_DL_URL vars name (tests: fakes on 127.0.0.1). The caller chooses only a
// validated crate name and version, never a host or a path, so this is no proxy.
//
// Storage: the isolate's own memory (bounded; an isolate serves many requests), then the Cache API
// (this data centre, free), then Workers KV (global). A failing store costs a fetch, never an answer.
//
// Platform limits per invocation, and what each batch is held to (see CratesLimits):
// - Subrequests: 50 on Workers Free, 10,000 on Paid; every upstream attempt is one. A miss costs
//   one `.crate` request plus its crate's index file (shared by the batch's versions of that name),
//   and no retries here (the client falls back to crates.io itself), so CRATES_MISSES_MAX (20)
//   misses stay under 50 even if every store call counted too.
// - Simultaneous outgoing connections: 6; upstream fetches run at most 6 at a time.
// - CPU time: 10 ms on Free, 30 s by default on Paid. A hit is one small JSON parse; a miss inflates
//   a few kilobytes and parses one TOML file and one index line (the index file is searched for the
//   version's line, not parsed whole). Misses beyond CRATES_MISSES_MAX are answered `deferred`, and
//   the client asks for them again in a later request, which gets a fresh budget. Time spent waiting
//   on upstreams is not CPU time, but on Free 20 misses' inflating and parsing may not fit in 10 ms:
//   lower CRATES_MISSES_MAX there (the client sizes its follow-ups by the `missesMax` answered).
// - KV: 1,000 operations per invocation; a batch of at most CRATES_BATCH_MAX (100) crates makes at
//   most two per crate (a read, a write after a miss).
// - Request body: capped at 64 KiB here (100 names and versions need a few).
import { GeneratorError } from '../worker/core/errors.ts';
import { isCachedCrate } from '../worker/metadata/net/cache.ts';
import { crateUrl, fetchCrateFacts } from '../worker/metadata/net/crate-manifest.ts';
import { request, type HttpPolicy } from '../worker/metadata/net/http.ts';
import { indexEntryFor, indexPath } from '../worker/metadata/index-path.ts';
import type { CrateFacts, IndexEntry, RegistryCrate } from '../worker/metadata/source.ts';
import { CRATES_IO } from '../worker/core/source-id.ts';
import { packageId } from '../worker/core/package-id.ts';
import type { EdgeConfig } from './config.ts';
import { EdgeError, jsonResponse } from './errors.ts';

export const CRATES_PATH = '/api/crates';
/** Bumped when the stored shape changes, so old entries are simply not found. */
const STORE_VERSION = 'v1';
const MAX_BODY_BYTES = 64 << 10;
/** Workers allow six simultaneous outgoing connections per invocation. */
const UPSTREAM_CONCURRENCY = 6;

/** crates.io's rule for names (ASCII letters, digits, `-`, `_`; at most 64), checked before any name reaches a URL. */
const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** A SemVer version with optional pre-release and build metadata, as Cargo.lock writes it. */
const VERSION = /^(0|[1-9]\d{0,9})\.(0|[1-9]\d{0,9})\.(0|[1-9]\d{0,9})(-[0-9A-Za-z.-]{1,64})?(\+[0-9A-Za-z.-]{1,64})?$/;

export interface CratesLimits {
  /** Crates one request may name. */
  readonly batchMax: number;
  /** Upstream misses one request may fetch; the rest are answered `deferred`. */
  readonly missesMax: number;
}

export interface CrateRef {
  readonly name: string;
  readonly version: string;
  /** `name@version`, as the client wrote it. */
  readonly key: string;
}

export type CrateAnswer =
  | { readonly crate: string; readonly entry: IndexEntry; readonly facts: CrateFacts }
  | {
      readonly crate: string;
      /** `not-found`: no such crate or version upstream; `upstream`: crates.io failed; `deferred`: over this request's budget, ask again. */
      readonly kind: 'not-found' | 'upstream' | 'deferred';
      readonly error: string;
    };

/** Where crate facts are kept between requests (Cache API, KV, or nothing). */
export interface FactsStore {
  get(ref: CrateRef): Promise<RegistryCrate | undefined>;
  put(ref: CrateRef, value: RegistryCrate): Promise<void>;
}

/** The request body `{"crates":["name@version",…]}`, checked; duplicates are answered once. */
export function parseCratesBody(text: string, limits: CratesLimits): CrateRef[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new EdgeError(400, 'the body is not JSON: send {"crates":["name@version",…]}');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('crates' in doc)) {
    throw new EdgeError(400, 'the body has no "crates" list: send {"crates":["name@version",…]}');
  }
  const list = (doc as { crates: unknown }).crates;
  if (!Array.isArray(list)) throw new EdgeError(400, '"crates" is not a list of "name@version" strings');
  if (list.length === 0) throw new EdgeError(400, '"crates" is empty');
  if (list.length > limits.batchMax) throw new EdgeError(413, `"crates" names ${list.length} crates; at most ${limits.batchMax} per request`);
  const seen = new Map<string, CrateRef>();
  list.forEach((item, i) => {
    if (typeof item !== 'string') throw new EdgeError(400, `"crates"[${i}] is not a string`);
    const at = item.lastIndexOf('@');
    const name = item.slice(0, at);
    const version = item.slice(at + 1);
    if (at < 0 || !CRATE_NAME.test(name))
      throw new EdgeError(400, `"crates"[${i}] (${JSON.stringify(item.slice(0, 80))}): not name@version with a valid crate name`);
    if (!VERSION.test(version))
      throw new EdgeError(400, `"crates"[${i}] (${JSON.stringify(item.slice(0, 80))}): ${JSON.stringify(version.slice(0, 80))} is not a version`);
    if (!seen.has(item)) seen.set(item, { name, version, key: item });
  });
  return [...seen.values()];
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A semaphore for the upstream connections one invocation may hold. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

export class UpstreamNotFound extends GeneratorError {}

export interface Upstream {
  readonly indexBase: string;
  readonly downloadBase: string;
  readonly timeoutMs: number;
  /** Default: the global fetch. */
  readonly fetch?: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
}

/** Reads the misses from upstream: one index file per name (shared by its versions), one `.crate` per version. */
export function upstreamReader(upstream: Upstream): (ref: CrateRef) => Promise<RegistryCrate> {
  const fetchImpl = upstream.fetch ?? ((url, init) => fetch(url, init));
  const slot = limiter(UPSTREAM_CONCURRENCY);
  const policy: HttpPolicy = {
    // workerd refuses RequestInit fields it does not implement (credentials): pass only what it reads.
    fetch: (url, init) => slot(() => fetchImpl(url, { signal: init.signal as AbortSignal })),
    timeoutMs: upstream.timeoutMs,
    // Each attempt is a subrequest; the client retries through crates.io itself.
    retries: 0,
    retryDelayMs: 0,
    maxRetryDelayMs: 0,
  };
  const indexBase = upstream.indexBase.replace(/\/+$/, '');
  const files = new Map<string, Promise<string>>();
  const indexFile = (name: string): Promise<string> => {
    const key = name.toLowerCase();
    let file = files.get(key);
    if (!file) {
      file = request(policy, {
        url: `${indexBase}/${indexPath(name)}`,
        crate: name,
        what: `the index file of \`${name}\``,
        notFound: (answer) => new UpstreamNotFound(`crate \`${name}\` is not on crates.io (${answer})`, { crate: name }),
        read: (response) => response.text(),
      });
      files.set(key, file);
    }
    return file;
  };
  return async (ref) => {
    const id = packageId(ref.name, ref.version, CRATES_IO);
    const entryP = indexFile(ref.name).then((text) => {
      let entry: unknown;
      try {
        entry = indexEntryFor(text, ref.name, ref.version);
      } catch (e) {
        throw new GeneratorError(`the index file of \`${ref.name}\` is not valid (${(e as Error).message})`, { crate: ref.key });
      }
      if (entry === undefined) throw new UpstreamNotFound(`crates.io has no version ${ref.version} of \`${ref.name}\``, { crate: ref.key });
      return entry as IndexEntry;
    });
    // The package file in parallel with the index line; "no such crate" from the index wins.
    const sibling = new AbortController();
    entryP.catch(() => sibling.abort());
    const factsP = fetchCrateFacts(policy, crateUrl(upstream.downloadBase, ref.name, ref.version), id, { signal: sibling.signal });
    const [entry, facts] = await Promise.allSettled([entryP, factsP]);
    if (entry.status === 'rejected') throw entry.reason;
    if (facts.status === 'rejected') throw facts.reason;
    const value = { entry: entry.value, facts: facts.value };
    if (!isCachedCrate(value, ref.name, ref.version))
      throw new GeneratorError(`crates.io's index line for \`${ref.key}\` is malformed`, { crate: ref.key });
    return value;
  };
}

/**
 * Crates crates.io said it does not have, remembered for a while so that asking for them again and
 * again cannot turn one request here into many there. Not for long: the version may be published.
 */
export class AbsentCrates {
  private readonly until = new Map<string, { readonly message: string; readonly until: number }>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  get(key: string): string | undefined {
    const hit = this.until.get(key);
    if (hit === undefined) return undefined;
    if (this.now() < hit.until) return hit.message;
    this.until.delete(key);
    return undefined;
  }

  set(key: string, message: string): void {
    this.until.delete(key);
    this.until.set(key, { message, until: this.now() + this.ttlMs });
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value!);
  }
}

const ISOLATE_ABSENT = new AbsentCrates();

/** Answers every crate: stored ones at once, up to `missesMax` misses from upstream, the rest deferred. */
export async function answerCrates(
  refs: readonly CrateRef[],
  store: FactsStore,
  read: (ref: CrateRef) => Promise<RegistryCrate>,
  limits: CratesLimits,
  absent: AbsentCrates = ISOLATE_ABSENT,
): Promise<CrateAnswer[]> {
  const answers = new Map<string, CrateAnswer>();
  const misses: CrateRef[] = [];
  await eachLimited(refs, 16, async (ref) => {
    const known = absent.get(ref.key);
    if (known !== undefined) {
      answers.set(ref.key, { crate: ref.key, kind: 'not-found', error: known });
      return;
    }
    const stored = await store.get(ref).catch(() => undefined);
    if (stored !== undefined) answers.set(ref.key, { crate: ref.key, entry: stored.entry, facts: stored.facts });
    else misses.push(ref);
  });
  // Misses in request order, so a client re-sending what was deferred makes progress front to back.
  misses.sort((a, b) => refs.indexOf(a) - refs.indexOf(b));
  const fetched = misses.slice(0, limits.missesMax);
  for (const ref of misses.slice(limits.missesMax)) {
    answers.set(ref.key, {
      crate: ref.key,
      kind: 'deferred',
      error: `over this request's budget of ${limits.missesMax} crates read from crates.io; ask again`,
    });
  }
  await Promise.all(
    fetched.map(async (ref) => {
      try {
        const value = await read(ref);
        await store.put(ref, value).catch(() => {});
        answers.set(ref.key, { crate: ref.key, entry: value.entry, facts: value.facts });
      } catch (e) {
        const kind = e instanceof UpstreamNotFound ? 'not-found' : 'upstream';
        const message = e instanceof Error ? e.message : String(e);
        if (kind === 'not-found') absent.set(ref.key, message);
        answers.set(ref.key, { crate: ref.key, kind, error: message });
      }
    }),
  );
  return refs.map((r) => answers.get(r.key)!);
}

/** The parts of Workers KV and the Cache API the store uses, structurally (tests pass fakes). */
export interface KvLike {
  get(key: string, type: 'json'): Promise<unknown>;
  put(key: string, value: string): Promise<void>;
}
export interface CacheLike {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

/** Entries kept in an isolate's memory: a few KB each, well inside the 128 MB an isolate may use. */
const MEMORY_ENTRIES = 5000;
const ISOLATE_MEMORY = new Map<string, RegistryCrate>();

function remember(memory: Map<string, RegistryCrate>, key: string, value: RegistryCrate): void {
  memory.delete(key);
  memory.set(key, value);
  // Oldest first: a Map iterates in insertion order.
  if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

/** Memory, then the Cache API, then KV; the last two may be missing (KV unbound, no `caches` in a test runtime). */
export function layeredStore(
  origin: string,
  kv: KvLike | undefined,
  cache: CacheLike | undefined,
  memory: Map<string, RegistryCrate> = ISOLATE_MEMORY,
): FactsStore {
  const cacheKey = (ref: CrateRef) =>
    new Request(`${origin}${CRATES_PATH}/${STORE_VERSION}/${encodeURIComponent(ref.name)}/${encodeURIComponent(ref.version)}`);
  const kvKey = (ref: CrateRef) => `${STORE_VERSION}/${ref.key}`;
  const valid = (value: unknown, ref: CrateRef): RegistryCrate | undefined => (isCachedCrate(value, ref.name, ref.version) ? value : undefined);
  return {
    async get(ref) {
      const known = memory.get(ref.key);
      if (known) return known;
      const cached = await cache?.match(cacheKey(ref)).catch(() => undefined);
      if (cached) {
        const value = valid(await cached.json().catch(() => undefined), ref);
        if (value) {
          remember(memory, ref.key, value);
          return value;
        }
      }
      const stored = valid(await kv?.get(kvKey(ref), 'json').catch(() => undefined), ref);
      if (stored) {
        remember(memory, ref.key, stored);
        // Warm this data centre's cache for the next isolate; KV reads are slower and metered.
        if (cache) await cache.put(cacheKey(ref), immutableJson(stored)).catch(() => {});
      }
      return stored;
    },
    async put(ref, value) {
      const stored: RegistryCrate = { entry: value.entry, facts: value.facts };
      remember(memory, ref.key, stored);
      await Promise.all([
        kv?.put(kvKey(ref), JSON.stringify(stored)).catch(() => {}),
        cache?.put(cacheKey(ref), immutableJson(stored)).catch(() => {}),
      ]);
    },
  };
}

function immutableJson(value: unknown): Response {
  return new Response(JSON.stringify(value), {
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=31536000, immutable' },
  });
}

async function readCappedText(request: Request): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw new EdgeError(413, `request body over ${MAX_BODY_BYTES} bytes`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw new EdgeError(413, `request body over ${MAX_BODY_BYTES} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new EdgeError(400, 'the body is not UTF-8 text');
  }
}

export interface CratesBindings {
  readonly CRATE_FACTS?: KvLike;
}

/** POST /api/crates → `{"crates":[CrateAnswer,…],"missesMax":n}`, answers in request order. */
export async function handleCrates(req: Request, config: EdgeConfig, bindings: CratesBindings): Promise<Response> {
  if (req.method !== 'POST') throw new EdgeError(405, 'crates takes POST {"crates":["name@version",…]}', { allow: 'POST' });
  const refs = parseCratesBody(await readCappedText(req), config.crates);
  // workerd's one shared cache; runtimes without it (none in production) just skip that layer.
  const cache = typeof caches === 'undefined' ? undefined : (caches as unknown as { default?: CacheLike }).default;
  const store = layeredStore(new URL(req.url).origin, bindings.CRATE_FACTS, cache);
  const read = upstreamReader({ indexBase: config.crates.indexBase, downloadBase: config.crates.downloadBase, timeoutMs: config.upstreamTimeoutMs });
  const answers = await answerCrates(refs, store, read, config.crates);
  // missesMax tells the client how big its follow-ups for deferred crates should be.
  return jsonResponse(200, { crates: answers, missesMax: config.crates.missesMax });
}
