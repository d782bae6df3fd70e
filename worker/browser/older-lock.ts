// An older Cargo.lock resolved for real: the current manifests with the older
// lock go through the same pipeline as a run (parse → metadata → resolve →
// cargo2nix's Cargo.nix), reading metadata through the run's own source (its
// snapshot, caches and network; its recording when a share link asked for
// one), so the lock diff can name feature and platform changes. When the
// older lock does not resolve against the current manifests, the reason says
// where, and the page keeps the lock-only comparison.
import { errorInfo, type ErrorInfo } from '../core/errors.ts';
import { parseLockfile } from '../parse/lockfile.ts';
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import type { MetadataSource } from '../metadata/source.ts';
import { buildModel, loadSummaries, memberInputs, parseInputs, type Progress } from '../pipeline.ts';
import { renderCargoNix } from '../render/cargo2nix/cargo-nix.ts';
import { cargoNixCrates, diffCrates, lockDiff, mergeResolved, type LockDiff } from '../views/lock-diff.ts';
import type { LockDiffAnswer } from './insight-types.ts';

/** What the last run was made of: its input files and the metadata source it read through. */
export interface RunContext {
  readonly files: ReadonlyMap<string, string>;
  readonly source: MetadataSource;
  /**
   * The run's recording of what it read, when it records a share link's snapshot: resolving an
   * older lock reads through it too, so the link's snapshot grows with each comparison.
   */
  readonly recording?: { snapshot(): MetadataSnapshot };
}

/** The name errors give the older lock, so the page points into the older file's editor, not the workspace's lock. */
export const OLDER_LOCK_FILE = 'older Cargo.lock';

export interface OlderProgress {
  readonly done: number;
  readonly total: number;
  readonly crate?: string;
}

export type OlderResolution =
  { readonly ok: true; readonly cargoNix: string } | { readonly ok: false; readonly cancelled: boolean; readonly error: ErrorInfo };

/**
 * The pipeline's error, told about the older lock: its `Cargo.lock` is the
 * older one, the advice to regenerate the lock does not apply, and a crate
 * the error names gets its line in the older lock when it has none.
 */
