// Crate metadata through the edge function's shared cache (`POST <edge>/api/crates`, edge/crates.ts):
// every crates.io package of the lock that the local cache lacks is asked for in a few batched
// requests instead of two requests per crate to crates.io. The edge is a convenience, not an
// authority: each index line it returns must carry the checksum Cargo.lock records (the `.crate`'s
// SHA-256, which is what Nix will check when it builds), and any crate the edge cannot answer,
// answers wrongly or answers malformed goes the direct way instead, one crate at a time, through
// `direct` (the NetworkSource reading crates.io).
//
// A crate the edge has not stored yet (`deferred`) goes direct at once: the first visitor of a
// version pays one round trip to the edge and then exactly what the direct path costs, while the
// edge reads it into its store in the background for the next visitor. Misses the edge did not take
// on (over one request's budget, `filling: false`) are sent again in follow-ups of that budget, off
// the run's critical path (their answers are not waited for), so a big workspace warms the edge whole.
//
// An edge that is not there (a static host answering 404/405 or HTML, or no server at all) is
// remembered in the `EdgeSession`: later runs in the session do not ask it again.
//
// What the edge is sent: crate names and versions, nothing else.
import { GeneratorError } from '../../core/errors.ts';
import { displayPackageId, type PackageId } from '../../core/package-id.ts';
import { isCratesIo } from '../../core/source-id.ts';
import type { LockedPackage } from '../../parse/lockfile.ts';
import type { MetadataSource, RegistryCrate } from '../source.ts';
import { cacheKey, isCachedCrate, NoCache, type MetadataCache } from './cache.ts';
import { SYSTEM_CLOCK, type Clock } from './clock.ts';

/** The part of fetch this layer needs (the core's web-globals declare only GET's RequestInit). */
export type EdgeFetch = (
  url: string,
  init: {
    readonly method: 'POST';
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly signal: AbortSignal;
    readonly credentials: 'omit';
  },
) => Promise<Response>;

export interface EdgeFactsOptions {
  /** The edge function's origin; batches go to `<base>/api/crates`. */
  readonly base: string;
  /** The lock's packages: the crates.io ones are asked for, with their checksums to verify against. */
  readonly packages: readonly LockedPackage[];
  /** Where a crate goes when the edge cannot answer for it (crates.io directly), and every non-crates.io package. */
  readonly direct: MetadataSource;
  /** Checked before the edge and filled with what the edge answers; default none. */
  readonly cache?: MetadataCache;
  readonly fetch?: EdgeFetch;
  /** Crates per first request; default 100 (the edge's own cap). */
  readonly batchSize?: number;
  /** Requests in flight at once; default 12 (HTTP/2 to the edge multiplexes them; over HTTP/1.1 a browser queues past 6). */
  readonly concurrency?: number;
  /** Requests in flight at once for the follow-ups that warm the edge; default 4. */
  readonly warmConcurrency?: number;
  /** Edges found missing earlier in this session (shared by a worker's runs); default: this source's own. */
  readonly session?: EdgeSession;
  /** Deadline per request; default 20 s. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** The run's signal: aborting it stops the batches (the direct fallback then rethrows its reason). */
  readonly signal?: AbortSignal;
}

export interface EdgeFactsStats {
  /** POSTs to the edge. */
  readonly requests: number;
  /** Request and response body bytes (UTF-8 JSON). */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Crates the edge answered with metadata (those then refused for their checksum included). */
  readonly fromEdge: number;
  /** Crates found in the local cache before asking the edge. */
  readonly cacheHits: number;
  /** Crates that went the direct way after the edge could not answer for them (deferred ones included). */
  readonly fallbacks: number;
  /** Of `fallbacks`, crates the edge had not stored yet (read directly at once; the edge reads them for the next visitor). */
  readonly deferred: number;
  /** Follow-up POSTs sent so that the edge reads what the first answers left unread (included in `requests`). */
  readonly warmRequests: number;
  /** Edge answers refused: checksum not the lock's, or not a usable index line. */
  readonly rejected: number;
  /** The first few reasons crates went direct, for diagnostics. */
  readonly reasons: readonly string[];
}

/**
 * Edges that turned out not to be there, by base URL, for as long as the object lives (the Web
 * Worker keeps one per session): a static host without the edge function answers every POST with
 * 404 or 405 (or its HTML page), and asking again on each run would cost a request per run for nothing.
 */
export class EdgeSession {
  private readonly missing = new Map<string, string>();

