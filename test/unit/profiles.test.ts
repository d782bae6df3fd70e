import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parseProfiles } from '../../worker/parse/profiles.ts';
import { escapeProfileToml, profilesByName, type ProfileOptions } from '../../worker/render/cargo2nix/profiles.ts';
import { rustEscapeDebug } from '../../worker/render/cargo2nix/rust-debug.ts';
import { compareUtf8, floatRepr, keyRepr, stringRepr, tomlToString } from '../../worker/render/cargo2nix/toml-write.ts';

const fixture = (rel: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url)), 'utf8');

/** Cargo.nix's profile texts for a root manifest: parsed for the model, then written as cargo2nix does. */
const fromToml = (manifest: string): Map<string, string> => profilesByName(parseProfiles(manifest));

/** The same for hand-written `[profile]` values; plain JS numbers that are whole read as integers unless told otherwise. */
const fromValues = (profile: Record<string, unknown>, options: ProfileOptions = { numbers: 'auto' }): Map<string, string> =>
  profilesByName(new Map(Object.entries(profile)), options);

const asRecord = (m: Map<string, string>): Record<string, string> => Object.fromEntries(m);

const renderLines = (m: Map<string, string>): string => [...m].map(([name, text]) => `    ${name} = builtins.fromTOML "${text}";\n`).join('');

describe('golden output of cargo2nix 0.12.0', () => {
  it('reproduces the profilesByName block of features-misc', () => {
    const manifest = fixture('debian/cases/features-misc/Cargo.toml');
    const nix = fixture('debian/cases/features-misc/expected/Cargo.nix');
    const block = / {2}profilesByName = \{\n([\s\S]*?) {2}\};\n/.exec(nix)?.[1];
    expect(block).toBeDefined();
    expect(renderLines(fromToml(manifest))).toBe(block);
  });

  it('gives the same for a manifest object with plain-number integers', () => {
    const profile = {
      release: { lto: true, 'opt-level': 3, 'codegen-units': 1 },
      dev: { package: { '*': { 'opt-level': 2 } } },
    };
    expect(asRecord(fromValues(profile))).toEqual({
      dev: '[package.\\"*\\"]\\nopt-level = 2\\n',
      release: 'codegen-units = 1\\nlto = true\\nopt-level = 3\\n',
    });
  });

  it('gives no profiles for manifests without any', () => {
    for (const name of ['hello-world', 'bigger-project', 'cross-compiling']) {
      expect(fromToml(fixture(`crates-io/cases/${name}/Cargo.toml`)).size).toBe(0);
    }
  });
});