function aboutOlderLock(e: unknown, olderLock: string): ErrorInfo {
  const info = errorInfo(e);
  const message = info.message.replace(/; run `cargo [^`]*`.*$/, '').replace(/\bCargo\.lock\b/g, 'the older Cargo.lock');
  let located: ErrorInfo = { ...info, ...(info.file === 'Cargo.lock' ? { file: OLDER_LOCK_FILE } : {}) };
  if (located.line === undefined && (located.file === undefined || located.file === OLDER_LOCK_FILE) && info.crate !== undefined) {
    const line = lineOfCrate(olderLock, info.crate);
    if (line !== undefined) located = { ...located, file: OLDER_LOCK_FILE, line, column: 1 };
  }
  const told = message.startsWith('the older Cargo.lock')
    ? message
    : `the older Cargo.lock does not resolve against the current manifests: ${message}`;
  return { ...located, message: told };
}

function lineOfCrate(olderLock: string, crate: string): number | undefined {
  const at = crate.lastIndexOf('@');
  const [name, version] = [crate.slice(0, at), crate.slice(at + 1)];
  try {
    return parseLockfile(olderLock).packages.find((p) => p.id.name === name && p.id.version === version)?.line;
  } catch {
    return undefined; // a lock that does not parse has its own error, located by the parser
  }
}

function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * The older lock's Cargo.nix, or why there is none. Cancelling through
 * `signal` answers `cancelled` at once and starts no further metadata request.
 */
export async function resolveOlderLock(
  run: RunContext,
  olderLock: string,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (p: OlderProgress) => void } = {},
): Promise<OlderResolution> {
  try {
    const files = new Map(run.files);
    files.set('Cargo.lock', olderLock);
    const inputs = parseInputs(files);
    memberInputs(inputs); // members missing from the older lock fail here, before any metadata request
    const loading = loadSummaries(inputs, {
      source: run.source,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p: Progress) => options.onProgress?.({ done: p.done, total: p.total, ...(p.crate ? { crate: p.crate } : {}) }),
    });
    // The run's source belongs to the run, so its requests are not ours to abort: a cancel answers at
    // once and what is still in flight finishes (or fails) unheard.
    loading.catch(() => {});
    const summaries = await (options.signal ? Promise.race([loading, whenAborted(options.signal)]) : loading);
    options.signal?.throwIfAborted();
    const model = await buildModel(inputs, summaries);
    options.signal?.throwIfAborted();
    return { ok: true, cargoNix: renderCargoNix(model) };
  } catch (e) {
    if (options.signal?.aborted) return { ok: false, cancelled: true, error: { message: 'cancelled: the lock-only comparison is shown' } };
    return { ok: false, cancelled: false, error: aboutOlderLock(e, olderLock) };
  }
}

/**
 * The worker's older-lock resolutions for the current run: one per older
 * text (asked again, the same answer), the one in flight cancellable, and
 * the last text asked remembered so a run that records a share link's
 * snapshot can read its metadata too.
 */
export class OlderLocks {
  private run: RunContext | undefined;
  private readonly answers = new Map<string, Promise<OlderResolution>>();
  private inFlight: AbortController | undefined;
  private remembered: string | undefined;

  /** A new run (or none, after a failed one): earlier answers were about other manifests. */
  setRun(run: RunContext | undefined): void {
    this.cancel();
    this.run = run;
    this.answers.clear();
  }

  /** The older lock last compared (a run recording a snapshot resolves it too). */
  get lastAsked(): string | undefined {
    return this.remembered;
  }

  resolve(olderLock: string, onProgress?: (p: OlderProgress) => void, signal?: AbortSignal): Promise<OlderResolution> | undefined {
    const run = this.run;
    if (!run) return undefined;
    this.remembered = olderLock;
    const known = this.answers.get(olderLock);
    if (known) return known;
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    this.inFlight?.abort(); // one resolution at a time: the page only shows the latest
    this.inFlight = controller;
    const answer = resolveOlderLock(run, olderLock, { signal: controller.signal, ...(onProgress ? { onProgress } : {}) }).then((r) => {
      if (this.inFlight === controller) this.inFlight = undefined;
      // A cancelled answer is not kept: asking again resolves again.
      if (!r.ok && r.cancelled && this.answers.get(olderLock) === answer) this.answers.delete(olderLock);
      return r;
    });
    this.answers.set(olderLock, answer);
    return answer;
  }

  /** The current run's recorded metadata (older locks resolved so far included), when it records one. */
  recordedSnapshot(): MetadataSnapshot | undefined {
    return this.run?.recording?.snapshot();
  }

  cancel(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }
}

/** The worker's one set: web-worker.ts hands it each run, insight-api.ts asks it. */
export const olderLocks = new OlderLocks();

/** The current side of the comparison: the run's lock and its Cargo.nix. */
export interface CurrentSide {
  readonly lockText: string | undefined;
  cargoNix(): string | undefined;
}

/**
 * An older Cargo.lock against the current one, resolved: the lock comparison
 * (always, as the lock-only diff shows it) merged with the comparison of the
 * two Cargo.nix files when the older lock resolves; otherwise the lock-only
 * comparison with the reason. Undefined without a current run.
 */
export async function resolvedLockDiff(
  current: CurrentSide,
  olders: OlderLocks,
  olderLock: string,
  onProgress?: (p: OlderProgress) => void,
): Promise<LockDiffAnswer | undefined> {
  const lock = current.lockText;
  if (lock === undefined) return undefined;
  let lockOnly: LockDiff;
  try {
    lockOnly = lockDiff(olderLock, { lock, cargoNix: undefined }, OLDER_LOCK_FILE);
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
  const pending = olders.resolve(olderLock, onProgress);
  if (!pending) return undefined;
  const older = await pending;
  const recorded = olders.recordedSnapshot();
  const snapshot = recorded ? { snapshot: recorded } : {};
  const currentCargoNix = current.cargoNix();
  if (!older.ok) return { ok: true, diff: lockOnly, current: lock, resolution: older, ...snapshot };
  if (currentCargoNix === undefined)
    return {
      ok: true,
      diff: lockOnly,
      current: lock,
      resolution: { ok: false, cancelled: false, error: { message: 'the current Cargo.nix did not render' } },
    };
  const nix = diffCrates('Cargo.nix', cargoNixCrates(older.cargoNix, 'older Cargo.nix'), cargoNixCrates(currentCargoNix, 'Cargo.nix'));
  return {
    ok: true,
    diff: mergeResolved(lockOnly, nix),
    current: lock,
    resolution: { ok: true, olderCargoNix: older.cargoNix, currentCargoNix },
    ...snapshot,
  };
}
