// Cargo.lock versions 1–4 and its failure modes. Lock texts follow the
// formats cargo writes (v1 with [metadata] checksums and fully spelled
// dependencies; v3/v4 with `version = N`).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { CRATES_IO, crateBlock, entry, generate, index, lock, lockPackage, sum } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

function errorOf(f: () => unknown): GeneratorError {
  try {
    f();
  } catch (e) {
    if (e instanceof GeneratorError) return e;
    throw e;
  }
  throw new Error('expected a GeneratorError');
}

const v1Scenario = scenario('lock-v1-two-versions');
const v1 = v1Scenario.files['Cargo.lock']!;

describe('lockfile', () => {
  it('reads v1: checksums from [metadata], dependencies spelled in full', () => {
    const l = parseLockfile(v1);
    expect(l.version).toBe(1);
    const quick = l.packages.filter((p) => p.id.name === 'quick');
    expect(quick.map((p) => [p.id.version, p.checksum])).toEqual([
      ['0.9.0', sum('9')],
      ['1.2.0', sum('1')],
    ]);
    expect(l.packages[0]!.dependencies.map((d) => d.version)).toEqual(['1.2.0', '0.9.0']);
  });

  it('generates from a v1 lock, telling two versions of one crate apart by requirement', async () => {
    const nix = await generate(v1Scenario.files, v1Scenario.snapshot);
    expect(crateBlock(nix, 'app', '0.1.0')).toContain(`    dependencies = {
      old_quick = (rustPackages."${CRATES_IO}".quick."0.9.0" { inherit profileName; }).out;
      quick = (rustPackages."${CRATES_IO}".quick."1.2.0" { inherit profileName; }).out;
    };`);
    expect(crateBlock(nix, 'quick', '0.9.0')).toContain(`sha256 = "${sum('9')}"`);
  });

  it('reads v2 (no marker, checksum per package) and v4 (percent-encoded git refs)', () => {
    const v2 = lock(undefined, lockPackage('a', '1.0.0', { source: CRATES_IO, checksum: sum('a') }));
    expect(parseLockfile(v2).version).toBe(2);
    const v4 = lock(4, lockPackage('g', '1.0.0', { source: `git+https://example.com/g?branch=a%2Fb#${'f'.repeat(40)}` }));
    const g = parseLockfile(v4).packages[0]!;
    expect(g.id.source).toEqual({ kind: 'git', url: 'https://example.com/g', reference: { kind: 'branch', value: 'a/b' }, precise: 'f'.repeat(40) });
  });

  it('rejects an unsupported version, naming it', () => {
    expect(errorOf(() => parseLockfile('version = 5\n')).message).toMatch(/lock file version 5 is not supported/);
  });

  it('points at the line and column of a TOML syntax error', () => {
    const e = errorOf(() => parseLockfile('version = 3\n\n[[package]]\nname = "a\n'));
    expect(e.location.file).toBe('Cargo.lock');
    expect(e.location.line).toBe(4);
    expect(e.location.column).toBeGreaterThan(0);
  });

  it('names the package and line of an unknown source kind', () => {
    const text = lock(
      3,
      lockPackage('a', '1.0.0', { source: CRATES_IO, checksum: sum('a') }),
      lockPackage('b', '1.0.0', { source: 'svn+https://example.com/b' }),
    );
    const e = errorOf(() => parseLockfile(text));
    expect(e.message).toMatch(/`b 1\.0\.0`.*unsupported source protocol: svn/);
    // The line of b's `[[package]]` header.
    expect(e.location.line).toBe(text.split('\n').lastIndexOf('[[package]]') + 1);
  });

  it('names a dependency missing from the lock', () => {
    const text = lock(3, lockPackage('a', '1.0.0', { deps: ['ghost'] }));
    expect(errorOf(() => parseLockfile(text)).message).toMatch(/`a@1\.0\.0` depends on `ghost`, which is not in the lock file/);
  });

  it('rejects an invalid version and a package listed twice', () => {
    expect(errorOf(() => parseLockfile(lock(3, lockPackage('a', 'one')))).message).toMatch(/invalid version `one`/);
    expect(errorOf(() => parseLockfile(lock(3, lockPackage('a', '1.0.0'), lockPackage('a', '1.0.0')))).message).toMatch(/listed twice/);
  });

  it('fails with a located error when a registry crate has no checksum', async () => {
    const text = lock(3, lockPackage('app', '0.1.0', { deps: ['quick'] }), lockPackage('quick', '1.2.0', { source: CRATES_IO }));
    const manifest = `[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nquick = "1"\n`;
    const e = await generate({ 'Cargo.toml': manifest, 'Cargo.lock': text }, { index: index(entry('quick', '1.2.0')) }).then(
      () => undefined,
      (x: unknown) => x as GeneratorError,
    );
    expect(e).toBeInstanceOf(GeneratorError);
    expect(e!.message).toMatch(/checksum is required for registry package `quick@1\.2\.0`/);
    expect(e!.location).toMatchObject({ file: 'Cargo.lock', line: text.split('\n').lastIndexOf('[[package]]') + 1, crate: 'quick@1.2.0' });
  });

  it('never fails with anything but a GeneratorError (fuzz)', () => {
    const token = fc.constantFrom(
      '[[package]]\n',
      'name = "a"\n',
      'version = "1.0.0"\n',
      'version = 3\n',
      'version = 4\n',
      'source = "registry+https://x"\n',
      'source = "git+https://x?branch=m#abc"\n',
      'source = "nope"\n',
      'dependencies = ["a", "b 1.0.0", "c 1 (registry+https://x)"]\n',
      'checksum = "x"\n',
      '[metadata]\n',
      '"checksum a 1.0.0 (registry+https://x)" = "y"\n',
      '[root]\n',
      '=',
      '"',
      '\n',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(token, { maxLength: 30 }).map((a) => a.join('')),
        ),
        (text) => {
          try {
            parseLockfile(text);
          } catch (e) {
            if (!(e instanceof GeneratorError)) throw e;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
