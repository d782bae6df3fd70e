// Expected values below come from reading cargo-platform 0.2.0's source
// (crates/cargo-platform at cargo tag 0.86.0), not from running it, unless a
// test says it checks data the real tool produced.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CfgParseError,
  compareCfgExpr,
  comparePlatform,
  compareRustStrings,
  displayCfgExpr,
  displayPlatform,
  parseCfgExpr,
  parsePlatform,
} from '../../worker/parse/cfg.ts';
import type { Cfg, CfgExpr, CfgIdent, Platform } from '../../worker/core/cfg-types.ts';

const id = (name: string, raw = false): CfgIdent => ({ name, raw });
const nameV = (name: string, raw = false): CfgExpr => ({ kind: 'value', cfg: { kind: 'name', name: id(name, raw) } });
const kv = (key: string, value: string, raw = false): CfgExpr => ({
  kind: 'value',
  cfg: { kind: 'keyPair', key: id(key, raw), value },
});
const all = (...exprs: CfgExpr[]): CfgExpr => ({ kind: 'all', exprs });
const any = (...exprs: CfgExpr[]): CfgExpr => ({ kind: 'any', exprs });
const not = (expr: CfgExpr): CfgExpr => ({ kind: 'not', expr });
const cfgP = (expr: CfgExpr): Platform => ({ kind: 'cfg', expr });
const triple = (t: string): Platform => ({ kind: 'name', triple: t });

