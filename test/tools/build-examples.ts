// Builds public/examples/<id>.json — the site's bundled examples — from the
// golden fixtures: the workspace's files plus exactly the crate metadata its
// lock needs. `tsx test/tools/build-examples.ts` rewrites them; the test
// test/unit/examples.test.ts fails when they drift from the fixtures.
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import type { CrateFacts, IndexEntry } from '../../worker/metadata/source.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { FIXTURES } from '../support/golden.ts';

export const EXAMPLE_SOURCES: Readonly<Record<string, { set: string; name: string }>> = {
  'hello-world': { set: 'crates-io', name: 'hello-world' },
  'bigger-project': { set: 'crates-io', name: 'bigger-project' },
  'cross-compiling': { set: 'crates-io', name: 'cross-compiling' },
  workspace: { set: 'debian', name: 'workspace' },
  features: { set: 'debian', name: 'features-misc' },
};

/**
 * Small examples written for the documentation page (test/fixtures/<set>/examples/, see the README
 * there): no real cargo2nix output exists for them, so their tests check structure, not bytes.
 */
export const SMALL_EXAMPLE_SOURCES: Readonly<Record<string, { set: string; name: string }>> = {
  'workspace-members': { set: 'crates-io', name: 'workspace-members' },
  'root-features': { set: 'crates-io', name: 'root-features' },
  'target-deps': { set: 'crates-io', name: 'target-deps' },
  'build-script': { set: 'crates-io', name: 'build-script' },
  'sys-crate': { set: 'crates-io', name: 'sys-crate' },
};

/** The workspace folder an example is built from. */
export function exampleDir(id: string): string {
  const golden = EXAMPLE_SOURCES[id];
  if (golden) return join(FIXTURES, golden.set, 'cases', golden.name);
  const small = SMALL_EXAMPLE_SOURCES[id];
  if (small) return join(FIXTURES, small.set, 'examples', small.name);
  throw new Error(`unknown example ${id}`);
}

export interface ExampleFile {
  readonly files: Record<string, string>;
  readonly snapshot: MetadataSnapshot;
}

export async function buildExample(id: string): Promise<ExampleFile> {
  const src = EXAMPLE_SOURCES[id] ?? SMALL_EXAMPLE_SOURCES[id];
  if (!src) throw new Error(`unknown example ${id}`);
  const dir = exampleDir(id);
  const registry = new RegistryDirSource(join(FIXTURES, src.set, 'registry'));
  const files = Object.fromEntries(await readWorkspaceDir(dir));
  const lock = parseLockfile(files['Cargo.lock'] ?? '');
  const index: Record<string, IndexEntry[]> = {};
  const facts: Record<string, CrateFacts> = {};
  const git: Record<string, string> = {};
  for (const p of lock.packages) {
    const key = `${p.id.name}@${p.id.version}`;
    if (p.id.source.kind === 'git') git[key] = await registry.gitManifest(p.id);
    else if (p.id.source.kind !== 'path') {
      const c = await registry.registryCrate(p.id);
      (index[p.id.name] ??= []).push(c.entry);
      facts[key] = c.facts;
    }
  }
  return { files, snapshot: { index, facts, git } };
}

export function exampleJson(e: ExampleFile): string {
  return JSON.stringify(e) + '\n';
}

export const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'public', 'examples');

if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) {
  await mkdir(EXAMPLES_DIR, { recursive: true });
  for (const id of [...Object.keys(EXAMPLE_SOURCES), ...Object.keys(SMALL_EXAMPLE_SOURCES)]) {
    await writeFile(join(EXAMPLES_DIR, `${id}.json`), exampleJson(await buildExample(id)));
    process.stdout.write(`wrote public/examples/${id}.json\n`);
  }
}
