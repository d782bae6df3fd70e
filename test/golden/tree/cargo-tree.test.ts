// Every golden `cargo tree` run (test/fixtures/tree/manifest.json, made with Debian's cargo 1.65)
// must come out of our engine byte for byte: stdout for the runs cargo answered, cargo's error text
// for the ones it refused. Plus the command line's contract on a few of them.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreeWorkspace } from '../../../worker/views/cargo-tree.ts';
import { assertSameFile, FIXTURES } from '../../support/golden.ts';
import { expectedText, expectedWarnings, loadTreeWorkspace, runTree, treeManifest, type TreeRun } from './tree-cases.ts';

const run = promisify(execFile);
const manifest = treeManifest();
const cases = [...new Set(manifest.runs.map((r) => `${r.set}/${r.case}`))];
const crossCheck = treeManifest('cross-check/manifest.json');

function goldenRuns(runs: readonly TreeRun[], root: string): void {
  for (const key of [...new Set(runs.map((r) => `${r.set}/${r.case}`))]) {
    describe(key, () => {
      const own = runs.filter((x) => `${x.set}/${x.case}` === key);
      let ws: TreeWorkspace;
      beforeAll(async () => {
        ws = await loadTreeWorkspace(own[0]!, root);
      });
      for (const r of own) {
        it(`cargo tree ${r.args.join(' ')}`, () => {
          const got = runTree(ws, r.args);
          assertSameFile(`tree/${r.file}`, got.text, expectedText(r));
          expect(got.exit === 0).toBe(r.exit === 0);
          expect(got.warnings).toBe(expectedWarnings(r));
        });
      }
    });
  }
}

describe('golden cargo tree', () => {
  it('has the reference runs', () => {
    expect(manifest.cargo).toBe('cargo 1.65.0');
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(manifest.runs.length).toBeGreaterThanOrEqual(300);
  });

  goldenRuns(manifest.runs, manifest.workspaceRoot);
});

// cargo2nix-self is beyond Debian's cargo; a newer cargo's answers for it guard the 388-package graph.
describe(`cargo tree cross-check (${crossCheck.cargo}, not the reference)`, () => {
  it('covers cargo2nix-self', () => {
    expect(crossCheck.runs.map((r) => r.case)).toContain('cargo2nix-self');
  });
  goldenRuns(crossCheck.runs, crossCheck.workspaceRoot);
});

// cargo prints a registry crate's license from its .crate's Cargo.toml; the index and our crate facts
// do not carry it, so a tree that reaches one is refused (the members' own fields are printed).
describe('{l} and {r} beyond the workspace', () => {
  it('refuses, naming the first package whose Cargo.toml is not at hand', async () => {
    const r = manifest.runs.find((x) => x.case === 'virtual-v2')!;
    const ws = await loadTreeWorkspace(r, manifest.workspaceRoot);
    const got = runTree(ws, ['--target', 'x86_64-unknown-linux-gnu', '--depth', '1', '-f', '{p} {r}']);
    expect(got.exit).toBe(101);
    expect(got.text).toBe(
      'error: the `{r}` format pattern (repository) is only supported for workspace and path packages: `serde v1.0.152` comes from a registry or git source, whose Cargo.toml is not read here\n',
    );
    expect(runTree(ws, ['--target', 'x86_64-unknown-linux-gnu', '--depth', '0', '-f', '{p} {r}']).text).toBe(
      'a v0.2.0 (/ws/a) https://example.org/virtual-v2\n',
    );
  });
});

describe('npm run tree (command line)', () => {
  const cli = (args: readonly string[]) =>
    run('npx', ['tsx', 'worker/node/tree-cli.ts', ...args], { maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const find = (pred: (r: TreeRun) => boolean) => {
    const r = manifest.runs.find(pred);
    if (!r) throw new Error('no such golden run');
    return r;
  };

  it('prints the golden tree, members with their absolute paths', async () => {
    const r = find((x) => x.case === 'workspace' && x.args.join(' ') === '--target x86_64-unknown-linux-gnu -e features');
    const dir = join(FIXTURES, r.dir);
    const out = await cli([dir, '--registry', join(FIXTURES, r.registry), ...r.args]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    assertSameFile(`tree/${r.file} (cli)`, out.stdout.split(`${dir}/`).join(`${manifest.workspaceRoot}/`), expectedText(r));
  });

  it("refuses an ambiguous spec with cargo's message and exit code", async () => {
    const r = find((x) => x.case === 'bigger-project' && x.args.join(' ') === '--target x86_64-unknown-linux-gnu -i bytes');
    const out = await cli([join(FIXTURES, r.dir), '--registry', join(FIXTURES, r.registry), '--root-path', '/ws', ...r.args]);
    expect(out.stdout).toBe('');
    expect(out.code).toBe(101);
    expect(out.stderr).toBe(expectedText(r));
  });

  it("prints cargo's warnings on stderr and still the tree (an --exclude that matches no member)", async () => {
    const r = find((x) => x.case === 'workspace' && x.args.includes('--exclude') && x.warnings !== undefined);
    const out = await cli([join(FIXTURES, r.dir), '--registry', join(FIXTURES, r.registry), '--root-path', '/ws', ...r.args]);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(expectedWarnings(r));
    expect(out.stdout).toBe(expectedText(r));
  });

  it('a missing folder is a one-line located error', async () => {
    const out = await cli(['/nonexistent-workspace']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('error: /nonexistent-workspace: no such folder\n');
  });
});