function parseError(f: () => unknown): CfgParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof CfgParseError) return e;
    throw new Error(`expected CfgParseError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a CfgParseError, but parsing succeeded');
}

describe('parseCfgExpr: accepted forms', () => {
  it.each<[string, CfgExpr]>([
    ['unix', nameV('unix')],
    ['_foo_1', nameV('_foo_1')],
    ['target_os = "linux"', kv('target_os', 'linux')],
    ['target_os="linux"', kv('target_os', 'linux')],
    ['   target_os   =   "linux"   ', kv('target_os', 'linux')],
    ['feature = ""', kv('feature', '')],
    // Strings end at the next quote: no escapes, anything else allowed.
    ['a = "x(y), z = \\"', kv('a', 'x(y), z = \\')],
    ['a = "é 😀\t"', kv('a', 'é 😀\t')],
    ['all()', all()],
    ['any()', any()],
    ['all(unix)', all(nameV('unix'))],
    ['all(unix,)', all(nameV('unix'))],
    ['any(unix, windows,)', any(nameV('unix'), nameV('windows'))],
    ['any(unix,windows)', any(nameV('unix'), nameV('windows'))],
    ['all ( unix , target_os = "linux" , )', all(nameV('unix'), kv('target_os', 'linux'))],
    ['not(unix)', not(nameV('unix'))],
    ['not(not(all(any(a, b), not(c))))', not(not(all(any(nameV('a'), nameV('b')), not(nameV('c')))))],
    // Raw identifiers: the operators lose their meaning, the r# is remembered.
    ['r#all', nameV('all', true)],
    ['r#not', nameV('not', true)],
    ['r#async = "x"', kv('async', 'x', true)],
    ['all(r#any, r#r)', all(nameV('any', true), nameV('r', true))],
    // An ident that merely starts with `r` is not raw.
    ['rust', nameV('rust')],
    ['r', nameV('r')],
    // 0.2.0 only warns about keywords (check_cfg_keywords); parsing accepts them.
    ['true', nameV('true')],
    ['r#false', nameV('false', true)],
    // Operator names with a suffix are plain idents.
    ['allx', nameV('allx')],
    ['not_a', nameV('not_a')],
  ])('%j', (src, expected) => {
    expect(parseCfgExpr(src)).toEqual(expected);
  });
});

describe('parsePlatform: accepted forms', () => {
  it.each<[string, Platform]>([
    ['cfg(unix)', cfgP(nameV('unix'))],
    ['cfg(all(unix, target_os = "linux"))', cfgP(all(nameV('unix'), kv('target_os', 'linux')))],
    ['cfg( unix )', cfgP(nameV('unix'))],
    ['cfg(any())', cfgP(any())],
    ['x86_64-unknown-linux-gnu', triple('x86_64-unknown-linux-gnu')],
    ['thumbv7em-none-eabihf', triple('thumbv7em-none-eabihf')],
    ['wasm32.custom_v1', triple('wasm32.custom_v1')],
    // Target names accept any Unicode alphanumeric, and may even be empty.
    ['ärm-ⅻ-٣', triple('ärm-ⅻ-٣')],
    ['', triple('')],
    // Only the exact `cfg(` prefix selects the cfg form.
    ['CFG', triple('CFG')],
  ])('%j', (src, expected) => {
    expect(parsePlatform(src)).toEqual(expected);
  });
});

interface ErrorCase {
  readonly input: string;
  readonly platform?: boolean;
  readonly kind: CfgParseError['kind'];
  readonly message: string;
  readonly offset: number | undefined;
}

describe('errors', () => {
  const cases: ErrorCase[] = [
    {
      input: 'cfg(foo',
      platform: true,
      kind: 'invalidTarget',
      message:
        'failed to parse `cfg(foo` as a cfg expression: invalid target specifier: ' +
        'unexpected `(` character, cfg expressions must start with `cfg(`',
      offset: 3,
    },
    {
      input: 'cfg (unix)',
      platform: true,
      kind: 'invalidTarget',
      message:
        'failed to parse `cfg (unix)` as a cfg expression: invalid target specifier: ' +
        'unexpected `(` character, cfg expressions must start with `cfg(`',
      offset: 4,
    },
    {
      input: 'x86_64 linux',
      platform: true,
      kind: 'invalidTarget',
      message: 'failed to parse `x86_64 linux` as a cfg expression: invalid target specifier: ' + 'unexpected character   in target name',
      offset: 6,
    },
    {
      input: 'a😀b/c',
      platform: true,
      kind: 'invalidTarget',
      message: 'failed to parse `a😀b/c` as a cfg expression: invalid target specifier: unexpected character 😀 in target name',
      offset: 1,
    },
    {
      input: 'cfg(',
      platform: true,
      kind: 'invalidTarget',
      message:
        'failed to parse `cfg(` as a cfg expression: invalid target specifier: ' + 'unexpected `(` character, cfg expressions must start with `cfg(`',
      offset: 3,
    },
    // Inside cfg(...), cargo names only the inner text in the message.
    {
      input: 'cfg()',
      platform: true,
      kind: 'incompleteExpr',
      message: 'failed to parse `` as a cfg expression: expected start of a cfg expression, but cfg expression ended',
      offset: 4,
    },
    {
      input: 'cfg(target_os = "linux)',
      platform: true,
      kind: 'unterminatedString',
      message: 'failed to parse `target_os = "linux` as a cfg expression: unterminated string in cfg',
      offset: 16,
    },
    {
      input: 'cfg(unix windows)',
      platform: true,
      kind: 'unterminatedExpression',
      message: 'failed to parse `unix windows` as a cfg expression: unexpected content `windows` found after cfg expression',
      offset: 9,
    },
    {
      input: 'cfg(unix))',
      platform: true,
      kind: 'unterminatedExpression',
      message: 'failed to parse `unix)` as a cfg expression: unexpected content `)` found after cfg expression',
      offset: 8,
    },
    {
      input: 'cfg($)',
      platform: true,
      kind: 'unexpectedChar',
      message: 'failed to parse `$` as a cfg expression: unexpected character `$` in cfg, ' + 'expected parens, a comma, an identifier, or a string',
      offset: 4,
    },
    {
      input: 'all(unix,\tlinux)',
      kind: 'unexpectedChar',
      message:
        'failed to parse `all(unix,\tlinux)` as a cfg expression: unexpected character `\t` in cfg, ' +
        'expected parens, a comma, an identifier, or a string',
      offset: 9,
    },
    // At top level a bad char after a name is not lexed as an error: the
    // parser stops at the name and reports the leftover text instead.
    {
      input: 'unix\t',
      kind: 'unterminatedExpression',
      message: 'failed to parse `unix\t` as a cfg expression: unexpected content `\t` found after cfg expression',
      offset: 4,
    },
    {
      input: 'all(unix $)',
      kind: 'unexpectedChar',
      message:
        'failed to parse `all(unix $)` as a cfg expression: unexpected character `$` in cfg, ' +
        'expected parens, a comma, an identifier, or a string',
      offset: 9,
    },
    {
      input: '😀',
      kind: 'unexpectedChar',
      message:
        'failed to parse `😀` as a cfg expression: unexpected character `😀` in cfg, ' + 'expected parens, a comma, an identifier, or a string',
      offset: 0,
    },
    {
      input: 'r#1',
      kind: 'unexpectedChar',
      message:
        'failed to parse `r#1` as a cfg expression: unexpected character `1` in cfg, ' + 'expected parens, a comma, an identifier, or a string',
      offset: 2,
    },
    {
      input: 'r# unix',
      kind: 'unexpectedChar',
      message:
        'failed to parse `r# unix` as a cfg expression: unexpected character ` ` in cfg, ' + 'expected parens, a comma, an identifier, or a string',
      offset: 2,
    },
    {
      input: 'r#',
      kind: 'incompleteExpr',
      message: 'failed to parse `r#` as a cfg expression: expected identifier, but cfg expression ended',
      offset: 2,
    },
    {
      input: 'target_os = linux',
      kind: 'unexpectedToken',
      message: 'failed to parse `target_os = linux` as a cfg expression: expected a string, found an identifier',
      offset: 12,
    },
    {
      input: 'target_os = = "x"',
      kind: 'unexpectedToken',
      message: 'failed to parse `target_os = = "x"` as a cfg expression: expected a string, found `=`',
      offset: 12,
    },
    {
      input: 'target_os =',
      kind: 'incompleteExpr',
      message: 'failed to parse `target_os =` as a cfg expression: expected a string, but cfg expression ended',
      offset: 11,
    },
    {
      input: 'target_os = "x',
      kind: 'unterminatedString',
      message: 'failed to parse `target_os = "x` as a cfg expression: unterminated string in cfg',
      offset: 12,
    },
    {
      input: '"linux"',
      kind: 'unexpectedToken',
      message: 'failed to parse `"linux"` as a cfg expression: expected identifier, found a string',
      offset: 0,
    },
    {
      input: 'all(,)',
      kind: 'unexpectedToken',
      message: 'failed to parse `all(,)` as a cfg expression: expected identifier, found `,`',
      offset: 4,
    },
    {
      input: '(unix)',
      kind: 'unexpectedToken',
      message: 'failed to parse `(unix)` as a cfg expression: expected identifier, found `(`',
      offset: 0,
    },
    {
      input: 'all',
      kind: 'incompleteExpr',
      message: 'failed to parse `all` as a cfg expression: expected `(`, but cfg expression ended',
      offset: 3,
    },
    {
      input: 'all unix',
      kind: 'unexpectedToken',
      message: 'failed to parse `all unix` as a cfg expression: expected `(`, found an identifier',
      offset: 4,
    },
    {
      input: 'any = "x"',
      kind: 'unexpectedToken',
      message: 'failed to parse `any = "x"` as a cfg expression: expected `(`, found `=`',
      offset: 4,
    },
    {
      input: 'not(unix, windows)',
      kind: 'unexpectedToken',
      message: 'failed to parse `not(unix, windows)` as a cfg expression: expected `)`, found `,`',
      offset: 8,
    },
    {
      input: 'not()',
      kind: 'unexpectedToken',
      message: 'failed to parse `not()` as a cfg expression: expected identifier, found `)`',
      offset: 4,
    },
    {
      input: 'all(unix',
      kind: 'incompleteExpr',
      message: 'failed to parse `all(unix` as a cfg expression: expected `)`, but cfg expression ended',
      offset: 8,
    },
    {
      input: 'all(unix,',
      kind: 'incompleteExpr',
      message: 'failed to parse `all(unix,` as a cfg expression: expected start of a cfg expression, but cfg expression ended',
      offset: 9,
    },
    {
      input: 'all(unix,,)',
      kind: 'unexpectedToken',
      message: 'failed to parse `all(unix,,)` as a cfg expression: expected identifier, found `,`',
      offset: 9,
    },
    {
      input: 'all(unix windows)',
      kind: 'unexpectedToken',
      message: 'failed to parse `all(unix windows)` as a cfg expression: expected `)`, found an identifier',
      offset: 9,
    },
    {
      input: '   ',
      kind: 'incompleteExpr',
      message: 'failed to parse `   ` as a cfg expression: expected start of a cfg expression, but cfg expression ended',
      offset: 3,
    },
  ];

  it.each(cases)('$input', (c) => {
    const e = parseError(() => (c.platform ? parsePlatform(c.input) : parseCfgExpr(c.input)));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CfgParseError');
    expect(e.kind).toBe(c.kind);
    expect(e.message).toBe(c.message);
    expect(e.offset).toBe(c.offset);
    expect(e.input).toBe(c.input);
  });

  it('reports cfg errors at the same spot whether wrapped in cfg() or not', () => {
    const inner = parseError(() => parseCfgExpr('all(unix, $)'));
    const outer = parseError(() => parsePlatform('cfg(all(unix, $))'));
    expect(outer.message).toBe(inner.message);
    expect(outer.offset).toBe((inner.offset ?? 0) + 4);
  });

  it('rejects absurd nesting without overflowing the stack', () => {
    const deep = 'not('.repeat(100_000) + 'unix' + ')'.repeat(100_000);
    expect(parseError(() => parseCfgExpr(deep)).kind).toBe('tooComplex');
    const long = `any(${'a, '.repeat(50_000)})`;
    expect(parseError(() => parsePlatform(`cfg(${long})`)).kind).toBe('tooComplex');
    // Well within the bounds, a real-world-sized expression is fine.
    expect(() => parseCfgExpr(`any(${'a, '.repeat(500)})`)).not.toThrow();
    expect(() => parseCfgExpr('not('.repeat(60) + 'a' + ')'.repeat(60))).not.toThrow();
  });
});

describe('display', () => {
  it.each([
    ['cfg(all(unix, target_os = "linux"))', 'cfg(all(unix, target_os = "linux"))'],
    ['cfg(all(unix,target_os="linux",))', 'cfg(all(unix, target_os = "linux"))'],
    ['cfg(  not( r#any ) )', 'cfg(not(r#any))'],
    ['cfg(any())', 'cfg(any())'],
    ['cfg(r#k = "v")', 'cfg(r#k = "v")'],
    ['x86_64-pc-windows-gnu', 'x86_64-pc-windows-gnu'],
  ])('%j displays as %j', (src, shown) => {
    expect(displayPlatform(parsePlatform(src))).toBe(shown);
  });

  it('prints string values verbatim, without escaping', () => {
    expect(displayCfgExpr(kv('a', 'x\\y\n'))).toBe('a = "x\\y\n"');
  });
});

describe('ordering (derived Ord)', () => {
  it('orders CfgExpr variants Not < All < Any < Value', () => {
    const sorted = [nameV('a'), any(), all(), not(nameV('a'))].sort(compareCfgExpr);
    expect(sorted).toEqual([not(nameV('a')), all(), any(), nameV('a')]);
  });

  it('orders Cfg::Name before Cfg::KeyPair regardless of text', () => {
    expect(compareCfgExpr(nameV('zzz'), kv('aaa', 'a'))).toBeLessThan(0);
  });

  it('compares key pairs by key, then value', () => {
    expect(compareCfgExpr(kv('a', 'z'), kv('b', 'a'))).toBeLessThan(0);
    expect(compareCfgExpr(kv('a', 'b'), kv('a', 'a'))).toBeGreaterThan(0);
    expect(compareCfgExpr(kv('a', 'b'), kv('a', 'b'))).toBe(0);
  });

  it('distinguishes raw idents, after the name (Ident derives Ord)', () => {
    expect(compareCfgExpr(nameV('foo'), nameV('foo', true))).toBeLessThan(0);
    expect(compareCfgExpr(nameV('foo', true), nameV('fop'))).toBeLessThan(0);
  });

  it('compares lists lexicographically, a prefix first', () => {
    expect(compareCfgExpr(all(nameV('a')), all(nameV('a'), nameV('b')))).toBeLessThan(0);
    expect(compareCfgExpr(all(nameV('b')), all(nameV('a'), nameV('b')))).toBeGreaterThan(0);
    expect(compareCfgExpr(all(not(nameV('x'))), all(any()))).toBeLessThan(0);
  });

  it('puts every target name before every cfg', () => {
    expect(comparePlatform(triple('zzz'), cfgP(not(nameV('a'))))).toBeLessThan(0);
    expect(comparePlatform(triple('a'), triple('b'))).toBeLessThan(0);
  });

  it('compares strings by UTF-8 bytes, not UTF-16 units', () => {
    // U+FFFD is EF BF BD in UTF-8, U+1F600 is F0 9F 98 80; in UTF-16 the
    // emoji's lead surrogate D83D would sort first.
    expect(compareRustStrings('\uFFFD', '😀')).toBeLessThan(0);
    expect(compareRustStrings('😀', '\uFFFD')).toBeGreaterThan(0);
    expect(compareRustStrings('\uE000', '\uD7FF')).toBeGreaterThan(0);
    expect(compareRustStrings('Z', 'a')).toBeLessThan(0);
    expect(compareRustStrings('ab', 'abc')).toBeLessThan(0);
    expect(compareRustStrings('', '')).toBe(0);
  });

  it('agrees with UTF-8 byte comparison on arbitrary strings', () => {
    const enc = new TextEncoder();
    const byteCmp = (a: string, b: string): number => {
      const x = enc.encode(a);
      const y = enc.encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
      }
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareRustStrings(a, b))).toBe(Math.sign(byteCmp(a, b)));
      }),
    );
  });
});

// ---- property tests -------------------------------------------------------

const RESERVED = new Set(['all', 'any', 'not']);
const identArb: fc.Arbitrary<CfgIdent> = fc
  .record({ name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/), raw: fc.boolean() })
  // A bare `all`/`any`/`not` would be read as an operator, so only raw ones print back.
  .map((i) => (RESERVED.has(i.name) ? { ...i, raw: true } : i));
