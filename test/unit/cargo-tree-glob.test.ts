// The `-p`/`--exclude` glob patterns (the `glob` crate's syntax as cargo 0.66 uses it) and the
// requirement text of cargo's "failed to select a version" message. The expected values are what
// Debian's cargo 1.65 printed for these patterns and requirements (the golden runs in
// test/fixtures/tree/ cover the same paths end to end).
import { describe, expect, it } from 'vitest';
import { displayVersionReq } from '../../worker/views/tree/feature-errors.ts';
import { globMatches, isGlobPattern, parseGlob } from '../../worker/views/tree/glob-pattern.ts';

const matches = (pattern: string, name: string) => globMatches(parseGlob(pattern), name);

describe('glob patterns', () => {
  it('tells patterns from package specs by cargo’s four characters', () => {
    expect(['serde*', 'tokio-?', '[ab]', 'x]'].every(isGlobPattern)).toBe(true);
    expect(['serde', 'serde@1.0.0', 'https://github.com/rust-lang/crates.io-index#serde'].some(isGlobPattern)).toBe(false);
  });

  it('matches whole names with *, ?, classes, ranges and negation', () => {
    expect(matches('a*', 'app')).toBe(true);
    expect(matches('a*', 'macros')).toBe(false);
    expect(matches('ap?', 'app')).toBe(true);
    expect(matches('ap?', 'apps')).toBe(false);
    expect(matches('[!a]*', 'util')).toBe(true);
    expect(matches('[!a]*', 'app')).toBe(false);
    expect(matches('[a-c]pp', 'bpp')).toBe(true);
    // A reversed range matches nothing; `[]]` is a class holding `]`.
    expect(matches('[z-a]*', 'm')).toBe(false);
    expect(matches('[]]*', ']x')).toBe(true);
    expect(matches('x]', 'x]')).toBe(true);
    expect(matches('A*', 'app')).toBe(false);
  });

  it('reads `**` as the crate does: all of a name alone, a prefix of path components before `/`', () => {
    expect(matches('**', 'app')).toBe(true);
    expect(matches('**/app', 'app')).toBe(true);
    expect(matches('**/app', 'util')).toBe(false);
  });

  it("refuses bad patterns with the crate's message and char position", () => {
    const error = (p: string) => {
      try {
        parseGlob(p);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('a[')).toBe('cannot build glob pattern from `a[`\n\nCaused by:\n  Pattern syntax error near position 1: invalid range pattern');
    expect(error('a**')).toBe(
      'cannot build glob pattern from `a**`\n\nCaused by:\n  Pattern syntax error near position 0: recursive wildcards must form a single path component',
    );
    expect(error('***')).toMatch(/position 2: wildcards are either regular `\*` or recursive `\*\*`$/);
    expect(error('*/**x')).toMatch(/position 4: recursive wildcards must form a single path component$/);
    expect(error('[!]')).toMatch(/position 0: invalid range pattern$/);
    expect(error('é[')).toMatch(/position 1: invalid range pattern$/);
  });
});

describe('displayVersionReq', () => {
  it('prints a requirement as the semver crate does in cargo 1.65', () => {
    const cargoSays: [string, string][] = [
      ['0.8', '^0.8'],
      ['>= 0.8, < 0.9', '>=0.8, <0.9'],
      ['0.8.*', '0.8.*'],
      ['0.8.x', '0.8.*'],
      ['0.*', '0.*'],
      ['*', '*'],
      ['=0.8.5', '=0.8.5'],
      ['~0.8', '~0.8'],
      ['^0.8.0', '^0.8.0'],
      ['>=0.8.5-alpha.1', '>=0.8.5-alpha.1'],
      ['>0.7', '>0.7'],
    ];
    for (const [req, shown] of cargoSays) expect(displayVersionReq(req)).toBe(shown);
  });
});
