// Package ID specs as cargo 0.66 reads and matches them (`-p`, `-i`, `--prune` of cargo tree).
import { describe, expect, it } from 'vitest';
import { packageId, type PackageId } from '../../worker/core/package-id.ts';
import { CRATES_IO, CRATES_IO_INDEX, type SourceId } from '../../worker/core/source-id.ts';
import { displaySpec, levDistance, parsePackageIdSpec, querySpec, specMatches } from '../../worker/views/tree/package-spec.ts';

const git: SourceId = { kind: 'git', url: 'https://git.example.org/gitdep', reference: { kind: 'branch', value: 'main' }, precise: '431b95a2aa' };
const ids: PackageId[] = [
  packageId('app', '0.1.0', { kind: 'path', path: '' }),
  packageId('bytes', '0.5.6', CRATES_IO),
  packageId('bytes', '1.5.0', CRATES_IO),
  packageId('gitdep', '0.4.0', git),
  packageId('libc', '0.2.149', CRATES_IO),
];
const urlOf = (id: PackageId) => (id.source.kind === 'path' ? 'file:///ws/app' : id.source.kind === 'git' ? id.source.url : CRATES_IO_INDEX);

describe('parsePackageIdSpec', () => {
  it('reads name, name@version and name:version', () => {
    expect(parsePackageIdSpec('libc')).toEqual({ name: 'libc', version: undefined, url: undefined });
    expect(parsePackageIdSpec('bytes@0.5.6')).toEqual({ name: 'bytes', version: '0.5.6', url: undefined });
    expect(parsePackageIdSpec('bytes:1.5.0')).toEqual({ name: 'bytes', version: '1.5.0', url: undefined });
  });

  it('reads URLs with #name@version, #version or no fragment', () => {
    expect(parsePackageIdSpec('https://github.com/rust-lang/crates.io-index#libc@0.2.149')).toEqual({
      name: 'libc',
      version: '0.2.149',
      url: 'https://github.com/rust-lang/crates.io-index',
    });
    expect(parsePackageIdSpec('https://git.example.org/gitdep#0.4.0')).toEqual({
      name: 'gitdep',
      version: '0.4.0',
      url: 'https://git.example.org/gitdep',
    });
    expect(parsePackageIdSpec('https://git.example.org/gitdep')).toEqual({
      name: 'gitdep',
      version: undefined,
      url: 'https://git.example.org/gitdep',
    });
  });

  it('refuses bad versions, names and query strings', () => {
    expect(() => parsePackageIdSpec('bytes@one')).toThrow("cannot parse 'one' as a semver");
    expect(() => parsePackageIdSpec('bytes@v1.0.0')).toThrow("cannot parse 'v1.0.0' as a semver");
    expect(() => parsePackageIdSpec('by tes')).toThrow(/invalid character ` ` in pkgid: `by tes`, characters must be Unicode XID characters/);
    // cargo's own texts for a leading digit or a first char that cannot start a name (Debian's cargo 1.65).
    expect(() => parsePackageIdSpec('1abc')).toThrow('the name `1abc` cannot be used as a pkgid, the name cannot start with a digit');
    expect(() => parsePackageIdSpec('٣x')).toThrow('the first character must be a Unicode XID start character (most letters or `_`)');
    expect(parsePackageIdSpec('bytes@ 1.0.0 ').version).toBe('1.0.0');
    // An empty name is a spec that matches nothing, not a parse error.
    expect(parsePackageIdSpec('@1.0.0')).toEqual({ name: '', version: '1.0.0', url: undefined });
    expect(() => parsePackageIdSpec('https://x.org/a?branch=b')).toThrow(/cannot have a query string/);
  });

  it('refuses a spec that is a path under the workspace root, with the file:// URL cargo suggests', () => {
    const folder = {
      rootPath: '/ws',
      exists: (p: string) => ['app', 'app/Cargo.toml', 'my app'].includes(p.replace(/^\.\//, '').replace(/\/+$/, '')),
    };
    expect(() => parsePackageIdSpec('./app', folder)).toThrow('package ID specification `./app` looks like a file path, maybe try file:///ws/app');
    expect(() => parsePackageIdSpec('app/', folder)).toThrow('maybe try file:///ws/app');
    expect(() => parsePackageIdSpec('./my app/', folder)).toThrow('maybe try file:///ws/my%20app');
    // A slash that names no existing path is an ordinary (invalid) name; without a folder nothing is a path.
    expect(() => parsePackageIdSpec('nope/x', folder)).toThrow('invalid character `/` in pkgid');
    expect(() => parsePackageIdSpec('./app')).toThrow('invalid character `.` in pkgid');
  });

  it('prints specs as cargo does', () => {
    expect(displaySpec(parsePackageIdSpec('bytes@0.5.6'))).toBe('bytes@0.5.6');
    expect(displaySpec(parsePackageIdSpec('https://git.example.org/gitdep#0.4.0'))).toBe('https://git.example.org/gitdep#0.4.0');
    expect(displaySpec(parsePackageIdSpec('https://github.com/rust-lang/crates.io-index#libc@0.2.149'))).toBe(
      'https://github.com/rust-lang/crates.io-index#libc@0.2.149',
    );
  });
});

describe('matching and querying', () => {
  it('matches on name, then version and source URL when given', () => {
    const [app, bytes5] = [ids[0]!, ids[1]!];
    expect(specMatches(parsePackageIdSpec('bytes'), bytes5, urlOf)).toBe(true);
    expect(specMatches(parsePackageIdSpec('bytes@1.5.0'), bytes5, urlOf)).toBe(false);
    expect(specMatches(parsePackageIdSpec('file:///ws/app'), app, urlOf)).toBe(true);
    expect(specMatches(parsePackageIdSpec('file:///elsewhere/app'), app, urlOf)).toBe(false);
  });

  it('finds the one package a spec names', () => {
    expect(querySpec(parsePackageIdSpec('bytes@1.5.0'), ids, urlOf)).toBe(ids[2]);
    expect(querySpec(parsePackageIdSpec('https://git.example.org/gitdep#gitdep@0.4.0'), ids, urlOf)).toBe(ids[3]);
  });

  it('lists the candidates of an ambiguous spec', () => {
    expect(() => querySpec(parsePackageIdSpec('bytes'), ids, urlOf)).toThrow(
      'There are multiple `bytes` packages in your project, and the specification `bytes` is ambiguous.\n' +
        'Please re-run this command with `-p <spec>` where `<spec>` is one of the following:\n  bytes@0.5.6\n  bytes@1.5.0',
    );
  });

  it('suggests what a spec that matches nothing may have meant', () => {
    expect(() => querySpec(parsePackageIdSpec('nosuch'), ids, urlOf)).toThrow(/^package ID specification `nosuch` did not match any packages$/);
    expect(() => querySpec(parsePackageIdSpec('lbc'), ids, urlOf)).toThrow('did not match any packages\n\n\tDid you mean `libc`?');
    expect(() => querySpec(parsePackageIdSpec('libc@9.9.9'), ids, urlOf)).toThrow(
      'did not match any packages\nDid you mean one of these?\n\n  libc@0.2.149',
    );
    expect(() => querySpec(parsePackageIdSpec('https://elsewhere.org/index#libc'), ids, urlOf)).toThrow(
      'Did you mean one of these?\n\n  libc@0.2.149',
    );
  });

  it('measures edit distance on characters', () => {
    expect(levDistance('kitten', 'sitting')).toBe(3);
    expect(levDistance('', 'abc')).toBe(3);
    expect(levDistance('same', 'same')).toBe(0);
  });
});
