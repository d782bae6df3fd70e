// The main thread's side of the generator worker: started as early as the
// page can (main.ts, before the app mounts), runs one generation at a time
// and cancels a stale run as soon as a newer one starts, so typing never
// queues work and the page never blocks.
import * as Comlink from 'comlink';
import type { GenerateRequest, GenerateResponse, RunProgress } from '../../worker/browser/protocol.ts';
import type { InsightClient } from '../../worker/browser/insight-types.ts';
import type { GeneratorApi } from '../../worker/browser/web-worker.ts';
import type { GeneratorClient } from './playground.svelte.ts';

export type { GenerateRequest, GenerateResponse, RunProgress };

let api: Comlink.Remote<GeneratorApi> | undefined;
let startedAt = 0;
let readyMs: number | undefined;

/** Create the worker now (idempotent): its code loads while the app mounts. */
export function startGenerator(): Comlink.Remote<GeneratorApi> {
  if (!api) {
    startedAt = performance.now();
    performance.mark('generator-worker-start');
    const w = new Worker(new URL('../../worker/browser/web-worker.ts', import.meta.url), { type: 'module', name: 'cargo2nix-generator' });
    api = Comlink.wrap<GeneratorApi>(w);
    void api.ping().then(() => {
      readyMs = performance.now() - startedAt;
      performance.mark('generator-worker-ready');
    });
  }
  return api;
}

/** Milliseconds from creating the worker to its first answer, once known. */
export function workerStartMs(): number | undefined {
  return readyMs;
}

let current = 0;

export async function runGeneration(request: GenerateRequest, onProgress: (p: RunProgress) => void): Promise<GenerateResponse | undefined> {
  const id = ++current;
  const w = startGenerator();
  if (id > 1) void w.cancel(id - 1);
  const response = await w.generate(id, request, Comlink.proxy(onProgress));
  // A newer run owns the screen now; drop this result.
  return id === current ? response : undefined;
}

/** The Insight views' questions, answered by the worker from its last resolved workspace. */
export const insightClient: InsightClient = {
  summary: () => startGenerator().insight.summary(),
  crates: () => startGenerator().insight.crates(),
  why: (crate, feature, limit) => startGenerator().insight.why(crate, feature, limit),
  platforms: () => startGenerator().insight.platforms(),
  plan: (platform, rootFeatures) => startGenerator().insight.plan(platform, rootFeatures),
  planDiff: (a, b, rootFeatures) => startGenerator().insight.planDiff(a, b, rootFeatures),
  nativeLibraries: () => startGenerator().insight.nativeLibraries(),
  graph: (filter) => startGenerator().insight.graph(filter),
  graphFeatures: () => startGenerator().insight.graphFeatures(),
  lockDiff: (older) => startGenerator().insight.lockDiff(older),
  // The progress callback runs in the page: comlink calls it back across the boundary.
  resolvedLockDiff: (older, onProgress) => startGenerator().insight.resolvedLockDiff(older, onProgress && Comlink.proxy(onProgress)),
  cancelLockDiff: () => startGenerator().insight.cancelLockDiff(),
  tree: (request) => startGenerator().insight.tree(request),
};

export const workerClient: GeneratorClient = { run: runGeneration, insight: insightClient };