  /** Why the edge at `base` is not asked any more, or undefined while it is. */
  disabled(base: string): string | undefined {
    return this.missing.get(base);
  }

  disable(base: string, reason: string): void {
    if (!this.missing.has(base)) this.missing.set(base, reason);
  }
}

/** Statuses that say "no edge function here" rather than "the edge failed this time". */
const NO_EDGE_STATUSES = new Set([404, 405, 501]);

/** What the edge said about one crate: usable metadata, or why to go direct. */
type Outcome = { readonly crate: RegistryCrate; readonly cached: boolean } | { readonly fallback: string };

interface EdgeAnswer {
  readonly crate?: unknown;
  readonly entry?: unknown;
  readonly facts?: unknown;
  readonly kind?: unknown;
  readonly error?: unknown;
  readonly filling?: unknown;
}

const encoder = new TextEncoder();

export class EdgeFactsSource implements MetadataSource {
  private readonly url: string;
  private readonly cache: MetadataCache;
  private readonly fetchImpl: EdgeFetch;
  private readonly clock: Clock;
  /** The lock's crates.io packages by PackageId key. */
  private readonly planned = new Map<string, LockedPackage>();
  private outcomes: Map<string, Promise<Outcome>> | undefined;
  private readonly session: EdgeSession;
  private counts = {
    requests: 0,
    bytesSent: 0,
    bytesReceived: 0,
    fromEdge: 0,
    cacheHits: 0,
    fallbacks: 0,
    deferred: 0,
    warmRequests: 0,
    rejected: 0,
  };
  private warmDone: Promise<void> = Promise.resolve();
  private warming: Promise<void> = Promise.resolve();
  /** Planned crates the run has not read yet; the follow-ups that warm the edge wait until it has, so they never compete with it. */
  private readonly unfinished = new Set<string>();
  private readonly allRead = resolvable();
  private readonly reasons: string[] = [];

  constructor(private readonly options: EdgeFactsOptions) {
    this.url = `${options.base.replace(/\/+$/, '')}/api/crates`;
    this.cache = options.cache ?? new NoCache('no cache configured');
    this.fetchImpl = options.fetch ?? ((url, init) => (globalThis.fetch as unknown as EdgeFetch)(url, init));
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.session = options.session ?? new EdgeSession();
    // crates.io under either protocol (`registry+…crates.io-index` or `sparse+https://index.crates.io/`): the same crates.
    for (const p of options.packages) if (isCratesIo(p.id.source)) this.planned.set(p.id.key, p);
    for (const key of this.planned.keys()) this.unfinished.add(key);
    if (this.unfinished.size === 0) this.allRead.resolve();
    options.signal?.addEventListener('abort', () => this.allRead.resolve(), { once: true });
  }

  get stats(): EdgeFactsStats {
    return { ...this.counts, reasons: [...this.reasons] };
  }

  /**
   * Settles once the follow-ups asking the edge to read what the first answers left unread have
   * been answered (the edge's reads themselves finish after that, in its background); they go out
   * after the run has read every planned crate. Never rejects.
   */
  warmed(): Promise<void> {
    return this.warmDone;
  }

