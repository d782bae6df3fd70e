// `npm run --silent tree -- <workspace-dir> [--registry <dir>] [cargo tree options]`: prints what
// `cargo tree` prints for the workspace (Debian's cargo 1.65, byte for byte; see
// test/fixtures/tree/README.md), with crate metadata from a registry folder or, without one, from
// crates.io and git hosts. What cargo itself refuses (a package spec that matches nothing or is
// ambiguous, an unknown feature or edge kind) is printed as cargo prints it, `error: …` (several
// lines when cargo's message has them), exit code 101 as cargo's; input problems (a missing
// folder, a bad Cargo.lock) are the command line's usual one-line located error, exit code 1.
import { resolve as resolvePath } from 'node:path';
import { GeneratorError } from '../core/errors.ts';
import type { MetadataSource } from '../metadata/source.ts';
import { parseLockfile } from '../parse/lockfile.ts';
import { loadSummaries, parseInputs } from '../pipeline.ts';
import { cargoTree } from '../views/cargo-tree.ts';
import { SpecError } from '../views/tree/package-spec.ts';
import { treeWorkspace } from '../views/tree/tree-workspace.ts';
import type { WorkspaceFiles } from '../parse/workspace.ts';
import { requireFolder } from './folder.ts';
import { RegistryDirSource } from './registry-dir.ts';
import { parseTreeArgs, TREE_USAGE, TreeUsageError } from './tree-args.ts';
import { readWorkspaceDir } from './workspace-dir.ts';

async function metadataSource(registry: string | undefined, files: WorkspaceFiles): Promise<MetadataSource> {
  if (registry !== undefined) {
    requireFolder(registry);
    return new RegistryDirSource(registry);
  }
  const { NetworkSource } = await import('../metadata/net/network-source.ts');
  const lockText = files.get('Cargo.lock');
  const git = lockText === undefined ? [] : parseLockfile(lockText).packages.filter((p) => p.id.source.kind === 'git');
  if (git.length === 0) return new NetworkSource({});
  const [{ GitSource }, { prefetchGit }] = await Promise.all([import('../metadata/git/git-source.ts'), import('../browser/git-prefetch.ts')]);
  const prefetch = prefetchGit(git, new GitSource({}));
  return new NetworkSource({ gitManifest: (id) => prefetch.gitManifest(id) });
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseTreeArgs(argv);
    if (command === 'help') {
      process.stdout.write(`${TREE_USAGE}\n`);
      return 0;
    }
    requireFolder(command.dir);
    const files = await readWorkspaceDir(command.dir);
    const inputs = parseInputs(files);
    const summaries = await loadSummaries(inputs, { source: await metadataSource(command.registry, files) });
    const ws = treeWorkspace(inputs, summaries, command.rootPath ?? resolvePath(command.dir));
    process.stdout.write(cargoTree(ws, command.options, (warning) => process.stderr.write(`warning: ${warning}\n`)));
    return 0;
  } catch (e) {
    if (e instanceof SpecError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 101;
    }
    const message = e instanceof GeneratorError ? e.format() : e instanceof TreeUsageError || e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${message.replace(/\n/g, ' ')}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
