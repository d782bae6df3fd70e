// Bad input gets a specific error naming file, line/column or crate — never a
// crash, a hang or a silently wrong file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { normaliseManifest, readRawManifest } from '../../worker/parse/manifest.ts';
import { loadWorkspace } from '../../worker/parse/workspace.ts';
import { CRATES_IO, dep, entry, files, generate, index, lock, lockPackage, sum } from '../support/engine.ts';
import { failure } from '../support/failure.ts';

const app = (deps = 'quick = "1"\n', extra = '') => `[package]\nname = "app"\nversion = "0.1.0"\n${extra}\n[dependencies]\n${deps}`;
const appLock = lock(3, lockPackage('app', '0.1.0', { deps: ['quick'] }), lockPackage('quick', '1.2.0', { source: CRATES_IO, checksum: sum('b') }));
const snapshot = { index: index(entry('quick', '1.2.0')) };

describe('errors', () => {
  it('malformed TOML: file, line and column', async () => {
    const e = await failure(generate({ 'Cargo.toml': '[package]\nname = "app"\nversion = 0.1.0"\n', 'Cargo.lock': appLock }, snapshot));
    expect(e.location.file).toBe('Cargo.toml');
    expect(e.location.line).toBe(3);
    expect(e.format()).toMatch(/^Cargo\.toml:3:\d+: invalid TOML/);
  });

  it('a member manifest with a bad cfg key: the file and the line of the table', async () => {
    const text = `[package]\nname = "app"\nversion = "0.1.0"\n\n[target.'cfg(unix'.dependencies]\nquick = "1"\n`;
    const e = await failure(generate({ 'Cargo.toml': text, 'Cargo.lock': appLock }, snapshot));
    expect(e.location).toMatchObject({ file: 'Cargo.toml', line: 5 });
    expect(e.message).toMatch(/cfg/);
  });

  it('a lock that does not match the manifests names the crate and what is missing', async () => {
    const e = await failure(generate({ 'Cargo.toml': app('quick = "1"\nserde = "1"\n'), 'Cargo.lock': appLock }, snapshot));
    expect(e.message).toMatch(/Cargo\.lock does not match the manifests: `app@0\.1\.0` needs `serde 1`/);
    // Pointed at the declaration in the manifest, where the user can act on it.
    expect(e.location).toMatchObject({ file: 'Cargo.toml', line: 7, column: 1, crate: 'app@0.1.0' });
  });

  it('a member missing from the lock', async () => {
    const e = await failure(generate({ 'Cargo.toml': app().replace('"app"', '"other"'), 'Cargo.lock': appLock }, snapshot));
    expect(e.message).toMatch(/`other 0\.1\.0` \(Cargo\.toml\) is not in Cargo\.lock/);
  });

  it('a path dependency whose Cargo.toml was not given', async () => {
    const text = lock(3, lockPackage('app', '0.1.0', { deps: ['helper'] }), lockPackage('helper', '0.2.0'));
    const e = await failure(generate({ 'Cargo.toml': app('helper = { path = "../helper" }\n'), 'Cargo.lock': text }, snapshot));
    expect(e.message).toMatch(/`helper@0\.2\.0` is a path dependency, but none of the given Cargo\.toml files is that package/);
    expect(e.location).toMatchObject({ file: 'Cargo.lock', crate: 'helper@0.2.0' });
  });

  it('a crate missing from the metadata', async () => {
    const e = await failure(generate({ 'Cargo.toml': app(), 'Cargo.lock': appLock }, { index: {} }));
    expect(e.message).toMatch(/no index entry for `quick@1\.2\.0`/);
    expect(e.location.crate).toBe('quick@1.2.0');
  });

  it('a dependency asking for a feature its target lacks', async () => {
    const e = await failure(generate({ 'Cargo.toml': app('quick = { version = "1", features = ["turbo"] }\n'), 'Cargo.lock': appLock }, snapshot));
    expect(e.message).toMatch(/package `quick@1\.2\.0` does not have the feature `turbo`, which `app@0\.1\.0` asks for/);
    expect(e.location).toMatchObject({ file: 'Cargo.toml', line: 6 });
  });

  it('a registry index entry with a malformed target', async () => {
    const bad = { index: index(entry('quick', '1.2.0', [dep('x', '1', { target: 'cfg(unix' })])) };
    const e = await failure(generate({ 'Cargo.toml': app(), 'Cargo.lock': appLock }, bad));
    expect(e.message).toMatch(/dependency `x` of `quick@1\.2\.0`: failed to parse/);
  });

  it('a missing Cargo.lock or root manifest', async () => {
    expect((await failure(generate({ 'Cargo.toml': app() }, snapshot))).message).toMatch(/`Cargo\.lock` is missing/);
    expect((await failure(generate({ 'Cargo.lock': appLock }, snapshot))).message).toMatch(/no root `Cargo\.toml`/);
  });

  it('an inherited field the workspace does not define', () => {
    const root = '[workspace]\nmembers = ["a"]\n';
    const a = '[package]\nname = "a"\nversion.workspace = true\n';
    expect(() => loadWorkspace(files({ 'Cargo.toml': root, 'a/Cargo.toml': a }))).toThrow(
      /`package\.version` is inherited, but `workspace\.package\.version` is not set/,
    );
  });

  it('a listed member whose manifest is absent', () => {
    expect(() => loadWorkspace(files({ 'Cargo.toml': '[workspace]\nmembers = ["gone"]\n' }))).toThrow(/`gone\/Cargo\.toml` is missing/);
  });

  it('finds declarations under target tables and in [dependencies.<name>] tables', async () => {
    const text = `[package]\nname = "app"\nversion = "0.1.0"\n\n[target.'cfg(target_os = "linux")'.dependencies]\nquick = { version = "1", features = ["turbo"] }\n`;
    const e = await failure(generate({ 'Cargo.toml': text, 'Cargo.lock': appLock }, snapshot));
    expect(e.location).toMatchObject({ file: 'Cargo.toml', line: 6 });
    const table = `[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies.quick]\nversion = "1"\nfeatures = ["turbo"]\n`;
    const e2 = await failure(generate({ 'Cargo.toml': table, 'Cargo.lock': appLock }, snapshot));
    expect(e2.location).toMatchObject({ file: 'Cargo.toml', line: 5 });
  });

  it('a dependency with neither version nor source, located at its key', () => {
    const text = '[package]\nname = "a"\nversion = "1.0.0"\n\n[dependencies]\nfoo = { features = ["x"] }\n';
    try {
      normaliseManifest(readRawManifest('Cargo.toml', text), undefined);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(GeneratorError);
      expect((e as GeneratorError).location).toMatchObject({ file: 'Cargo.toml', line: 6, crate: 'foo' });
    }
  });

  it('never fails with anything but a GeneratorError on arbitrary manifests (fuzz)', () => {
    const piece = fc.constantFrom(
      '[package]\n',
      'name = "a"\n',
      'version = "1.0.0"\n',
      'version.workspace = true\n',
      '[workspace]\n',
      'members = ["*"]\n',
      'members = 3\n',
      '[dependencies]\n',
      'foo = "1"\n',
      'foo = { path = "x" }\n',
      'foo = { git = "https://x", tag = "t" }\n',
      'foo = { workspace = true }\n',
      'foo = 7\n',
      'foo = { version = 1 }\n',
      '[features]\n',
      'default = ["foo"]\n',
      'x = "y"\n',
      "[target.'cfg(unix)'.dependencies]\n",
      "[target.'cfg(('.dependencies]\n",
      '[lib]\n',
      'proc-macro = true\n',
      'name = 3\n',
      '[dev-dependencies]\n',
      '[workspace.dependencies]\n',
      '"',
      '=',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 25 }).map((a) => a.join('')),
        ),
        (text) => {
          try {
            const raw = readRawManifest('Cargo.toml', text);
            if (raw.hasPackage) normaliseManifest(raw, raw.workspace ? raw : undefined);
            loadWorkspace(files({ 'Cargo.toml': text }));
          } catch (e) {
            if (!(e instanceof GeneratorError)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
