// The generator as a Web Worker behind comlink: the page sends inputs and
// options, the worker fetches metadata (bundled snapshot first, then the
// network), resolves, and runs every renderer (each output
// succeeds or fails on its own). Runs can be
// cancelled; a cancelled run answers `cancelled` instead of a result.
// With a git client (the edge function's proxy) git dependencies are fetched
// too, and the run answers each git source's Nix hash beside the outputs.
import * as Comlink from 'comlink';
import { errorInfo } from '../core/errors.ts';
import { LayeredSource } from '../metadata/layered-source.ts';
import { MemorySource } from '../metadata/memory-source.ts';
import { RecordingSource } from '../metadata/recording-source.ts';
import { checkNetworkSupport, gitPackages } from '../metadata/net/network-source.ts';
import type { MetadataSource } from '../metadata/source.ts';
import type { ResolvedWorkspace } from '../model/model.ts';
import { buildModel, loadSummaries, memberInputs, parseInputs } from '../pipeline.ts';
import { renderAll } from '../render/index.ts';
import { comparisonFacts, type ComparisonFacts } from '../views/comparison.ts';
import { createNetworkSource } from './browser-source.ts';
import { IndexedDbGitCache } from './git-cache-indexeddb.ts';
import { insightApi, insightState } from './insight-api.ts';
import { olderLocks } from './older-lock.ts';
import { TreeSource } from './tree-query.ts';
import { parseLockfile, type LockedPackage } from '../parse/lockfile.ts';
import type { GitPrefetch } from './git-prefetch.ts';
import type { GenerateRequest, GenerateResponse, GitSourceHash, RunProgress } from './protocol.ts';

const runs = new Map<number, AbortController>();
/** Commits never change: one store for the worker's lifetime, opened on first use. */
const gitCache = new IndexedDbGitCache();

/** isomorphic-git is most of the worker's weight: loaded only for a lock with git packages. */
async function startGitPrefetch(packages: readonly LockedPackage[], corsProxy: string, signal: AbortSignal): Promise<GitPrefetch> {
  const [{ GitSource }, { prefetchGit }] = await Promise.all([import('../metadata/git/git-source.ts'), import('./git-prefetch.ts')]);
  return prefetchGit(packages, new GitSource({ corsProxy, cache: gitCache, signal }));
}

async function generate(id: number, request: GenerateRequest, onProgress: (p: RunProgress) => void): Promise<GenerateResponse> {
  const controller = new AbortController();
  runs.set(id, controller);
  const started = performance.now();
  try {
    const snapshot = request.snapshot ? new MemorySource(request.snapshot) : undefined;
    const lockText = request.files['Cargo.lock'];
    // Name every git dependency the snapshot cannot answer for, before any download starts.
    const gitClient = request.network.git;
    // Parsed here once for both checks (a lock can be megabytes); the pipeline reads the text itself.
    const lock = lockText === undefined ? undefined : parseLockfile(lockText);
    if (lock) checkNetworkSupport(lock, (id) => snapshot?.has(id) ?? false, { git: gitClient !== undefined });
    const git = lock ? gitPackages(lock) : [];
    // The run's own git client, so the hash fetch and the manifests share one GitSource (one fetch per commit).
    const prefetch: GitPrefetch | undefined =
      gitClient && git.length > 0 ? await startGitPrefetch(git, gitClient.corsProxy, controller.signal) : undefined;
    const network = createNetworkSource({
      indexBase: request.network.indexBase,
      downloadBase: request.network.downloadBase,
      signal: controller.signal,
      ...(prefetch ? { gitManifest: (id) => prefetch.gitManifest(id) } : {}),
      // Only what the bundled snapshot does not answer is asked of the edge.
      ...(request.network.edge && lock
        ? { edge: { base: request.network.edge.base, packages: lock.packages.filter((p) => !(snapshot?.has(p.id) ?? false)) } }
        : {}),
    });
    const layered: MetadataSource = snapshot ? new LayeredSource(snapshot, network.source) : network.source;
    const recording = request.recordSnapshot ? new RecordingSource(layered) : undefined;
    const source: MetadataSource = recording ?? layered;
    const files = new Map(Object.entries(request.files));
    // resolveWorkspace's steps, spelled out: `cargo tree` (the Tree view) needs the inputs and summaries too.
    const inputs = parseInputs(files);
    memberInputs(inputs); // a lock that does not match the members fails here, before any metadata request
    const summaries = await loadSummaries(inputs, {
      source,
      signal: controller.signal,
      onProgress: (p) => onProgress({ phase: 'metadata', done: p.done, total: p.total, ...(p.crate ? { crate: p.crate } : {}) }),
    });
    const model: ResolvedWorkspace = await buildModel(inputs, summaries);
    controller.signal.throwIfAborted();
    // The Insight views query this model later (insight-api.ts).
    insightState.set(model, lockText, new TreeSource(inputs, summaries));
    // The lock diff resolves older locks through this run's source (worker/browser/older-lock.ts).
    olderLocks.setRun({ files, source, ...(recording ? { recording } : {}) });
    // A share link's snapshot also holds the metadata of the older lock being compared, so the link shows the same diff.
    const older = olderLocks.lastAsked;
    if (recording && older !== undefined) await olderLocks.resolve(older, (p) => onProgress({ phase: 'metadata', ...p }), controller.signal);
    // Renderers that pin git sources need the hashes, so they come first (the same checkouts as the manifests).
    const gitSources: GitSourceHash[] = prefetch ? await prefetch.hashes : [];
    controller.signal.throwIfAborted();
    onProgress({ phase: 'render', done: 0, total: 1 });
    const outputs = renderAll(model, { flake: request.flake, gitHashes: gitSources });
    const comparison = compare(model, gitSources);
    const counters = network.counters();
    // Scheduled after this answer is posted: the Insight views' first questions then find their indexes made.
    void insightState.prepareWhenIdle();
    return {
      ok: true,
      outputs,
      gitSources,
      ...(comparison ? { comparison } : {}),
      ...(recording ? { snapshot: recording.snapshot() } : {}),
      summary: {
        crates: model.crates.length,
        members: model.members.map((m) => m.name),
        fromCache: counters.cacheHits,
        fetched: counters.fetched,
        ms: Math.round(performance.now() - started),
        traffic: {
          mode: counters.mode,
          requests: counters.requests,
          bytes: counters.crateBytes + (counters.edge?.bytesReceived ?? 0),
          fallbacks: counters.edge?.fallbacks ?? 0,
        },
      },
    };
  } catch (e) {
    if (controller.signal.aborted) return { ok: false, cancelled: true, error: { message: 'cancelled' } };
    // No insight into inputs that no longer resolve.
    insightState.set(undefined);
    olderLocks.setRun(undefined);
    return { ok: false, cancelled: false, error: errorInfo(e) };
  } finally {
    runs.delete(id);
  }
}

/** The comparison panel's facts; a failure there must not cost the user the outputs. */
function compare(model: ResolvedWorkspace, gitSources: readonly GitSourceHash[]): ComparisonFacts | undefined {
  try {
    return comparisonFacts(model, gitSources);
  } catch {
    return undefined;
  }
}

const api = {
  ping: () => true,
  generate,
  /** Questions about the last resolved workspace (the Insight views). */
  // Marked as a proxy so the page's type is a Remote (calls go by path, `insight.why`, in one message).
  insight: Comlink.proxy(insightApi),
  cancel(id: number): void {
    runs.get(id)?.abort();
  },
};

export type GeneratorApi = typeof api;

Comlink.expose(api);
