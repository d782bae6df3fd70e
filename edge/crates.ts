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
// Storage: the isolate's own memory (bounded; an isolate serves many requests), then Workers KV
// (global; one bulk read per batch). A failing store costs a fetch, never an answer.
//
// Misses never hold up the answer: the first visitor of a version would otherwise wait for the edge's
// reads on top of its own request (a cold 388-crate workspace took ~3x the direct path). The answer
// carries what is stored; every miss is `deferred`, and the client reads those from crates.io itself
// at once while this invocation, after answering, reads up to CRATES_MISSES_MAX of them
// (`filling: true`) into the store through `ctx.waitUntil`, for the next visitor. The client sends
// the misses no invocation took (`filling: false`) again, off its critical path, so that a big
// workspace warms the edge whole.
//
// Platform limits per invocation, and what each batch is held to (see CratesLimits):
// - Subrequests: 50 on Workers Free, 10,000 on Paid; every upstream attempt is one. A miss costs
//   one `.crate` request plus its crate's index file (shared by the batch's versions of that name),
//   and no retries here (the client reads crates.io itself), so CRATES_MISSES_MAX (20) misses stay
//   under 50 even if every store call counted too.
// - waitUntil: background work may run 30 s after the response is sent, then it is cancelled. The
//   fill stops itself after FILL_DEADLINE_MS (25 s), whatever each read's own UPSTREAM_TIMEOUT_MS;
//   a read cut off is simply not stored (the next visitor's invocation reads it again).
// - Simultaneous outgoing connections: 6; upstream fetches run at most 6 at a time.
// - CPU time: 10 ms on Free, 30 s by default on Paid, counted for the work under waitUntil too. A
//   hit is one small JSON parse; a miss inflates a few kilobytes and parses one TOML file and one
//   index line (the index file is searched for the version's line, not parsed whole). Time spent
//   waiting on upstreams is not CPU time, but on Free 20 misses' inflating and parsing may not fit
//   in 10 ms: lower CRATES_MISSES_MAX there (the client sizes its follow-ups by the `missesMax`
//   answered).
// - KV: 1,000 operations per invocation; a batch of at most CRATES_BATCH_MAX (100) crates makes one
//   bulk read (up to 100 keys is one operation) and a write per miss read (CRATES_MISSES_MAX).
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
  /** Misses one request reads from upstream after its answer (all misses are answered `deferred`). */
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
      /** No such crate or version upstream (remembered for a while after a fill found so). */
      readonly kind: 'not-found';
      readonly error: string;
    }
  | {
      readonly crate: string;
      /** Not stored yet: read it from crates.io yourself. */
      readonly kind: 'deferred';
      readonly error: string;
      /** Whether the edge is reading it into its store now (this invocation or another in this isolate); if not, asking again has it read. */
      readonly filling: boolean;
    };

