// The "Download" bundle: the chosen backend's files (or every backend's, each in a folder of its
// own), the inputs they were made from, and a README saying what to run (the same text the command
// line writes, worker/render/backend-readme.ts). Built with fflate, entirely in the page. The caller
// passes one run's inputs and outputs together, so a zip never mixes a project's files with another
// project's Nix.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { GitSourceHash, RenderedOutput } from '../../worker/browser/protocol.ts';
import { allBackendsReadme, backendReadme, HASHES_FILE } from '../../worker/render/backend-readme.ts';
import { backendsIn, outputsOf, type BackendId } from './backend-outputs.ts';
import type { InputFile } from './workspace-files.ts';

export { HASHES_FILE };

export interface BundleInput {
  readonly projectName: string;
  /** Every output of the run; the zip takes the chosen backend's. */
  readonly outputs: readonly RenderedOutput[];
  readonly inputs: readonly InputFile[];
  /** Prefetched hashes of the lock's git sources; written to `nix-hashes.json` when there are any. */
  readonly gitSources?: readonly GitSourceHash[] | undefined;
  /** The backend whose files the zip holds, or `all`: every backend, each in its own folder. Default cargo2nix. */
  readonly backend?: BackendId | 'all';
}

/**
 * `nix-hashes.json`: for each git source, its url, rev, SRI and Nix base32 hash and the packages
 * it provides (`name-version`, the keys of buildRustPackage's `cargoLock.outputHashes`). Sources
 * that could not be hashed carry `error` instead.
 */
export function hashesJson(gitSources: readonly GitSourceHash[]): string {
  const git = gitSources.map((g) => ({
    url: g.url,
    rev: g.rev,
    packages: g.packages,
    ...(g.sri !== undefined ? { sri: g.sri, base32: g.base32 } : { error: g.error ?? 'not hashed' }),
  }));
  return `${JSON.stringify({ git }, null, 2)}\n`;
}

/** The zip's single top-level folder, from the project name. */
export function bundleFolder(projectName: string): string {
  return projectName.replace(/[^\w.-]+/g, '-') || 'project';
}

/** Deterministic zip (fixed timestamps) so the same inputs give the same bytes. */
export function buildBundle(b: BundleInput): Uint8Array {
  const mtime = new Date(Date.UTC(2020, 0, 1));
  const dir = bundleFolder(b.projectName);
  const tree: Zippable = {};
  const put = (path: string, text: string) => {
    tree[`${dir}/${path}`] = [strToU8(text), { mtime }];
  };
  for (const f of b.inputs) if (f.text !== '' || f.path.endsWith('.toml') || f.path.endsWith('.lock')) put(f.path, f.text);
  const gitSources = b.gitSources ?? [];
  if (gitSources.length > 0) put(HASHES_FILE, hashesJson(gitSources));
  const backend = b.backend ?? 'cargo2nix';
  if (backend === 'all') {
    const backends = backendsIn(b.outputs);
    for (const one of backends) {
      const outputs = outputsOf(b.outputs, one);
      for (const o of outputs) if (o.ok) for (const f of o.files) put(`${one}/${f.path}`, f.text);
      put(`${one}/README.md`, backendReadme({ projectName: b.projectName, backend: one, outputs }));
    }
    put('README.md', allBackendsReadme(b.projectName, backends, gitSources));
  } else {
    const outputs = outputsOf(b.outputs, backend);
    for (const o of outputs) if (o.ok) for (const f of o.files) put(f.path, f.text);
    put('README.md', backendReadme({ projectName: b.projectName, backend, outputs, gitSources }));
  }
  return zipSync(tree, { level: 6 });
}

/** Hand bytes to the browser as a file download. */
export function saveFile(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; the URL only needs to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