  /** Starts the cache look-ups and edge batches for every planned crate (the first registryCrate call does too). */
  start(): void {
    if (this.outcomes) return;
    const settle = new Map<string, (o: Outcome) => void>();
    this.outcomes = new Map();
    for (const key of this.planned.keys()) this.outcomes.set(key, new Promise<Outcome>((resolve) => settle.set(key, resolve)));
    // Whatever goes wrong in here, every crate still gets an outcome (settling twice is a no-op): a run never hangs on the edge.
    const filled = this.fill(settle).catch((e: unknown) => {
      for (const resolve of settle.values()) resolve({ fallback: `the edge client failed (${e instanceof Error ? e.message : String(e)})` });
    });
    // fill() has decided on the follow-ups (or not) by the time it settles.
    this.warmDone = filled.then(() => this.warming);
  }

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const locked = this.planned.get(id.key);
    if (!locked) return this.options.direct.registryCrate(id);
    try {
      return await this.plannedCrate(id, locked);
    } finally {
      this.unfinished.delete(id.key);
      if (this.unfinished.size === 0) this.allRead.resolve();
    }
  }

  private async plannedCrate(id: PackageId, locked: LockedPackage): Promise<RegistryCrate> {
    this.start();
    const outcome = await this.outcomes!.get(id.key)!;
    // The local cache holds what was checked on its way in (or read from crates.io itself), as on the direct path.
    if ('crate' in outcome && outcome.cached) return outcome.crate;
    if ('crate' in outcome) {
      const mismatch = checksumMismatch(locked, outcome.crate);
      if (mismatch === undefined) {
        await this.cache.put(cacheKey(id.name, id.version), outcome.crate).catch(() => {});
        return outcome.crate;
      }
      this.counts.rejected++;
      this.goDirect(id, `the edge's index line ${mismatch}`);
      // The edge may be stale or tampered with; crates.io itself decides, and must agree with the lock too.
      const direct = await this.options.direct.registryCrate(id);
      const again = checksumMismatch(locked, direct);
      if (again !== undefined) {
        throw new GeneratorError(
          `the checksum of \`${displayPackageId(id)}\` in Cargo.lock does not match crates.io: its index line ${again}. Was Cargo.lock edited by hand? \`cargo update -p ${id.name} --precise ${id.version}\` rewrites it`,
          { file: 'Cargo.lock', ...(locked.line !== undefined ? { line: locked.line } : {}), crate: displayPackageId(id) },
        );
      }
      return direct;
    }
    this.goDirect(id, outcome.fallback);
    return this.options.direct.registryCrate(id);
  }

  gitManifest(id: PackageId): Promise<string> {
    return this.options.direct.gitManifest(id);
  }

  private goDirect(id: PackageId, reason: string): void {
    this.counts.fallbacks++;
    if (this.reasons.length < 5) this.reasons.push(`${displayPackageId(id)}: ${reason}`);
  }

  /** Cache first, then the edge: one round of full batches; what it has not stored goes direct at once. */
  private async fill(settle: Map<string, (o: Outcome) => void>): Promise<void> {
    const missing: LockedPackage[] = [];
    await Promise.all(
      [...this.planned.values()].map(async (p) => {
        const cached = await this.cache.get(cacheKey(p.id.name, p.id.version)).catch(() => undefined);
        if (cached !== undefined && isCachedCrate(cached, p.id.name, p.id.version)) {
          this.counts.cacheHits++;
          settle.get(p.id.key)!({ crate: cached, cached: true });
        } else missing.push(p);
      }),
    );
    const off = this.session.disabled(this.options.base);
    if (off !== undefined) {
      for (const p of missing) settle.get(p.id.key)!({ fallback: `the edge is not asked in this session: ${off}` });
      return;
    }
    // Lock order, so the crates the resolver asks for first tend to arrive first.
    const order = new Map([...this.planned.keys()].map((k, i) => [k, i]));
    const queue = missing.sort((a, b) => order.get(a.id.key)! - order.get(b.id.key)!);
    let batchSize = this.options.batchSize ?? 100;
    const batches: LockedPackage[][] = [];
    for (let i = 0; i < queue.length; i += batchSize) batches.push(queue.slice(i, i + batchSize));
    const unread: LockedPackage[] = [];
    let budget: number | undefined;
    const send = async (batch: LockedPackage[]): Promise<void> => {
      const result = await this.ask(batch);
      // An edge configured with a smaller cap than ours: halve until it takes them.
      if ('error' in result && result.tooLarge && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        batchSize = Math.min(batchSize, half);
        await send(batch.slice(0, half));
        await send(batch.slice(half));
        return;
      }
      if ('error' in result) {
        for (const p of batch) settle.get(p.id.key)!({ fallback: result.error });
        return;
      }
      if (result.budget !== undefined) budget = Math.min(budget ?? Infinity, result.budget);
      for (const p of batch) {
        const answer = result.answers.get(`${p.id.name}@${p.id.version}`);
        if (answer === undefined) settle.get(p.id.key)!({ fallback: 'the edge left it out of its answer' });
        else if ('deferred' in answer) {
          this.counts.deferred++;
          if (!answer.filling) unread.push(p);
          settle.get(p.id.key)!({ fallback: 'not in the edge’s store yet' });
        } else {
          if ('crate' in answer) this.counts.fromEdge++;
          settle.get(p.id.key)!(answer);
        }
      }
    };
    await eachLimited(batches, this.options.concurrency ?? 12, send);
    if (unread.length > 0) this.warming = this.warm(unread, budget ?? 1);
  }

  /**
   * Asks the edge once more for crates it has not taken on, in batches it reads whole (its miss
   * budget), so that it stores them for the next visitor: once the run has read every crate (or
   * was cancelled), so that they cost it nothing. The answers are only counted.
   */
  private async warm(crates: readonly LockedPackage[], budget: number): Promise<void> {
    await this.allRead.promise;
    const batches: LockedPackage[][] = [];
    for (let i = 0; i < crates.length; i += budget) batches.push(crates.slice(i, i + budget));
    await eachLimited(batches, this.options.warmConcurrency ?? 4, async (batch) => {
      if (this.options.signal?.aborted || this.session.disabled(this.options.base) !== undefined) return;
      this.counts.warmRequests++;
      await this.ask(batch);
    }).catch(() => {});
  }

  /** One POST; per crate an outcome or `deferred`, or one error for the whole batch. */
  private async ask(
    batch: readonly LockedPackage[],
  ): Promise<
    | { readonly answers: Map<string, Outcome | { readonly deferred: true; readonly filling: boolean }>; readonly budget: number | undefined }
    | { readonly error: string; readonly tooLarge?: boolean }
  > {
    const body = JSON.stringify({ crates: batch.map((p) => `${p.id.name}@${p.id.version}`) });
    const controller = new AbortController();
    const stop = () => controller.abort();
    this.options.signal?.addEventListener('abort', stop, { once: true });
    const cancelTimer = this.clock.setTimer(stop, this.options.timeoutMs ?? 20_000);
    this.counts.requests++;
    this.counts.bytesSent += encoder.encode(body).byteLength;
    let text: string;
    try {
      // text/plain keeps it a "simple" request: no CORS preflight round trip when the edge is on another origin.
      const response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body,
        signal: controller.signal,
        credentials: 'omit',
      });
      text = await response.text();
      this.counts.bytesReceived += encoder.encode(text).byteLength;
      if (!response.ok) {
        const error = `the edge answered ${response.status}: ${text.slice(0, 200)}`;
        if (NO_EDGE_STATUSES.has(response.status)) this.session.disable(this.options.base, error);
        return { error, tooLarge: response.status === 413 };
      }
    } catch (e) {
      const error = `could not reach the edge (${e instanceof Error ? e.message : String(e)})`;
      // Our deadline or the run's cancel is not the edge's absence; anything else (no server, CORS refused) is.
      if (!controller.signal.aborted) this.session.disable(this.options.base, error);
      return { error };
    } finally {
      cancelTimer();
      this.options.signal?.removeEventListener('abort', stop);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      // A static host's SPA fallback answers any path with its HTML page.
      const error = 'the edge answered something other than JSON';
      this.session.disable(this.options.base, error);
      return { error };
    }
    const list = (doc as { crates?: unknown } | null)?.crates;
    if (!Array.isArray(list)) return { error: 'the edge answered without a "crates" list' };
    const budget = (doc as { missesMax?: unknown }).missesMax;
    const answers = new Map<string, Outcome | { readonly deferred: true; readonly filling: boolean }>();
    for (const item of list as EdgeAnswer[]) {
      if (typeof item !== 'object' || item === null || typeof item.crate !== 'string') continue;
      const at = item.crate.lastIndexOf('@');
      const [name, version] = [item.crate.slice(0, at), item.crate.slice(at + 1)];
      const value = { entry: item.entry, facts: item.facts };
      if (isCachedCrate(value, name, version)) {
        answers.set(item.crate, { crate: { entry: value.entry, facts: value.facts }, cached: false });
      } else if (item.kind === 'deferred') answers.set(item.crate, { deferred: true, filling: item.filling === true });
      else if (typeof item.error === 'string') answers.set(item.crate, { fallback: `the edge: ${item.error}` });
      else {
        this.counts.rejected++;
        answers.set(item.crate, { fallback: 'the edge answered a malformed entry' });
      }
    }
    return { answers, budget: typeof budget === 'number' && Number.isSafeInteger(budget) && budget > 0 ? budget : undefined };
  }
}

/** Why `crate`'s index line does not vouch for the lock's checksum, or undefined when it does (or the lock has none). */
function checksumMismatch(locked: LockedPackage, crate: RegistryCrate): string | undefined {
  if (locked.checksum === undefined) return undefined;
  const cksum = crate.entry.cksum;
  if (cksum === undefined) return 'has no checksum';
  return cksum === locked.checksum ? undefined : `says checksum ${cksum}, Cargo.lock says ${locked.checksum}`;
}

function resolvable(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
