// The one version order of the generator (core/version.ts): cargo's, which is
// semver's. Package ids sort by it, the resolver picks among locked versions by
// it, and the flake compares Rust toolchain versions (`1.83.0`) with it.
import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { compareVersions, matchesReq } from '../../worker/core/version.ts';

const sign = (n: number) => Math.sign(n);

describe('compareVersions', () => {
  it('orders by number, not by text', () => {
    expect(sign(compareVersions('1.83.0', '1.85.0'))).toBe(-1);
    expect(sign(compareVersions('1.100.0', '1.85.0'))).toBe(1);
    expect(sign(compareVersions('0.10.0', '0.9.0'))).toBe(1);
    expect(compareVersions('1.83.0', '1.83.0')).toBe(0);
  });

  it('puts a pre-release before its release, and orders pre-releases as semver does', () => {
    expect(sign(compareVersions('1.0.0-alpha', '1.0.0'))).toBe(-1);
    expect(sign(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10'))).toBe(-1);
    expect(sign(compareVersions('1.0.0-beta', '1.0.0-alpha.10'))).toBe(1);
  });

  it('tells build metadata apart, so the order is total', () => {
    expect(sign(compareVersions('1.0.0+a', '1.0.0+b'))).toBe(-1);
    expect(sign(compareVersions('1.0.0', '1.0.0+a'))).toBe(-1);
  });

  it('sorts a list the way cargo lists versions', () => {
    expect(['1.85.0', '1.9.0', '1.83.0', '1.100.1', '1.83.0-beta.1'].sort(compareVersions)).toEqual([
      '1.9.0',
      '1.83.0-beta.1',
      '1.83.0',
      '1.85.0',
      '1.100.1',
    ]);
  });
});

describe('matchesReq', () => {
  it('reads a bare version as a caret requirement, as cargo does', () => {
    expect(matchesReq('1.2', '1.9.0')).toBe(true);
    expect(matchesReq('1.2', '2.0.0')).toBe(false);
    expect(matchesReq('>= 1.2, < 1.5', '1.4.9')).toBe(true);
    expect(matchesReq('not a req', '1.0.0')).toBe(false);
  });

  it('keeps the first non-zero number of a caret fixed, or the last one given', () => {
    expect(matchesReq('0.2.3', '0.2.9')).toBe(true);
    expect(matchesReq('0.2.3', '0.3.0')).toBe(false);
    expect(matchesReq('^0.0.3', '0.0.3')).toBe(true);
    expect(matchesReq('^0.0.3', '0.0.4')).toBe(false);
    expect(matchesReq('0.0', '0.0.7')).toBe(true);
    expect(matchesReq('0.0', '0.1.0')).toBe(false);
    expect(matchesReq('0', '0.99.1')).toBe(true);
    expect(matchesReq('0', '1.0.0')).toBe(false);
    expect(matchesReq('1.2.3', '1.2.2')).toBe(false);
  });

  // Plain carets and versions take a shortcut past semver's Range: it must agree with semver
  // on every requirement and version, pre-releases and build metadata included.
  it('agrees with semver on caret requirements', () => {
    const num = fc.oneof(fc.constantFrom(0, 1, 2), fc.nat({ max: 12 }));
    const req = fc
      .tuple(fc.boolean(), fc.array(num, { minLength: 1, maxLength: 3 }))
      .map(([caret, parts]) => `${caret ? '^' : ''}${parts.join('.')}`);
    const version = fc.tuple(num, num, num, fc.constantFrom('', '-alpha.1', '-0', '+build.5')).map(([a, b, c, tail]) => `${a}.${b}.${c}${tail}`);
    fc.assert(
      fc.property(req, version, (r, v) => {
        expect(matchesReq(r, v)).toBe(semver.satisfies(v, r.startsWith('^') ? r : `^${r}`));
      }),
      { numRuns: 3000 },
    );
  });
});