// Every expected value in this block was produced by the real code, not reasoned out:
// cargo2nix's extract_profiles + BuildPlan steps (`toml::to_string`, `${` -> `\${`,
// `str::escape_debug`) in a small Rust program built against toml 0.8.20 and toml_edit
// 0.22.24 compiled from their sources (rustc 1.95).
describe('profilesByName against the Rust serializer', () => {
  const cases: { name: string; toml: string; expected: Record<string, string> }[] = [
    {
      name: 'several profiles, per-package overrides and build-override',
      toml: `
[profile.release]
opt-level = 3
debug = false
strip = "symbols"
[profile.release.package.foo]
opt-level = "s"
[profile.release.build-override]
opt-level = 0
debug = true
[profile.dev]
debug = 2
incremental = true
[profile.dev.package."*"]
opt-level = 1
[profile.dev.build-override]
codegen-units = 256
`,
      expected: {
        dev: 'debug = 2\\nincremental = true\\n\\n[build-override]\\ncodegen-units = 256\\n\\n[package.\\"*\\"]\\nopt-level = 1\\n',
        release:
          'debug = false\\nopt-level = 3\\nstrip = \\"symbols\\"\\n\\n[build-override]\\ndebug = true\\nopt-level = 0\\n\\n[package.foo]\\nopt-level = \\"s\\"\\n',
      },
    },
    {
      name: 'panic dropped from test and bench only; custom profile with inherits',
      toml: `
[profile.release-lto]
inherits = "release"
lto = "fat"
[profile.test]
panic = "abort"
opt-level = 1
[profile.bench]
panic = "abort"
[profile.release]
panic = "abort"
`,
      expected: {
        bench: '',
        release: 'panic = \\"abort\\"\\n',
        'release-lto': 'inherits = \\"release\\"\\nlto = \\"fat\\"\\n',
        test: 'opt-level = 1\\n',
      },
    },
    {
      name: 'strings: quotes, backslashes, ${, newlines, unicode, quoted keys',
      toml: `
[profile.dev]
rustflags = ["-C", "target-cpu=native", "\${HOME}"]
a = "it's"
b = "say \\"hi\\""
c = 'C:\\path'
d = "line1\\nline2"
e = "tab\\there"
f = "über ❤ \\u00a0 \\u200b \\u0301"
g = "\${x} and $\${y}"
h = "quote \\" and apostrophe '"
i = """multi "q"
line"""
j = "ends with '"
k = "'''"
"key with space" = 1
'quo"te' = 2
"é\\"" = 3
"€\\"" = 4
"" = 5
"a.b" = 6
"\\u0301x" = 7
`,
      expected: {
        dev: '\\"\\" = 5\\na = \\"it\\\'s\\"\\n\\"a.b\\" = 6\\nb = \\\'say \\"hi\\"\\\'\\nc = \\\'C:\\\\path\\\'\\nd = \\"\\"\\"\\nline1\\nline2\\"\\"\\"\\ne = \\"tab\\\\there\\"\\nf = \\"über ❤ \\u{a0} \\u{200b} \u0301\\"\\ng = \\"\\\\${x} and $\\\\${y}\\"\\nh = \\"quote \\\\\\" and apostrophe \\\'\\"\\ni = \\\'\\\'\\\'\\nmulti \\"q\\"\\nline\\\'\\\'\\\'\\nj = \\"ends with \\\'\\"\\nk = \\"\\\'\\\'\\\'\\"\\n\\"key with space\\" = 1\\n\\\'quo\\"te\\\' = 2\\nrustflags = [\\"-C\\", \\"target-cpu=native\\", \\"\\\\${HOME}\\"]\\n\\\'é\\"\\\' = 3\\n\\"\u0301x\\" = 7\\n\\"€\\\\\\"\\" = 4\\n',
      },
    },
    {
      name: 'numbers, datetimes, arrays, inline and empty tables, nested ordering',
      toml: `
[profile.dev]
x = [1, 2.5, "s", true, [1, [2]], {a = 1, b = {c = 2}}]
y = []
z = [{a = 1}, {b = [1, 2]}]
w = [{}]
t = {}
f1 = 1e10
f2 = -0.0
f3 = nan
f4 = -inf
f5 = 1.0e-7
f6 = 3.14159
f8 = 0.1
i1 = 0x1F
i2 = -9223372036854775808
d1 = 1979-05-27T07:32:00Z
d2 = 1979-05-27T07:32:00.5-07:00
d3 = 1979-05-27 07:32:00
d4 = 1979-05-27
d5 = 07:32:00.250
d6 = 1979-05-27T00:32:00-00:00
d7 = 1979-05-27T07:32:00.123z
[profile.dev.nested]
z = 1
a = [1, {x = 1}]
m = [{q = 1}]
sub = {k = 1}
aaa = 1
[profile.dev.nested.deeper.deepest]
v = 1
[profile.dev.empty]
`,
      expected: {
        dev: 'd1 = 1979-05-27T07:32:00Z\\nd2 = 1979-05-27T07:32:00.5-07:00\\nd3 = 1979-05-27T07:32:00\\nd4 = 1979-05-27\\nd5 = 07:32:00.25\\nd6 = 1979-05-27T00:32:00+00:00\\nd7 = 1979-05-27T07:32:00.123Z\\nf1 = 10000000000.0\\nf2 = -0.0\\nf3 = nan\\nf4 = -inf\\nf5 = 0.0000001\\nf6 = 3.14159\\nf8 = 0.1\\ni1 = 31\\ni2 = -9223372036854775808\\nx = [1, 2.5, \\"s\\", true, [1, [2]], { a = 1, b = { c = 2 } }]\\ny = []\\n\\n[empty]\\n\\n[nested]\\naaa = 1\\nz = 1\\na = [1, { x = 1 }]\\n\\n[[nested.m]]\\nq = 1\\n\\n[nested.deeper.deepest]\\nv = 1\\n\\n[nested.sub]\\nk = 1\\n\\n[t]\\n\\n[[w]]\\n\\n[[z]]\\na = 1\\n\\n[[z]]\\nb = [1, 2]\\n',
      },
    },
    {
      name: 'arrays of tables with sub-tables',
      toml: `
[[profile.dev.aot]]
a = 1
[[profile.dev.aot]]
[profile.dev.aot.sub]
b = 2
[[profile.dev.aot.arr]]
c = 3
`,
      expected: { dev: '[[aot]]\\na = 1\\n\\n[[aot]]\\n\\n[[aot.arr]]\\nc = 3\\n\\n[aot.sub]\\nb = 2\\n' },
    },
    {
      name: 'keys in UTF-8 byte order, unprintable characters escaped',
      toml: `
[profile.dev]
"😀" = 1
"\\ue000" = 2
"b" = 3
"\\u00e9" = 4
`,
      expected: { dev: 'b = 3\\n\\"é\\" = 4\\n\\"\\u{e000}\\" = 2\\n\\"😀\\" = 1\\n' },
    },
    {
      name: 'an array of tables sorts among tables at the top, after them when nested',
      toml: `
[profile.p]
c = 1
d = [1, {z = 1}]
a = [{x = 1}]
b = {y = 1}
[profile.p.n]
d = [1, {z = 1}]
c = 1
a = {y = 1}
b = [{x = 1}]
[profile.q]
f = [1047477655313674.25, 1e21, 1.5e-7, 0.3]
`,
      expected: {
        p: 'c = 1\\nd = [1, { z = 1 }]\\n\\n[[a]]\\nx = 1\\n\\n[b]\\ny = 1\\n\\n[n]\\nc = 1\\nd = [1, { z = 1 }]\\n\\n[[n.b]]\\nx = 1\\n\\n[n.a]\\ny = 1\\n',
        q: 'f = [1047477655313674.3, 1000000000000000000000.0, 0.00000015, 0.3]\\n',
      },
    },
    { name: 'profile that is not a table', toml: 'profile = 1\n', expected: {} },
    { name: 'one profile that is not a table', toml: '[profile]\ndev = 1\n[profile.release]\nlto = true\n', expected: {} },
    { name: 'no profile section', toml: '[package]\nname = "x"\n', expected: {} },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(asRecord(fromToml(c.toml))).toEqual(c.expected);
    });
  }

  it('returns names in BTreeMap order', () => {
    const names = [...fromToml(cases[1]!.toml).keys()];
    expect(names).toEqual(['bench', 'release', 'release-lto', 'test']);
  });
});