/** Where crate facts are kept between requests (isolate memory, KV). */
export interface FactsStore {
  /** What is stored of `refs`, by key (absent: not stored); never rejects. */
  getMany(refs: readonly CrateRef[]): Promise<Map<string, RegistryCrate>>;
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
  /** Stops every read still queued or in flight (the fill's deadline). */
  readonly signal?: AbortSignal;
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
    ...(upstream.signal ? { signal: upstream.signal } : {}),
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

/**
 * Crates this isolate is reading into its store now, with when each read began, so that asking again
 * meanwhile does not read them twice. An entry older than FILL_DEADLINE_MS is stale (its invocation
 * was cut off before it could clear it) and no longer counts.
 */
const ISOLATE_FILLING = new Map<string, number>();

/** How long a fill may run: waitUntil's work is cancelled 30 s after the response; stop first, on our terms. */
export const FILL_DEADLINE_MS = 25_000;

export interface AnswerOptions {
  /** Keeps the fill alive after the answer (`ctx.waitUntil`); default: let it run unattended. */
  readonly background?: (work: Promise<void>) => void;
  readonly absent?: AbsentCrates;
  readonly filling?: Map<string, number>;
  readonly now?: () => number;
}

/**
 * Answers every crate from the store at once; misses are `deferred`, and the first `missesMax` of
 * them not already being read here are read from upstream and stored after the answer (`background`).
 */
export async function answerCrates(
  refs: readonly CrateRef[],
  store: FactsStore,
  read: (ref: CrateRef) => Promise<RegistryCrate>,
  limits: CratesLimits,
  options: AnswerOptions = {},
): Promise<CrateAnswer[]> {
  const absent = options.absent ?? ISOLATE_ABSENT;
  const filling = options.filling ?? ISOLATE_FILLING;
  const now = (options.now ?? Date.now)();
  const answers = new Map<string, CrateAnswer>();
  const misses: CrateRef[] = [];
  const asked: CrateRef[] = [];
  for (const ref of refs) {
    const known = absent.get(ref.key);
    if (known !== undefined) answers.set(ref.key, { crate: ref.key, kind: 'not-found', error: known });
    else asked.push(ref);
  }
  const stored = asked.length === 0 ? new Map<string, RegistryCrate>() : await store.getMany(asked).catch(() => new Map<string, RegistryCrate>());
  // Misses in request order, so a client re-sending what nobody is reading makes progress front to back.
  for (const ref of asked) {
    const value = stored.get(ref.key);
    if (value !== undefined) answers.set(ref.key, { crate: ref.key, entry: value.entry, facts: value.facts });
    else misses.push(ref);
  }
  const taken: CrateRef[] = [];
  for (const ref of misses) {
    const already = (filling.get(ref.key) ?? -Infinity) >= now - FILL_DEADLINE_MS;
    const take = !already && taken.length < limits.missesMax;
    if (take) {
      taken.push(ref);
      filling.set(ref.key, now);
    }
    answers.set(ref.key, {
      crate: ref.key,
      kind: 'deferred',
      error:
        already || take
          ? 'not in the edge’s store yet; the edge is reading it now'
          : `not in the edge’s store; over this request's budget of ${limits.missesMax} crates read from crates.io`,
      filling: already || take,
    });
  }
  if (taken.length > 0) {
    const work = fill(taken, store, read, absent).finally(() => {
      // Only our own entries: a read started after ours went stale is someone else's.
      for (const ref of taken) if (filling.get(ref.key) === now) filling.delete(ref.key);
    });
    if (options.background) options.background(work);
    else void work;
  }
  return refs.map((r) => answers.get(r.key)!);
}

/** Reads `refs` from upstream into the store; failures are dropped (not-found remembered), nothing is thrown. */
async function fill(
  refs: readonly CrateRef[],
  store: FactsStore,
  read: (ref: CrateRef) => Promise<RegistryCrate>,
  absent: AbsentCrates,
): Promise<void> {
  await Promise.all(
    refs.map(async (ref) => {
      try {
        await store.put(ref, await read(ref)).catch(() => {});
      } catch (e) {
        if (e instanceof UpstreamNotFound) absent.set(ref.key, e.message);
      }
    }),
  );
}

/** The parts of Workers KV the store uses, structurally (tests pass a fake). */
export interface KvLike {
  /** A bulk read (at most KV_BULK_MAX keys): one KV operation, not bound by the six-connection limit; absent keys map to null. */
  get(keys: string[], type: 'json'): Promise<Map<string, unknown>>;
  put(key: string, value: string): Promise<void>;
}

/** Keys one KV bulk read may name. */
const KV_BULK_MAX = 100;

/** Entries kept in an isolate's memory: a few KB each, well inside the 128 MB an isolate may use. */
const MEMORY_ENTRIES = 5000;
const ISOLATE_MEMORY = new Map<string, RegistryCrate>();

function remember(memory: Map<string, RegistryCrate>, key: string, value: RegistryCrate): void {
  memory.delete(key);
  memory.set(key, value);
  // Oldest first: a Map iterates in insertion order.
  if (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

/**
 * The isolate's memory, then KV (which may be unbound: memory alone then). A batch's misses in
 * memory cost one bulk KV read per 100 crates. The Cache API layer this once had is gone: its
 * per-crate lookups sat on the first visitor's path (100 misses took ~0.5 s of cache reads in
 * workerd, against one bulk read), and KV keeps what a data centre reads in its own cache anyway.
 */
export function layeredStore(kv: KvLike | undefined, memory: Map<string, RegistryCrate> = ISOLATE_MEMORY): FactsStore {
  const kvKey = (ref: CrateRef) => `${STORE_VERSION}/${ref.key}`;
  return {
    async getMany(refs) {
      const found = new Map<string, RegistryCrate>();
      const rest = refs.filter((ref) => {
        const known = memory.get(ref.key);
        if (known) found.set(ref.key, known);
        return !known;
      });
      if (!kv || rest.length === 0) return found;
      const chunks: CrateRef[][] = [];
      for (let i = 0; i < rest.length; i += KV_BULK_MAX) chunks.push(rest.slice(i, i + KV_BULK_MAX));
      await Promise.all(
        chunks.map(async (chunk) => {
          const values = await kv.get(chunk.map(kvKey), 'json').catch(() => new Map<string, unknown>());
          for (const ref of chunk) {
            const value = values.get(kvKey(ref));
            // A stored value that is not this crate's facts (an older shape, a bad write) counts as a miss.
            if (!isCachedCrate(value, ref.name, ref.version)) continue;
            remember(memory, ref.key, value);
            found.set(ref.key, value);
          }
        }),
      );
      return found;
    },
    async put(ref, value) {
      const stored: RegistryCrate = { entry: value.entry, facts: value.facts };
      remember(memory, ref.key, stored);
      await kv?.put(kvKey(ref), JSON.stringify(stored)).catch(() => {});
    },
  };
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

/** POST /api/crates → `{"crates":[CrateAnswer,…],"missesMax":n}`, answers in request order; `background` is `ctx.waitUntil`. */
export async function handleCrates(
  req: Request,
  config: EdgeConfig,
  bindings: CratesBindings,
  background?: (work: Promise<void>) => void,
): Promise<Response> {
  if (req.method !== 'POST') throw new EdgeError(405, 'crates takes POST {"crates":["name@version",…]}', { allow: 'POST' });
  const refs = parseCratesBody(await readCappedText(req), config.crates);
  const store = layeredStore(bindings.CRATE_FACTS);
  const read = upstreamReader({
    indexBase: config.crates.indexBase,
    downloadBase: config.crates.downloadBase,
    timeoutMs: config.upstreamTimeoutMs,
    signal: AbortSignal.timeout(FILL_DEADLINE_MS),
  });
  const answers = await answerCrates(refs, store, read, config.crates, background ? { background } : {});
  // missesMax tells the client how big its follow-ups for deferred crates should be.
  return jsonResponse(200, { crates: answers, missesMax: config.crates.missesMax });
}