const valueArb = fc.string({ unit: 'binary', maxLength: 8 }).map((s) => s.replaceAll('"', ''));
const cfgArb: fc.Arbitrary<Cfg> = fc.oneof(
  identArb.map((name): Cfg => ({ kind: 'name', name })),
  fc.tuple(identArb, valueArb).map(([key, value]): Cfg => ({ kind: 'keyPair', key, value })),
);
const exprArb: fc.Arbitrary<CfgExpr> = fc.letrec<{ expr: CfgExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    cfgArb.map((cfg): CfgExpr => ({ kind: 'value', cfg })),
    tie('expr').map((expr): CfgExpr => ({ kind: 'not', expr })),
    fc.array(tie('expr'), { maxLength: 4 }).map((exprs): CfgExpr => ({ kind: 'all', exprs })),
    fc.array(tie('expr'), { maxLength: 4 }).map((exprs): CfgExpr => ({ kind: 'any', exprs })),
  ),
})).expr;
const tripleArb = fc.array(fc.constantFrom('a', 'Z', '0', '_', '-', '.', 'é', '٣', 'ⅻ'), { maxLength: 12 }).map((cs) => cs.join(''));
const platformArb: fc.Arbitrary<Platform> = fc.oneof(
  tripleArb.map((t): Platform => ({ kind: 'name', triple: t })),
  exprArb.map((expr): Platform => ({ kind: 'cfg', expr })),
);