describe('parseProfiles', () => {
  it('keeps every profile value as parsed, in the manifest’s order, integers as bigint', () => {
    const profiles = parseProfiles('[profile.release]\nopt-level = 3\nlto = 3.0\n[profile.dev]\ndebug = 1\n[profile.odd]\n');
    expect([...profiles.keys()]).toEqual(['release', 'dev', 'odd']);
    expect({ ...(profiles.get('release') as object) }).toEqual({ 'opt-level': 3n, lto: 3 });
    expect(parseProfiles('[profile]\ndev = 1\n').get('dev')).toBe(1n);
  });

  it('gives no profiles without a `profile` table, or for text that does not parse', () => {
    expect(parseProfiles('[package]\nname = "x"\n').size).toBe(0);
    expect(parseProfiles('profile = []\n').size).toBe(0);
    expect(parseProfiles('profile = "x"\n').size).toBe(0);
    expect(parseProfiles('profile = 1979-05-27\n').size).toBe(0);
    expect(parseProfiles('[profile.dev\nopt-level = 1').size).toBe(0);
  });
});

describe('profilesByName on profile values', () => {
  it('mirrors the serde failure rule: one profile that is not a table empties the map', () => {
    expect(profilesByName(new Map()).size).toBe(0);
    expect(fromValues({ dev: { debug: 1 }, release: [1] }).size).toBe(0);
    expect(fromValues({ dev: { debug: 1 }, release: 1n }).size).toBe(0);
  });

  it('removes panic without touching the caller’s object', () => {
    const test = { panic: 'abort', 'opt-level': 1 };
    expect(asRecord(fromValues({ test }))).toEqual({ test: 'opt-level = 1\\n' });
    expect(test.panic).toBe('abort');
  });

  it('reads plain numbers as integers when whole, unless told they are all floats', () => {
    // Derived from the rules (i64 prints as decimal, whole f64 gets ".0"), not from the tool.
    const profile = { dev: { a: 1, b: 1.5, c: 2n } };
    expect(fromValues(profile).get('dev')).toBe('a = 1\\nb = 1.5\\nc = 2\\n');
    expect(fromValues(profile, { numbers: 'float' }).get('dev')).toBe('a = 1.0\\nb = 1.5\\nc = 2\\n');
    // The model's own values are bigint integers, which is what profilesByName expects by default.
    expect(profilesByName(new Map([['dev', { a: 1 }]])).get('dev')).toBe('a = 1.0\\n');
  });
});

