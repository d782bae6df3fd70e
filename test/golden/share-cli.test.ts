// The `share` command's links carry everything a golden case needs: decoded, their files are the
// case's files, and their snapshot alone (a MemorySource, no registry folder, no network) renders
// the golden Cargo.nix byte for byte.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import { flakeOptionsOf } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { renderAll } from '../../worker/render/index.ts';
import { parseShareArgs } from '../../worker/node/share-args.ts';
import { shareLinkOf } from '../../worker/node/share-link.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { decodeShare, payloadFromFragment, type SharedState } from '../../worker/share/index.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { assertSameFile, FIXTURES, goldenCases } from '../support/golden.ts';

const run = promisify(execFile);
const cases = goldenCases();

function shareCommand(argv: string[]) {
  const command = parseShareArgs(argv);
  if (command.kind !== 'share') throw new Error('expected a share command');
  return command;
}

function stateOfLink(link: string): SharedState {
  const hash = new URL(link).hash;
  const payload = payloadFromFragment(hash);
  if (payload === null) throw new Error(`no #s= in ${link}`);
  return decodeShare(payload);
}

async function cargoNixOffline(state: SharedState): Promise<string> {
  if (!state.snapshot) throw new Error('the link carries no snapshot');
  const files = new Map(state.files.map((f) => [f.path, f.text]));
  const model = await resolveWorkspace(files, { source: new MemorySource(state.snapshot) });
  const out = renderAll(model, { flake: flakeOptionsOf(state.options) }).find((o) => o.renderer === 'cargo2nix/Cargo.nix');
  if (!out?.ok) throw new Error(`Cargo.nix failed: ${out ? out.error.message : 'no renderer'}`);
  return out.files[0]!.text;
}

describe('share links of the golden cases', () => {
  for (const c of cases) {
    it(`${c.set}/${c.name}: the link's files and snapshot render the golden Cargo.nix offline`, async () => {
      const link = await shareLinkOf(shareCommand([c.dir, '--snapshot', '--registry', c.registry, '--tab', 'Cargo.nix']));
      expect(link.startsWith('http://127.0.0.1:5173/#s=1.')).toBe(true);
      const state = stateOfLink(link);
      expect(new Map(state.files.map((f) => [f.path, f.text]))).toEqual(await readWorkspaceDir(c.dir));
      expect(state.tab).toEqual({ kind: 'output', id: 'cargo2nix/Cargo.nix' });
      assertSameFile(`${c.set}/${c.name}/Cargo.nix (share link)`, await cargoNixOffline(state), readFileSync(c.expected, 'utf8'));
    });
  }

  it('without --snapshot the link carries the files only', async () => {
    const c = cases[0]!;
    const state = stateOfLink(await shareLinkOf(shareCommand([c.dir, '--base', 'https://docs.example/play/', '--tab', 'Cargo.toml'])));
    expect(state.snapshot).toBeUndefined();
    expect(state.tab).toEqual({ kind: 'input', id: 'Cargo.toml' });
    await expect(cargoNixOffline(state)).rejects.toThrow('no snapshot');
  });
});

describe('share snapshot from the network', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry([join(FIXTURES, 'crates-io', 'registry')]);
  });
  afterAll(() => registry.close());

  it('is the same link as from the registry folder (the fake registry serves the same metadata)', async () => {
    const c = cases.find((x) => x.set === 'crates-io' && x.name === 'cross-compiling')!;
    const fromFolder = await shareLinkOf(shareCommand([c.dir, '--snapshot', '--registry', c.registry]));
    const fromNetwork = await shareLinkOf(shareCommand([c.dir, '--snapshot', '--index', registry.indexBase, '--dl', registry.downloadBase]));
    expect(registry.requestCount()).toBeGreaterThan(0);
    expect(fromNetwork).toBe(fromFolder);
  });
});

describe('share command line', () => {
  const c = cases.find((x) => x.name === 'workspace') ?? cases[0]!;

  it('prints the embed link on one line', async () => {
    const { stdout, stderr } = await run('npx', ['tsx', 'worker/node/share-cli.ts', c.dir, '--embed', '--base', 'https://docs.example'], {
      maxBuffer: 64 << 20,
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^https:\/\/docs\.example\/embed#s=1\.[A-Za-z0-9_-]+\n$/);
    expect(new Map(stateOfLink(stdout.trim()).files.map((f) => [f.path, f.text]))).toEqual(await readWorkspaceDir(c.dir));
  });

  it('exits 1 with one line naming a bad --tab', async () => {
    const err = await run('npx', ['tsx', 'worker/node/share-cli.ts', c.dir, '--tab', 'nope.txt']).then(
      () => undefined,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toBe('');
    expect(err?.stderr).toMatch(
      /^error: --tab `nope\.txt` is neither an input file \(.*Cargo\.toml.*\) nor an output \(.*cargo2nix\/Cargo\.nix.*\)\n$/,
    );
  });

  it('refuses metadata flags without --snapshot and a base that is not a URL', () => {
    expect(() => parseShareArgs([c.dir, '--registry', 'r'])).toThrow('add --snapshot');
    expect(() => parseShareArgs([c.dir, '--base', 'example.org'])).toThrow('absolute URL');
    expect(() => parseShareArgs([c.dir, '--base', 'https://x/#a'])).toThrow('without ?query or #fragment');
  });
});
