// The generator as a Web Worker behind comlink: the page sends inputs and
// options, the worker fetches metadata (bundled snapshot first, then the
// network), resolves, and renders Cargo.nix and flake.nix. Runs can be
// cancelled; a cancelled run answers `cancelled` instead of a result.
import * as Comlink from 'comlink';
import { GeneratorError } from './errors.ts';
import { resolveWorkspace } from './generate.ts';
import { LayeredSource } from './layered-source.ts';
import { MemorySource, type MetadataSnapshot } from './memory-source.ts';
import type { MetadataSource } from './metadata.ts';
import type { ResolvedWorkspace } from './model.ts';
import { renderCargoNix } from './render-cargo-nix.ts';
import { renderFlakeNix, type FlakeOptions } from './render-flake-nix.ts';
import { createNetworkSource } from './net/browser-source.ts';
import { checkNetworkSupport } from './net/network-source.ts';

export interface GenerateRequest {
  /** Input files by relative path (`Cargo.toml`, `Cargo.lock`, `app/Cargo.toml`). */
  readonly files: Readonly<Record<string, string>>;
  /** Metadata bundled with an example, consulted before the network. */
  readonly snapshot: MetadataSnapshot | undefined;
  readonly network: { readonly indexBase: string; readonly downloadBase: string };
  readonly flake: Partial<FlakeOptions>;
}

export interface RunProgress {
  readonly phase: 'metadata' | 'resolve' | 'render';
  readonly done: number;
  readonly total: number;
  readonly crate?: string;
}

export interface RunSummary {
  readonly crates: number;
  readonly members: readonly string[];
  readonly fromCache: number;
  readonly fetched: number;
  readonly ms: number;
}

export interface ErrorInfo {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly crate?: string;
}

export type GenerateResponse =
  | { readonly ok: true; readonly cargoNix: string; readonly flakeNix: string; readonly summary: RunSummary }
  | { readonly ok: false; readonly cancelled: boolean; readonly error: ErrorInfo };

const runs = new Map<number, AbortController>();

function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof GeneratorError) return { message: e.message, ...e.location };
  if (e instanceof Error) return { message: e.message };
  return { message: String(e) };
}

async function generate(id: number, request: GenerateRequest, onProgress: (p: RunProgress) => void): Promise<GenerateResponse> {
  const controller = new AbortController();
  runs.set(id, controller);
  const started = performance.now();
  try {
    const snapshot = request.snapshot ? new MemorySource(request.snapshot) : undefined;
    const lockText = request.files['Cargo.lock'];
    // Name every git dependency the snapshot cannot answer for, before any download starts.
    if (lockText !== undefined) checkNetworkSupport(lockText, (id) => snapshot?.has(id) ?? false);
    const network = createNetworkSource({ ...request.network, signal: controller.signal });
    const source: MetadataSource = snapshot ? new LayeredSource(snapshot, network.source) : network.source;
    const files = new Map(Object.entries(request.files));
    const model: ResolvedWorkspace = await resolveWorkspace(files, {
      source,
      signal: controller.signal,
      onProgress: (p) => onProgress({ phase: 'metadata', done: p.done, total: p.total, ...(p.crate ? { crate: p.crate } : {}) }),
    });
    controller.signal.throwIfAborted();
    onProgress({ phase: 'render', done: 0, total: 1 });
    const cargoNix = renderCargoNix(model);
    const flakeNix = renderFlakeNix(model, request.flake);
    const counters = network.counters();
    return {
      ok: true,
      cargoNix,
      flakeNix,
      summary: {
        crates: model.crates.length,
        members: model.members.map((m) => m.name),
        fromCache: counters.cacheHits,
        fetched: counters.fetched,
        ms: Math.round(performance.now() - started),
      },
    };
  } catch (e) {
    if (controller.signal.aborted) return { ok: false, cancelled: true, error: { message: 'cancelled' } };
    return { ok: false, cancelled: false, error: toErrorInfo(e) };
  } finally {
    runs.delete(id);
  }
}

const api = {
  ping: () => true,
  generate,
  cancel(id: number): void {
    runs.get(id)?.abort();
  },
};

export type GeneratorApi = typeof api;

Comlink.expose(api);
