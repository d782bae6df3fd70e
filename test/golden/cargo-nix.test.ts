// Every real cargo2nix 0.12.0 output in test/fixtures must be reproduced byte
// for byte, both in-process (through the renderer list, as the site and every
// other output use it) and through the command line's contract.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { renderAll } from '../../worker/render/index.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { assertSameFile, goldenCases } from '../support/golden.ts';

const run = promisify(execFile);
const cases = goldenCases();

/** The Cargo.nix among every renderer's outputs, failing with the renderer's own error if it wrote none. */
function cargoNixOf(outputs: ReturnType<typeof renderAll>): string {
  const out = outputs.find((o) => o.renderer === 'cargo2nix/Cargo.nix');
  if (!out) throw new Error(`no cargo2nix/Cargo.nix renderer among ${outputs.map((o) => o.renderer).join(', ')}`);
  if (!out.ok) throw new Error(`Cargo.nix failed: ${out.error.message}`);
  expect(out.files.map((f) => f.path)).toEqual(['Cargo.nix']);
  return out.files[0]!.text;
}

describe('golden Cargo.nix', () => {
  it('has cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const c of cases) {
    it(`${c.set}/${c.name} (engine)`, async () => {
      const model = await resolveWorkspace(await readWorkspaceDir(c.dir), { source: new RegistryDirSource(c.registry) });
      const actual = cargoNixOf(renderAll(model, { flake: {} }));
      assertSameFile(`${c.set}/${c.name}/Cargo.nix`, actual, readFileSync(c.expected, 'utf8'));
    });
  }

  it('command line prints the same bytes to stdout', async () => {
    const c = cases.find((x) => x.name === 'features-misc') ?? cases[0]!;
    const { stdout, stderr } = await run('npx', ['tsx', 'worker/node/cli.ts', c.dir, '--registry', c.registry], { maxBuffer: 64 << 20 });
    expect(stderr).toBe('');
    assertSameFile(`${c.set}/${c.name}/Cargo.nix (cli)`, stdout, readFileSync(c.expected, 'utf8'));
  });

  it('command line exits 1 with a one-line error', async () => {
    const c = cases[0]!;
    const err = await run('npx', ['tsx', 'worker/node/cli.ts', c.dir, '--registry', '/nonexistent-registry']).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(err).toBeDefined();
    expect(err!.code).toBe(1);
    expect(err!.stdout).toBe('');
    expect(err!.stderr.trim().split('\n')).toHaveLength(1);
    expect(err!.stderr).toBe('error: /nonexistent-registry: no such folder\n');
  });
});