describe('tomlToString', () => {
  // From the `toml` crate's own tests (crates/toml/tests/testsuite/display.rs, float.rs,
  // pretty.rs), whose expectations are the real output.
  it('matches toml display.rs', () => {
    expect(tomlToString({})).toBe('');
    expect(tomlToString({ test: 2, test2: 3 })).toBe('test = 2\ntest2 = 3\n');
    expect(tomlToString({ test: 2, test2: { test: 'wut' } })).toBe('test = 2\n\n[test2]\ntest = "wut"\n');
    expect(tomlToString({ test: 2, test2: [{ test: 'wut' }] })).toBe('test = 2\n\n[[test2]]\ntest = "wut"\n');
    expect(tomlToString({ test: 2, test2: [{ test: [2] }] })).toBe('test = 2\n\n[[test2]]\ntest = [2]\n');
    expect(
      tomlToString({
        test: 2,
        test2: [
          {
            test: [
              [2, 3],
              ['foo', 'bar'],
            ],
          },
        ],
      }),
    ).toBe('test = 2\n\n[[test2]]\ntest = [[2, 3], ["foo", "bar"]]\n');
    expect(tomlToString({ test: [2], test2: 2 })).toBe('test = [2]\ntest2 = 2\n');
  });

  it('matches toml float.rs', () => {
    const s = { sf1: Infinity, sf2: Infinity, sf3: -Infinity, sf4: NaN, sf5: NaN, sf6: -NaN, sf7: 0, sf8: -0 };
    expect(tomlToString(s, { numbers: 'float' })).toBe('sf1 = inf\nsf2 = inf\nsf3 = -inf\nsf4 = nan\nsf5 = nan\nsf6 = nan\nsf7 = 0.0\nsf8 = -0.0\n');
  });

  it('matches toml pretty.rs for strings and empty tables', () => {
    const noPretty =
      '[example]\narray = ["item 1", "item 2"]\nempty = []\noneline = "this has no newlines."\n' +
      "text = '''\n\nthis is the first line\\nthis is the second line\n'''\n";
    expect(tomlToString(parse(noPretty))).toBe(noPretty);
    // PRETTY_TRICKY without arrays, so the pretty and plain writers agree.
    const tricky = String.raw`[example]
f = "\f"
glass = """
Nothing too unusual, except that I can eat glass in:
- Greek: Μπορώ να φάω σπασμένα γυαλιά χωρίς να πάθω τίποτα. 
- Japanese: 私はガラスを食べられます。それは私を傷つけません。 
"""
r = "\r"
r_newline = """
\r
"""
single = "this is a single line but has '' cuz it's tricky"
single_tricky = "single line with ''' in it"
tabs = """
this is pretty standard
\texcept for some   \ttabs right here
"""
text = """
this is the first line.
This has a ''' in it and \"\"\" cuz it's tricky yo
Also ' and \" because why not
this is the fourth line
"""
`;
    expect(tomlToString(parse(tricky))).toBe(tricky);
    expect(tomlToString({ example: {} })).toBe('[example]\n');
  });

  it('chooses string styles as toml_edit string_value_roundtrip expects', () => {
    // From toml_edit's tests/testsuite/parse.rs (`assert_string_value_roundtrip`).
    const table: [string, string][] = [
      ['', '""'],
      ['a', '"a"'],
      ['tab \t tab', '"tab \\t tab"'],
      ['lf \n lf', '"""\nlf \n lf"""'],
      ['crlf \r\n crlf', '"""\ncrlf \\r\n crlf"""'],
      ['bell \b bell', '"bell \\b bell"'],
      ['feed \f feed', '"feed \\f feed"'],
      ['backslash \\ backslash', "'backslash \\ backslash'"],
      ["squote ' squote", `"squote ' squote"`],
      ["triple squote ''' triple squote", `"triple squote ''' triple squote"`],
      ["end squote '", `"end squote '"`],
      ['quote " quote', `'quote " quote'`],
      ['triple quote """ triple quote', `'triple quote """ triple quote'`],
      ['end quote "', `'end quote "'`],
      ['quoted "content" quoted', `'quoted "content" quoted'`],
      ["squoted 'content' squoted", `"squoted 'content' squoted"`],
      [`mixed quoted "start" 'end'' mixed quote`, `'''mixed quoted "start" 'end'' mixed quote'''`],
    ];
    for (const [value, repr] of table) expect(stringRepr(value)).toBe(repr);
  });

  it('quotes keys as toml_edit does', () => {
    // Each spelling was also checked against the Rust serializer. The é/€ pair shows
    // that toml_edit's literal-key test only admits U+0080..U+00FF beyond ASCII.
    expect(keyRepr('opt-level')).toBe('opt-level');
    expect(keyRepr('A_z-09')).toBe('A_z-09');
    expect(keyRepr('')).toBe('""');
    expect(keyRepr('*')).toBe('"*"');
    expect(keyRepr('a.b')).toBe('"a.b"');
    expect(keyRepr('a"b')).toBe(`'a"b'`);
    expect(keyRepr('a\\b')).toBe(`'a\\b'`);
    expect(keyRepr(`a'"`)).toBe(`"a'\\""`);
    expect(keyRepr('é"')).toBe(`'é"'`);
    expect(keyRepr('€"')).toBe('"€\\""');
    expect(keyRepr('new\nline')).toBe('"new\\nline"');
  });

  it('spells floats as Rust Display does', () => {
    // Checked against rustc's `{}` for f64, plus toml_edit's ".0" for whole numbers.
    expect(floatRepr(1e10)).toBe('10000000000.0');
    expect(floatRepr(1.5)).toBe('1.5');
    expect(floatRepr(1e-7)).toBe('0.0000001');
    expect(floatRepr(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(floatRepr(1e21)).toBe('1000000000000000000000.0');
    expect(floatRepr(5e-324)).toBe('0.' + '0'.repeat(323) + '5');
    expect(floatRepr(-2.5)).toBe('-2.5');
    // eslint-disable-next-line no-loss-of-precision -- the point: the literal rounds to 2^53 as TOML's float would
    expect(floatRepr(9007199254740993)).toBe('9007199254740992.0');
    // An exact tie between two shortest candidates: Rust rounds up, V8 does not.
    expect(floatRepr(1047477655313674.25)).toBe('1047477655313674.3');
    expect(floatRepr(-30857632434092.5625)).toBe('-30857632434092.563');
  });

  it('orders keys by UTF-8 bytes', () => {
    expect(['😀', '\ue000', 'b', 'é'].sort(compareUtf8)).toEqual(['b', 'é', '\ue000', '😀']);
  });

  it('rejects values TOML cannot hold', () => {
    expect(() => tomlToString({ a: null })).toThrow();
    expect(() => tomlToString({ a: undefined })).toThrow();
    expect(() => tomlToString({ a: 2n ** 63n })).toThrow();
  });
});

describe('rustEscapeDebug', () => {
  // Checked against Rust's `str::escape_debug` (rustc 1.95) for every code point.
  it('escapes as str::escape_debug', () => {
    expect(rustEscapeDebug('\t\r\n\\\'"\0')).toBe('\\t\\r\\n\\\\\\\'\\"\\0');
    expect(rustEscapeDebug('\x1b\x7f')).toBe('\\u{1b}\\u{7f}');
    expect(rustEscapeDebug('\u00a0\u00ad\u200b\u2028\ue000\ufeff')).toBe('\\u{a0}\\u{ad}\\u{200b}\\u{2028}\\u{e000}\\u{feff}');
    expect(rustEscapeDebug('é❤😀 ~')).toBe('é❤😀 ~');
    expect(rustEscapeDebug('\u0301a\u0301')).toBe('\\u{301}a\u0301');
    expect(rustEscapeDebug('')).toBe('');
  });

  it('guards ${ before escaping', () => {
    expect(escapeProfileToml('a = "${x}"\n')).toBe('a = \\"\\\\${x}\\"\\n');
  });
});

/** Inverse of `rustEscapeDebug` for the escapes it produces. */
function unescapeRustDebug(s: string): string {
  return s.replace(/\\(u\{([0-9a-f]+)\}|.)/gsu, (_m, esc: string, hex: string | undefined) => {
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    const simple: Record<string, string> = { t: '\t', r: '\r', n: '\n', '0': '\0', '\\': '\\', "'": "'", '"': '"' };
    const out = simple[esc];
    if (out === undefined) throw new Error(`unexpected escape \\${esc}`);
    return out;
  });
}

/** smol-toml builds null-prototype tables; compare plain data only. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.keys(v).map((k) => [k, plain((v as Record<string, unknown>)[k])]));
  }
  return v;
}

describe('round trip', () => {
  const key = fc
    .oneof(
      fc.constantFrom('opt-level', 'a', 'z', '*', 'a.b', '', 'a"b', "a'b", 'é"', '€"', '😀', '\ue000'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    )
    .filter((k) => k !== '__proto__');
  const text = fc.oneof(
    fc.string({
      unit: fc.constantFrom('a', "'", '"', '\\', '\n', '\t', '\r', ' ', '$', '{', 'é', '\u0301', '\u00a0', '\0', '\x7f', '😀'),
      maxLength: 12,
    }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );
  const scalar = fc.oneof(text, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.boolean());
  const { table } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, scalar, tie('table'), tie('array')),
    table: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    array: fc.oneof(fc.array(tie('value'), { maxLength: 3 }), fc.array(tie('table'), { minLength: 1, maxLength: 3 })),
  }));

  it('parses back to the same data after undoing the escapes', () => {
    fc.assert(
      fc.property(table, (profile) => {
        const escaped = fromValues({ dev: profile }, { numbers: 'float' }).get('dev');
        expect(escaped).toBeDefined();
        const toml = unescapeRustDebug(escaped!).replaceAll('\\${', '${');
        expect(plain(parse(toml, { integersAsBigInt: true }))).toEqual(plain(profile));
      }),
      { numRuns: 300 },
    );
  });
});
