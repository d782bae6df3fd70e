// The golden `cargo tree` runs of test/fixtures/tree/manifest.json (made with Debian's cargo by
// test/tools/make-tree-expected.py), and running one of them through our engine in-process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../../../worker/core/errors.ts';
import type { Summary } from '../../../worker/core/summary.ts';
import { loadSummaries, parseInputs, type ParsedInputs } from '../../../worker/pipeline.ts';
import { RegistryDirSource } from '../../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../../worker/node/workspace-dir.ts';
import { parseTreeArgs } from '../../../worker/node/tree-args.ts';
import { cargoTree, type TreeWorkspace } from '../../../worker/views/cargo-tree.ts';
import { treeWorkspace } from '../../../worker/views/tree/tree-workspace.ts';
import { FIXTURES } from '../../support/golden.ts';

export const TREE_FIXTURES = join(FIXTURES, 'tree');

export interface TreeRun {
  readonly set: string;
  readonly case: string;
  /** The workspace folder and the registry folder it resolves against, relative to test/fixtures. */
  readonly dir: string;
  readonly registry: string;
  readonly args: readonly string[];
  readonly exit: number;
  readonly file: string;
  /** What a successful run printed on stderr (cargo's `warning: …` lines), when it printed anything. */
  readonly warnings?: string;
}

export interface TreeManifest {
  readonly cargo: string;
  readonly workspaceRoot: string;
  readonly runs: readonly TreeRun[];
}

/** The reference runs (`manifest.json`), or the cross-check runs of a newer cargo (`cross-check/manifest.json`). */
export function treeManifest(file = 'manifest.json'): TreeManifest {
  return JSON.parse(readFileSync(join(TREE_FIXTURES, file), 'utf8')) as TreeManifest;
}

export async function loadTreeWorkspace(run: TreeRun, rootPath: string): Promise<TreeWorkspace> {
  const inputs: ParsedInputs = parseInputs(await readWorkspaceDir(join(FIXTURES, run.dir)));
  const summaries: Map<string, Summary> = await loadSummaries(inputs, { source: new RegistryDirSource(join(FIXTURES, run.registry)) });
  return treeWorkspace(inputs, summaries, rootPath);
}

/** What our engine answers for a run: stdout and the warnings when cargo succeeded, else the `error: …` text cargo prints. */
export function runTree(ws: TreeWorkspace, args: readonly string[]): { exit: number; text: string; warnings: string } {
  let warnings = '';
  try {
    const command = parseTreeArgs(['.', ...args]);
    if (command === 'help') throw new Error('unexpected --help');
    const text = cargoTree(ws, command.options, (w) => (warnings += `warning: ${w}\n`));
    return { exit: 0, text, warnings };
  } catch (e) {
    if (e instanceof GeneratorError) return { exit: 101, text: `error: ${e.message}\n`, warnings: '' };
    throw e;
  }
}

export function expectedText(run: TreeRun): string {
  return readFileSync(join(TREE_FIXTURES, run.file), 'utf8');
}

/** cargo's warnings of a successful run ('' when it printed none). */
export function expectedWarnings(run: TreeRun): string {
  return run.warnings === undefined ? '' : readFileSync(join(TREE_FIXTURES, run.warnings), 'utf8');
}
