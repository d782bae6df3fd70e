// The inputs every backend's golden files, parse checks and evaluations share: each golden case's
// resolved model, and the git hashes the prefetch gives for it (git-hashes.json: the Nix hash of
// each test git repository at the locked commit, checked against real Nix by
// test/nix/backends-eval-brp.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitSourceHash } from '../../../worker/model/git-hash.ts';
import type { ResolvedWorkspace } from '../../../worker/model/model.ts';
import { RegistryDirSource } from '../../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../../worker/node/workspace-dir.ts';
import { resolveWorkspace } from '../../../worker/pipeline.ts';
import { goldenCases, type GoldenCase } from '../../support/golden.ts';

export const BACKENDS_GOLDEN = import.meta.dirname;

export interface BackendCase {
  /** `set/name`, e.g. `debian/git-path`: also the golden files' folder under each backend. */
  readonly label: string;
  readonly golden: GoldenCase;
  readonly ws: ResolvedWorkspace;
  readonly gitHashes: readonly GitSourceHash[];
}

/** The prefetched git hashes of every golden case that has git dependencies, by case label. */
export function gitHashFixture(): Record<string, GitSourceHash[]> {
  return JSON.parse(readFileSync(join(BACKENDS_GOLDEN, 'git-hashes.json'), 'utf8')) as Record<string, GitSourceHash[]>;
}

async function load(golden: GoldenCase, hashes: Record<string, GitSourceHash[]>): Promise<BackendCase> {
  const label = `${golden.set}/${golden.name}`;
  const ws = await resolveWorkspace(await readWorkspaceDir(golden.dir), { source: new RegistryDirSource(golden.registry) });
  return { label, golden, ws, gitHashes: hashes[label] ?? [] };
}

export async function backendCases(): Promise<BackendCase[]> {
  const hashes = gitHashFixture();
  return Promise.all(goldenCases().map((g) => load(g, hashes)));
}

export async function backendCase(label: string): Promise<BackendCase> {
  const golden = goldenCases().find((g) => `${g.set}/${g.name}` === label);
  if (!golden) throw new Error(`no golden case ${label}`);
  return load(golden, gitHashFixture());
}