const TOKENS = [
  'cfg(',
  '(',
  ')',
  ',',
  '=',
  '"',
  ' ',
  '  ',
  'all',
  'any',
  'not',
  'r#',
  'r',
  '#',
  'unix',
  'target_os',
  '"linux"',
  '""',
  '\t',
  '\n',
  'é',
  '😀',
  '1',
  '_',
  '-',
  '.',
  'x86_64',
];
const cfgishArb = fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }).map((t) => t.join(''));

function checkParseOutcome(input: string, parse: (s: string) => unknown): void {
  try {
    parse(input);
  } catch (e) {
    expect(e).toBeInstanceOf(CfgParseError);
    const err = e as CfgParseError;
    expect(err.message.startsWith('failed to parse `')).toBe(true);
    expect(err.input).toBe(input);
    if (err.offset !== undefined) {
      expect(err.offset).toBeGreaterThanOrEqual(0);
      expect(err.offset).toBeLessThanOrEqual(input.length);
    }
  }
}

describe('properties', () => {
  it('parsePlatform/parseCfgExpr throw nothing but CfgParseError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        checkParseOutcome(s, parsePlatform);
        checkParseOutcome(s, parseCfgExpr);
        checkParseOutcome(`cfg(${s})`, parsePlatform);
      }),
      { numRuns: 500 },
    );
  });

  it('throw nothing but CfgParseError on cfg-ish token soup, and what parses re-parses from its display', () => {
    fc.assert(
      fc.property(cfgishArb, (s) => {
        checkParseOutcome(s, parsePlatform);
        checkParseOutcome(`cfg(${s})`, parsePlatform);
        checkParseOutcome(s, parseCfgExpr);
        let p: Platform | undefined;
        try {
          p = parsePlatform(`cfg(${s})`);
        } catch {
          return;
        }
        expect(parsePlatform(displayPlatform(p))).toEqual(p);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse(display(x)) equals x for generated CfgExprs and Platforms', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        expect(parseCfgExpr(displayCfgExpr(e))).toEqual(e);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(platformArb, (p) => {
        expect(parsePlatform(displayPlatform(p))).toEqual(p);
      }),
      { numRuns: 1000 },
    );
  });

  it('display(parse(s)) is a fixed point of display∘parse', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const shown = displayCfgExpr(e);
        expect(displayCfgExpr(parseCfgExpr(shown))).toBe(shown);
      }),
    );
  });

  it('comparePlatform is a total order consistent with structural equality', () => {
    fc.assert(
      fc.property(platformArb, platformArb, platformArb, (a, b, c) => {
        const ab = comparePlatform(a, b);
        expect(Math.sign(comparePlatform(b, a)) + Math.sign(ab)).toBe(0);
        expect(comparePlatform(a, a)).toBe(0);
        if (ab === 0) expect(a).toEqual(b);
        if (ab <= 0 && comparePlatform(b, c) <= 0) expect(comparePlatform(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('real-world keys', () => {
  const indexDir = join(import.meta.dirname, '../fixtures/crates-io/registry/index');
  function* indexFiles(dir: string): Generator<string> {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) yield* indexFiles(p);
      else yield p;
    }
  }
  const targets = new Set<string>();
  for (const f of indexFiles(indexDir)) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const entry = JSON.parse(line) as { deps?: { target?: string | null }[] };
      for (const d of entry.deps ?? []) if (d.target) targets.add(d.target);
    }
  }

  it('parses every dependency target in the crates.io fixture index', () => {
    // cargo accepted all of these when the crates were published.
    expect(targets.size).toBeGreaterThan(50);
    for (const t of targets) {
      const p = parsePlatform(t);
      expect(parsePlatform(displayPlatform(p))).toEqual(p);
    }
  });

  it('orders the errno libc platforms as cargo2nix printed them', () => {
    // The index lists hermit, wasi, unix; the golden Cargo.nix shows unix first.
    const ps = ['cfg(target_os="hermit")', 'cfg(target_os="wasi")', 'cfg(unix)'].map(parsePlatform);
    expect(ps.sort(comparePlatform).map(displayPlatform)).toEqual(['cfg(unix)', 'cfg(target_os = "hermit")', 'cfg(target_os = "wasi")']);
  });
});
