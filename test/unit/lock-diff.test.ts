// The lock diff on real files: bigger-project's and cargo2nix-self's
// Cargo.lock and the debian workspace's Cargo.nix, each against an older copy
// made by editing it the way an upgrade would have (a version, a removed
// package, a feature, a platform condition).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { cargoNixCrates, detectFormat, lockDiff, type CrateChange, type LockDiff } from '../../worker/views/lock-diff.ts';
import { FIXTURES } from '../support/golden.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import { backendCase } from '../golden/backends/cases.ts';

const read = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8');
const biggerLock = read('crates-io', 'cases', 'bigger-project', 'Cargo.lock');
const selfLock = read('crates-io', 'cases', 'cargo2nix-self', 'Cargo.lock');
const workspaceNix = read('debian', 'cases', 'workspace', 'expected', 'Cargo.nix');
const selfNix = read('crates-io', 'cases', 'cargo2nix-self', 'expected', 'Cargo.nix');

/** Replaces exactly one occurrence, so an edit that silently misses fails the test. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`\`${from}\` is not in the text exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const change = (d: LockDiff, name: string): CrateChange | undefined => d.changes.find((c) => c.name === name);

function thrown(f: () => unknown): GeneratorError {
  try {
    f();
  } catch (e) {
    if (e instanceof GeneratorError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('lock diff of Cargo.lock files', () => {
  it('finds nothing between a lock and itself', () => {
    const d = lockDiff(selfLock, { lock: selfLock, cargoNix: undefined });
    expect(d.format).toBe('Cargo.lock');
    expect(d.changes).toEqual([]);
    expect(d.counts.unchanged).toBe(388);
  });

  it('names the bump, the added and removed packages, and the dependency lists that changed', () => {
    let older = edit(biggerLock, 'name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.12.3"');
    older = edit(older, '[[package]]\nname = "bumpalo"\nversion = "3.14.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n', '');
    older = edit(older, 'checksum = "7f30e7476521f6f8af1a1c4c0b8cc94f0bee37d91763d0ca2665f299b6cd8aec"\n\n', '');
    older = edit(older, ' "bumpalo",\n', '');
    older = edit(older, 'dependencies = [\n "base64",\n', 'dependencies = [\n "base64",\n "oldcrate",\n');
    older += '\n[[package]]\nname = "oldcrate"\nversion = "1.0.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n';
    const d = lockDiff(older, { lock: biggerLock, cargoNix: undefined });
    expect(d.counts).toEqual({ added: 1, removed: 1, bumped: 1, changed: 2, unchanged: 122 });
    expect(change(d, 'base64')).toMatchObject({ kind: 'bumped', from: '0.12.3', to: '0.13.1', direction: 'up' });
    expect(change(d, 'bumpalo')).toMatchObject({ kind: 'added', from: undefined, to: '3.14.0' });
    expect(change(d, 'oldcrate')).toMatchObject({ kind: 'removed', from: '1.0.0', to: undefined });
    expect(change(d, 'reqwest')).toMatchObject({ kind: 'changed', dependenciesRemoved: ['oldcrate'], dependenciesAdded: [] });
    expect(change(d, 'wasm-bindgen-backend')).toMatchObject({ kind: 'changed', dependenciesAdded: ['bumpalo'] });
    // The current file's line, for jumping there.
    expect(change(d, 'bumpalo')!.line).toBe(37);
  });

  it('pairs two versions of one name lowest with lowest, and tells a downgrade', () => {
    const older = edit(biggerLock, 'name = "bitflags"\nversion = "2.4.1"', 'name = "bitflags"\nversion = "2.5.0"').replaceAll(
      '"bitflags 2.4.1"',
      '"bitflags 2.5.0"',
    );
    const d = lockDiff(older, { lock: biggerLock, cargoNix: undefined });
    expect(d.changes.filter((c) => c.name === 'bitflags')).toMatchObject([{ kind: 'bumped', from: '2.5.0', to: '2.4.1', direction: 'down' }]);
  });

  it('locates a broken older lock in the older file', () => {
    const e = thrown(() => lockDiff('[[package]]\nname = "a"\nversion = = "1"\n', { lock: biggerLock, cargoNix: undefined }, 'Cargo.lock (older)'));
    expect(e.location).toMatchObject({ file: 'Cargo.lock (older)', line: 3 });
    expect(e.location.column).toBeGreaterThan(0);
  });
});

describe('lock diff of Cargo.nix files', () => {
  it('reads every crate of a real Cargo.nix with its features and conditional edges', () => {
    const crates = cargoNixCrates(selfNix);
    expect(crates.size).toBe(388);
    const util = cargoNixCrates(workspaceNix).get('util 0.2.0 unknown')!;
    expect([...util.features!]).toEqual([['extra', `rootFeatures' ? "app/extra" || rootFeatures' ? "util/extra"`]]);
    expect(util.dependencies.get('normal log')).toEqual({
      crate: 'log 0.4.17',
      condition: `rootFeatures' ? "app/extra" || rootFeatures' ? "util/extra"`,
    });
  });

  it('names feature, platform and root-feature changes beside the bump', () => {
    let older = edit(workspaceNix, '      (lib.optional (rootFeatures\' ? "app/extra") "extra")\n', '');
    older = edit(
      older,
      '      ${ if hostPlatform.isUnix then "libc" else null } = (rustPackages."registry+https://github.com/rust-lang/crates.io-index".libc."0.2.139" { inherit profileName; }).out;\n    };\n  });\n  \n  "registry+https://github.com/rust-lang/crates.io-index".libc',
      '      ${ if hostPlatform.isLinux then "libc" else null } = (rustPackages."registry+https://github.com/rust-lang/crates.io-index".libc."0.2.139" { inherit profileName; }).out;\n    };\n  });\n  \n  "registry+https://github.com/rust-lang/crates.io-index".libc',
    );
    older = older.replaceAll('log."0.4.17"', 'log."0.4.14"').replace('version = "0.4.17"', 'version = "0.4.14"');
    older = edit(
      older,
      `\${ if rootFeatures' ? "app/extra" || rootFeatures' ? "util/extra" then "log"`,
      `\${ if rootFeatures' ? "util/extra" then "log"`,
    );
    expect(detectFormat(older)).toBe('Cargo.nix');
    const d = lockDiff(older, { lock: '', cargoNix: workspaceNix });
    expect(d.format).toBe('Cargo.nix');
    expect(change(d, 'app')).toMatchObject({ kind: 'changed', featuresAdded: ['extra'], featuresRemoved: [] });
    expect(change(d, 'getrandom')!.conditionChanges).toEqual([
      { what: 'normal libc', from: 'hostPlatform.isLinux', to: 'hostPlatform.isUnix', platform: true },
    ]);
    expect(change(d, 'log')).toMatchObject({ kind: 'bumped', from: '0.4.14', to: '0.4.17', direction: 'up' });
    expect(change(d, 'util')!.conditionChanges).toEqual([
      {
        what: 'normal log',
        from: `rootFeatures' ? "util/extra"`,
        to: `rootFeatures' ? "app/extra" || rootFeatures' ? "util/extra"`,
        platform: false,
      },
    ]);
    expect(d.counts).toMatchObject({ bumped: 1, changed: 3, added: 0, removed: 0 });
  });

  it('refuses a Cargo.nix line cargo2nix does not write, at its line and column', () => {
    const older = edit(workspaceNix, '      once_cell = (rustPackages', '      once_cell = builtins.trace "x" (rustPackages');
    const e = thrown(() => lockDiff(older, { lock: '', cargoNix: workspaceNix }, 'old/Cargo.nix'));
    expect(e.location).toMatchObject({ file: 'old/Cargo.nix', line: 269, column: 7, crate: 'util@0.2.0' });
    expect(e.message).toContain('a dependency entry cargo2nix does not write');
  });

  it('says so when the current Cargo.nix is missing or the text has no crates', () => {
    expect(thrown(() => lockDiff(workspaceNix, { lock: biggerLock, cargoNix: undefined })).message).toContain('current Cargo.nix did not render');
    expect(thrown(() => cargoNixCrates('{ overridableMkRustCrate = 1; }\n', 'x.nix')).location).toMatchObject({ file: 'x.nix', line: 1 });
  });
});

describe('lock diff through the insight queries', async () => {
  const state = new InsightState();
  const queries = insightQueries(state);
  const bigger = await backendCase('crates-io/bigger-project');

  it('answers nothing before a workspace is resolved', () => {
    expect(queries.lockDiff(biggerLock)).toBeUndefined();
  });

  it('compares an older lock with the lock of the last run, and an older Cargo.nix with the Cargo.nix it renders', () => {
    state.set(bigger.ws, biggerLock);
    const older = edit(biggerLock, 'name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.13.0"');
    const lock = queries.lockDiff(older);
    expect(lock).toMatchObject({ ok: true, current: biggerLock, diff: { format: 'Cargo.lock', counts: { bumped: 1, unchanged: 125 } } });
    // The golden Cargo.nix is what the worker renders, so nothing differs from it.
    const nix = queries.lockDiff(read('crates-io', 'cases', 'bigger-project', 'expected', 'Cargo.nix'));
    expect(nix).toMatchObject({ ok: true, diff: { format: 'Cargo.nix', changes: [], counts: { unchanged: 126 } } });
  });

  it('answers a broken older file with where it is broken', () => {
    state.set(bigger.ws, biggerLock);
    expect(queries.lockDiff('version = 3\n[[package]]\nname = "x"\n')).toMatchObject({ ok: false, error: { file: 'older Cargo.lock' } });
  });
});

describe('the older file in a share link', () => {
  it("travels in the Insight route inside the link's tab (no new field), compressed with the rest", async () => {
    const { encodeShare, decodeShare } = await import('../../worker/share/index.ts');
    const { insightTab, parseInsightTab } = await import('../../src/components/insight/insight-route.ts');
    const { DEFAULT_USER_OPTIONS } = await import('../../worker/options/user-options.ts');
    const older = edit(biggerLock, 'name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.12.3"');
    const files = [
      { path: 'Cargo.toml', text: read('crates-io', 'cases', 'bigger-project', 'Cargo.toml') },
      { path: 'Cargo.lock', text: biggerLock },
    ];
    const plain = encodeShare({ files, options: DEFAULT_USER_OPTIONS });
    const withDiff = encodeShare({
      files,
      options: DEFAULT_USER_OPTIONS,
      tab: { kind: 'output', id: insightTab({ view: 'diff', params: { older } }) },
    });
    const decoded = decodeShare(withDiff);
    expect(parseInsightTab(decoded.tab?.id)).toEqual({ view: 'diff', params: { older } });
    // Compressed, the older lock costs under half its own length (URL-encoded in the route, deflate cannot
    // reuse the current lock's bytes: 11.2 K characters become 21.8 K for bigger-project).
    expect(withDiff.length - plain.length).toBeLessThan(older.length / 2);
  });
});
