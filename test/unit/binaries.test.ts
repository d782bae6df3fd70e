// Which binaries a member builds decides the flake's apps: declared [[bin]]
// targets, src/main.rs and src/bin/ (cargo's autobins), or — when only the
// manifest is known — a package without [lib] taken for `cargo new`'s binary.
import { describe, expect, it } from 'vitest';
import { renderFlakeNix } from '../../worker/render/cargo2nix/flake-nix.ts';
import { flakeApps } from '../../worker/render/cargo2nix/flake-options.ts';
import { binaryNames, loadWorkspace } from '../../worker/parse/workspace.ts';
import { files, model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const names = (record: Record<string, string>) => {
  const fs = files(record);
  const ws = loadWorkspace(fs);
  return ws.members.map((m) => [m.name, binaryNames(m, fs)]);
};

describe('binaries', () => {
  it('counts declared [[bin]] targets, src/main.rs and src/bin/', () => {
    const manifest = '[package]\nname = "tool"\nversion = "1.0.0"\n\n[[bin]]\nname = "tool-cli"\npath = "src/cli.rs"\n';
    expect(names({ 'Cargo.toml': manifest, 'src/main.rs': '', 'src/bin/extra.rs': '', 'src/bin/multi/main.rs': '', 'src/lib.rs': '' })).toEqual([
      ['tool', ['tool-cli', 'tool', 'extra', 'multi']],
    ]);
  });

  it('respects autobins = false and a library-only package', () => {
    expect(names({ 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\nautobins = false\n', 'src/main.rs': '' })).toEqual([['x', []]]);
    expect(names({ 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n', 'src/lib.rs': '' })).toEqual([['x', []]]);
  });

  it('takes a manifest-only package without [lib] for a binary, and one with [lib] for a library', () => {
    expect(names({ 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n' })).toEqual([['x', ['x']]]);
    expect(names({ 'Cargo.toml': '[package]\nname = "x"\nversion = "1.0.0"\n\n[lib]\nname = "x"\n' })).toEqual([['x', []]]);
  });

  it('gives the flake one app per binary, the package-named one as default', async () => {
    const s = scenario('workspace-sources');
    const ws = await model(s.files, s.snapshot);
    expect(flakeApps(ws)).toEqual([
      { name: 'cli', member: 'cli', bin: 'cli' },
      { name: 'cli-helper', member: 'cli', bin: 'cli-helper' },
    ]);
    const text = renderFlakeNix(ws);
    expect(text).toContain('program = "${packages.cli}/bin/cli-helper";');
    expect(text).toMatch(/default = apps\.cli;/);
  });

  it('prefixes a binary name two members share with its member', () => {
    const ws = { members: ['a', 'b'].map((n) => ({ name: n, binNames: ['serve'] })) } as unknown as Parameters<typeof flakeApps>[0];
    expect(flakeApps(ws).map((a) => a.name)).toEqual(['a-serve', 'b-serve']);
  });
});
