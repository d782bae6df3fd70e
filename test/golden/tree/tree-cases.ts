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
  readonly args: readonly string[];
  readonly exit: number;
  readonly file: string;
}

export interface TreeManifest {
  readonly cargo: string;
  readonly workspaceRoot: string;
  readonly runs: readonly TreeRun[];
}

export function treeManifest(): TreeManifest {
  return JSON.parse(readFileSync(join(TREE_FIXTURES, 'manifest.json'), 'utf8')) as TreeManifest;
}

export function caseDir(set: string, name: string): string {
  return join(FIXTURES, set, 'cases', name);
}

export async function loadTreeWorkspace(set: string, name: string, rootPath: string): Promise<TreeWorkspace> {
  const inputs: ParsedInputs = parseInputs(await readWorkspaceDir(caseDir(set, name)));
  const summaries: Map<string, Summary> = await loadSummaries(inputs, { source: new RegistryDirSource(join(FIXTURES, set, 'registry')) });
  return treeWorkspace(inputs, summaries, rootPath);
}

/** What our engine answers for a run: stdout when cargo succeeded, else the `error: …` text cargo prints. */
export function runTree(ws: TreeWorkspace, args: readonly string[]): { exit: number; text: string } {
  try {
    const command = parseTreeArgs(['.', ...args]);
    if (command === 'help') throw new Error('unexpected --help');
    return { exit: 0, text: cargoTree(ws, command.options) };
  } catch (e) {
    if (e instanceof GeneratorError) return { exit: 101, text: `error: ${e.message}\n` };
    throw e;
  }
}

export function expectedText(run: TreeRun): string {
  return readFileSync(join(TREE_FIXTURES, run.file), 'utf8');
}
