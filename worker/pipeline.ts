// The pipeline, one way: files → workspace + lock (parseInputs) → metadata
// (loadSummaries) → resolve and model (buildModel) → renderers. Everything here is pure apart from the MetadataSource,
// so the same code runs in the Web Worker and in Node.
import { sha256Hex } from './core/sha256.ts';
import { GeneratorError } from './core/errors.ts';
import { parseLockfile, type Lockfile } from './parse/lockfile.ts';
import { normaliseManifest, readRawManifest, type Manifest } from './parse/manifest.ts';
import { summaryFromRegistry, type MetadataSource } from './metadata/source.ts';
import type { ResolvedWorkspace } from './model/model.ts';
import { displayPackageId, type PackageId } from './core/package-id.ts';
import { analyseActivation, type MemberInput } from './resolve/activation.ts';
import type { LocalDirs } from './resolve/crate-source.ts';
import { parseProfiles } from './parse/profiles.ts';
import { renderCargoNix } from './render/cargo2nix/cargo-nix.ts';
import { LockGraph } from './resolve/resolver.ts';
import { buildFeatureMap, type Summary } from './core/summary.ts';
import { binaryNames, loadWorkspace, type Workspace, type WorkspaceFiles } from './parse/workspace.ts';

export interface Progress {
  readonly done: number;
  readonly total: number;
  /** The crate just finished. */
  readonly crate?: string;
}

export interface GenerateOptions {
  readonly source: MetadataSource;
  readonly onProgress?: (p: Progress) => void;
  /** How many metadata requests may be in flight at once. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export function summaryFromManifest(id: PackageId, m: Manifest): Summary {
  return {
    id,
    dependencies: m.dependencies,
    features: buildFeatureMap(m.features, m.dependencies),
    libCrateName: m.libCrateName,
    procMacro: m.procMacro,
    links: m.links,
  };
}

async function mapLimited<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  // After one failure the run is lost: start nothing more (a network source would keep downloading).
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      signal?.throwIfAborted();
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function lockedPathPackage(lock: Lockfile, m: Manifest): PackageId {
  const found = lock.packages.find((p) => p.id.source.kind === 'path' && p.id.name === m.name && p.id.version === m.version);
  if (!found) {
    throw new GeneratorError(
      `\`${m.name} ${m.version}\` (${m.file}) is not in Cargo.lock: the lock does not match the manifests; run \`cargo generate-lockfile\``,
      {
        file: m.file,
        crate: `${m.name}@${m.version}`,
      },
    );
  }
  return found.id;
}

/** Step 1: the workspace's manifests and its lock, parsed. */
export interface ParsedInputs {
  readonly files: WorkspaceFiles;
  readonly ws: Workspace;
  readonly lockText: string;
  readonly lock: Lockfile;
}

export function parseInputs(files: WorkspaceFiles): ParsedInputs {
  const ws = loadWorkspace(files);
  const lockText = files.get('Cargo.lock');
  if (lockText === undefined) throw new GeneratorError('`Cargo.lock` is missing: run `cargo generate-lockfile` and add it', { file: 'Cargo.lock' });
  return { files, ws, lockText, lock: parseLockfile(lockText) };
}

/** Step 2: a Summary for every locked package, local ones from the manifests, the rest from the source. */
export async function loadSummaries(inputs: ParsedInputs, options: GenerateOptions): Promise<Map<string, Summary>> {
  const localByName = new Map<string, Manifest>();
  for (const m of inputs.ws.localByDir.values()) localByName.set(`${m.name} ${m.version}`, m);

  const summaries = new Map<string, Summary>();
  const remote: PackageId[] = [];
  for (const p of inputs.lock.packages) {
    if (p.id.source.kind === 'path') {
      const m = localByName.get(`${p.id.name} ${p.id.version}`);
      // A path package without a manifest only matters if something reaches it; the resolver says so then.
      if (m) summaries.set(p.id.key, summaryFromManifest(p.id, m));
    } else {
      remote.push(p.id);
    }
  }

  let done = 0;
  options.onProgress?.({ done, total: remote.length });
  await mapLimited(remote, options.concurrency ?? 16, options.signal, async (id) => {
    let summary: Summary;
    if (id.source.kind === 'git') {
      const text = await options.source.gitManifest(id);
      const file = `${id.name}@${id.version} (git) Cargo.toml`;
      const raw = readRawManifest(file, text);
      if (!raw.hasPackage)
        throw new GeneratorError(`the git manifest of \`${displayPackageId(id)}\` has no \`[package]\``, { file, crate: displayPackageId(id) });
      summary = summaryFromManifest(id, normaliseManifest(raw, undefined));
    } else {
      summary = summaryFromRegistry(id, await options.source.registryCrate(id));
    }
    summaries.set(id.key, summary);
    done++;
    options.onProgress?.({ done, total: remote.length, crate: displayPackageId(id) });
  });
  return summaries;
}

/** The workspace members as locked packages, in cargo's member order. */
export function memberInputs(inputs: ParsedInputs): MemberInput[] {
  return inputs.ws.members.map((m) => ({
    id: lockedPathPackage(inputs.lock, m),
    path: m.dir,
    rustVersion: m.rustVersion,
    binNames: binaryNames(m, inputs.files),
  }));
}

/** The directory of every locked path package that has a manifest. */
export function localDirs(inputs: ParsedInputs): LocalDirs {
  const byName = new Map<string, string>();
  for (const m of inputs.ws.localByDir.values()) byName.set(`${m.name} ${m.version}`, m.dir);
  const out = new Map<string, string>();
  for (const p of inputs.lock.packages) {
    if (p.id.source.kind !== 'path') continue;
    const dir = byName.get(`${p.id.name} ${p.id.version}`);
    if (dir !== undefined) out.set(p.id.key, dir);
  }
  return out;
}

/** Step 3: resolve and assemble the model every renderer works from. */
export async function buildModel(inputs: ParsedInputs, summaries: ReadonlyMap<string, Summary>): Promise<ResolvedWorkspace> {
  const graph = new LockGraph(inputs.lock, summaries);
  const analysis = analyseActivation(graph, memberInputs(inputs), localDirs(inputs));
  const rootMember = inputs.ws.members.find((m) => m.dir === '');
  return {
    members: analysis.members,
    crates: analysis.crates,
    lockHash: await sha256Hex(new TextEncoder().encode(inputs.lockText)),
    profiles: parseProfiles(inputs.ws.root.text),
    ...(rootMember ? { rootPackage: rootMember.name } : {}),
  };
}

/** Parse, fetch metadata and resolve. */
export async function resolveWorkspace(files: WorkspaceFiles, options: GenerateOptions): Promise<ResolvedWorkspace> {
  const inputs = parseInputs(files);
  // Cheap before costly: a lock that does not match the members fails here, before any metadata request.
  memberInputs(inputs);
  return buildModel(inputs, await loadSummaries(inputs, options));
}

export async function generateCargoNix(files: WorkspaceFiles, options: GenerateOptions): Promise<string> {
  return renderCargoNix(await resolveWorkspace(files, options));
}
