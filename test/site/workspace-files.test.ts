// The site's pure input-handling rules: paste detection, member paths,
// ordering, and what an imported project keeps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeLockfile, looksLikeManifest, memberManifestPath, selectProjectFiles, sortFiles } from '../../src/lib/workspace-files.ts';
import { FIXTURES } from '../support/golden.ts';

const lock = readFileSync(join(FIXTURES, 'debian', 'cases', 'workspace', 'Cargo.lock'), 'utf8');
const manifest = readFileSync(join(FIXTURES, 'debian', 'cases', 'features-misc', 'Cargo.toml'), 'utf8');

describe('paste detection', () => {
  it('recognises a Cargo.lock, with or without its header comment', () => {
    expect(looksLikeLockfile(lock)).toBe(true);
    expect(looksLikeLockfile(lock.replace(/^#.*\n/gm, ''))).toBe(true);
  });

  it('does not mistake a manifest for a lock, nor the reverse', () => {
    expect(looksLikeLockfile(manifest)).toBe(false);
    expect(looksLikeManifest(manifest)).toBe(true);
    expect(looksLikeManifest(lock)).toBe(false);
    expect(looksLikeLockfile('[[package]]\nname = "a"\n')).toBe(false);
  });
});

describe('member paths', () => {
  it('normalises what people type', () => {
    expect(memberManifestPath('crates/app')).toEqual({ path: 'crates/app/Cargo.toml' });
    expect(memberManifestPath('./crates/app/')).toEqual({ path: 'crates/app/Cargo.toml' });
    expect(memberManifestPath('crates\\app\\Cargo.toml')).toEqual({ path: 'crates/app/Cargo.toml' });
  });

  it('refuses the root, escapes and odd names with a reason', () => {
    for (const bad of ['', '.', 'Cargo.toml', '../x', '/abs', 'a b']) expect(memberManifestPath(bad)).toHaveProperty('error');
  });

  it('orders root manifest, members, lock', () => {
    const sorted = sortFiles([
      { path: 'Cargo.lock', text: '' },
      { path: 'b/Cargo.toml', text: '' },
      { path: 'Cargo.toml', text: '' },
      { path: 'a/Cargo.toml', text: '' },
    ]);
    expect(sorted.map((f) => f.path)).toEqual(['Cargo.toml', 'a/Cargo.toml', 'b/Cargo.toml', 'Cargo.lock']);
  });
});

describe('importing a project tree', () => {
  const entry = (path: string, text = 'x') => ({ path, text: () => text });

  it('keeps manifests, the root lock and source markers relative to the workspace root, and lists the rest', () => {
    const r = selectProjectFiles([
      entry('proj/Cargo.toml', 'root'),
      entry('proj/Cargo.lock', 'lock'),
      entry('proj/app/Cargo.toml', 'app'),
      entry('proj/app/src/main.rs', 'fn main() {}'),
      entry('proj/README.md'),
      entry('proj/target/debug/foo/Cargo.toml'),
      entry('proj/.git/config'),
    ]);
    expect(r.files).toEqual([
      { path: 'Cargo.toml', text: 'root' },
      { path: 'app/Cargo.toml', text: 'app' },
      { path: 'app/src/main.rs', text: '' },
      { path: 'Cargo.lock', text: 'lock' },
    ]);
    expect(r.ignored.sort()).toEqual(['proj/.git/config', 'proj/README.md', 'proj/target/debug/foo/Cargo.toml']);
  });

  it('takes the shallowest manifest as the root when there is no lock', () => {
    const r = selectProjectFiles([entry('x/y/Cargo.toml', 'inner'), entry('x/Cargo.toml', 'outer')]);
    expect(r.files.map((f) => [f.path, f.text])).toEqual([
      ['Cargo.toml', 'outer'],
      ['y/Cargo.toml', 'inner'],
    ]);
  });
});
