// The per-key expectations follow from reading cargo2nix 0.12.0's
// src/platform.rs and Rust's `<str as Debug>`; the "golden" block checks
// against a Cargo.nix the real cargo2nix 0.12.0 wrote.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALSE, TRUE, and, or, ors, simplify, single, toNix } from '../../worker/render/nix/bool-expr.ts';
import { comparePlatform, parsePlatform } from '../../worker/parse/cfg.ts';
import { platformToBoolExpr } from '../../worker/render/nix/platform-nix.ts';
import { rustDebugString } from '../../worker/render/cargo2nix/rust-debug.ts';

const nix = (key: string, v = 'hostPlatform'): string => toNix(simplify(platformToBoolExpr(parsePlatform(key), v)));

describe('rustDebugString', () => {
  it.each<[string, string]>([
    ['linux', '"linux"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ["it's", '"it\'s"'],
    ['\n\r\t\0', '"\\n\\r\\t\\0"'],
    ['\x01\x1b\x7f', '"\\u{1}\\u{1b}\\u{7f}"'],
    ['\x85\xa0', '"\\u{85}\\u{a0}"'],
    ['a b', '"a b"'],
    ['é😀ü', '"é😀ü"'],
    // Combining marks are escaped everywhere in the string, not only first.
    ['e\u0301', '"e\\u{301}"'],
    ['\u0301', '"\\u{301}"'],
    // Format, separator, private-use and unassigned code points.
    ['\u200b\u2028\u2029\ufeff', '"\\u{200b}\\u{2028}\\u{2029}\\u{feff}"'],
    ['\u3000', '"\\u{3000}"'],
    ['\ue000\u{10ffff}', '"\\u{e000}\\u{10ffff}"'],
    ['\u0378', '"\\u{378}"'],
    ['${x}', '"${x}"'],
  ])('%j → %s', (s, out) => {
    expect(rustDebugString(s)).toBe(out);
  });

  it('leaves printable ASCII other than quote and backslash alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]*$/), (s) => {
        const body = s.replaceAll('\\', '\\\\').replaceAll('"', '\\"');
        expect(rustDebugString(s)).toBe(`"${body}"`);
      }),
    );
  });
});

describe('platformToBoolExpr', () => {
  it.each<[string, string]>([
    ['x86_64-unknown-linux-gnu', 'hostPlatform.config == "x86_64-unknown-linux-gnu"'],
    ['cfg(windows)', 'hostPlatform.isWindows'],
    ['cfg(unix)', 'hostPlatform.isUnix'],
    ['cfg(r#unix)', 'hostPlatform.isUnix'],
    ['cfg(test)', 'false'],
    ['cfg(target_arch = "arm")', 'hostPlatform.parsed.cpu.name == "armv6l" || hostPlatform.parsed.cpu.name == "armv7l"'],
    ['cfg(target_arch = "x86")', 'hostPlatform.parsed.cpu.name == "i686"'],
    ['cfg(target_arch = "x86_64")', 'hostPlatform.parsed.cpu.name == "x86_64"'],
    ['cfg(target_arch = "aarch64")', 'hostPlatform.parsed.cpu.name == "aarch64"'],
    ['cfg(target_arch = "wasm32")', 'hostPlatform.parsed.cpu.name == "wasm32"'],
    ['cfg(target_os = "macos")', 'hostPlatform.parsed.kernel.name == "darwin"'],
    ['cfg(target_os = "linux")', 'hostPlatform.parsed.kernel.name == "linux"'],
    ['cfg(target_os = "ios")', 'hostPlatform.parsed.kernel.name == "ios"'],
    ['cfg(target_family = "unix")', 'hostPlatform.isUnix'],
    ['cfg(target_family = "windows")', 'hostPlatform.isWindows'],
    ['cfg(target_family = "wasm")', 'false'],
    ['cfg(target_env = "sgx")', 'target == "x86_64-fortanix-unknown-sgx"'],
    ['cfg(target_env = "gnu")', 'hostPlatform.parsed.abi.name == "gnu"'],
    ['cfg(target_env = "")', 'hostPlatform.parsed.abi.name == ""'],
    ['cfg(target_endian = "little")', 'hostPlatform.parsed.cpu.significantByte.name == "littleEndian"'],
    ['cfg(target_endian = "big")', 'hostPlatform.parsed.cpu.significantByte.name == "bigEndian"'],
    ['cfg(target_endian = "Little")', 'false'],
    ['cfg(target_pointer_width = "32")', 'hostPlatform.parsed.cpu.bits == 32'],
    ['cfg(target_pointer_width = "64")', 'hostPlatform.parsed.cpu.bits == 64'],
    ['cfg(target_pointer_width = "16")', 'false'],
    ['cfg(target_vendor = "apple")', 'hostPlatform.parsed.vendor.name == "apple"'],
    ['cfg(target_cpu = "cortex-a53")', 'hostPlatformCpu == "cortex-a53"'],
    ['cfg(target_feature = "crt-static")', 'builtins.elem "crt-static" hostPlatformFeatures'],
    ['cfg(target_has_atomic = "64")', 'hostPlatform.cargo2nix.max-atomic-width >= 64'],
    ['cfg(target_has_atomic = "ptr")', 'hostPlatform.cargo2nix.max-atomic-width >= hostPlatform.cargo2nix.target-pointer-width'],
    // The atomic width is printed with Display: no quotes, no escaping.
    ['cfg(target_has_atomic = "a\\b")', 'hostPlatform.cargo2nix.max-atomic-width >= a\\b'],
    ['cfg(target_abi = "llvm")', 'false'],
    ['cfg(feature = "std")', 'false'],
    ['cfg(r#target_os = "linux")', 'hostPlatform.parsed.kernel.name == "linux"'],
    // Key names are not themselves cfg names, and vice versa.
    ['cfg(target_os)', 'false'],
    ['cfg(windows = "yes")', 'false'],
    ['cfg(not(test))', 'true'],
    ['cfg(all())', 'false'],
    ['cfg(not(all()))', 'true'],
    ['cfg(any())', 'false'],
    ['cfg(not(any()))', 'true'],
    ['cfg(not(windows))', '!hostPlatform.isWindows'],
    ['cfg(not(target_os = "linux"))', '!(hostPlatform.parsed.kernel.name == "linux")'],
    ['cfg(not(target_arch = "arm"))', '!(hostPlatform.parsed.cpu.name == "armv6l" || hostPlatform.parsed.cpu.name == "armv7l")'],
    [
      'cfg(all(unix, target_arch = "arm"))',
      'hostPlatform.isUnix && (hostPlatform.parsed.cpu.name == "armv6l" || hostPlatform.parsed.cpu.name == "armv7l")',
    ],
    ['cfg(any(unix, all(windows, test), target_os = "redox"))', 'hostPlatform.isUnix || hostPlatform.parsed.kernel.name == "redox"'],
    ['cfg(all(unix, not(any(test, miri))))', 'hostPlatform.isUnix'],
    // A backslash in a cfg string is literal; Debug quoting doubles it.
    ['cfg(target_os = "we\\ird")', 'hostPlatform.parsed.kernel.name == "we\\\\ird"'],
  ])('%s', (key, expected) => {
    expect(nix(key)).toBe(expected);
  });

  it('escapes values and triples with Rust Debug quoting', () => {
    expect(nix('cfg(target_vendor = "tab\there")')).toBe('hostPlatform.parsed.vendor.name == "tab\\there"');
    expect(nix('cfg(target_os = "ünï")')).toBe('hostPlatform.parsed.kernel.name == "ünï"');
    expect(nix('x8٦_64')).toBe('hostPlatform.config == "x8٦_64"');
  });

  it('uses the platform variable it is given', () => {
    expect(nix('cfg(all(unix, target_cpu = "x"))', 'buildPlatform')).toBe('buildPlatform.isUnix && buildPlatformCpu == "x"');
    expect(nix('cfg(target_env = "sgx")', 'buildPlatform')).toBe('target == "x86_64-fortanix-unknown-sgx"');
    expect(nix('cfg(target_feature = "sse2")', 'buildPlatform')).toBe('builtins.elem "sse2" buildPlatformFeatures');
  });

  it('builds the unsimplified shape cargo2nix builds', () => {
    const cpu = (n: string) => single(`p.parsed.cpu.name == "${n}"`);
    expect(platformToBoolExpr(parsePlatform('cfg(target_arch = "arm")'), 'p')).toEqual(or(cpu('armv6l'), cpu('armv7l')));
    expect(platformToBoolExpr(parsePlatform('cfg(all(test, unix, miri))'), 'p')).toEqual(and(and(FALSE, single('p.isUnix')), FALSE));
    expect(platformToBoolExpr(parsePlatform('cfg(all())'), 'p')).toEqual(FALSE);
  });
});

describe('golden: bigger-project/expected/Cargo.nix (real cargo2nix 0.12.0 output)', () => {
  const fixtures = join(import.meta.dirname, '../fixtures/crates-io');
  const golden = readFileSync(join(fixtures, 'cases/bigger-project/expected/Cargo.nix'), 'utf8');

  // As cargo2nix's template does for a required dependency: its platforms,
  // kept in a BTreeSet, are or-ed, and-ed onto True, then simplified.
  const condition = (keys: readonly string[]): string => {
    const platforms = keys.map(parsePlatform).sort(comparePlatform);
    return toNix(simplify(and(TRUE, ors(platforms.map((p) => platformToBoolExpr(p, 'hostPlatform'))))));
  };
  const line = (keys: readonly string[], extern: string): string => `\${ if ${condition(keys)} then "${extern}" else null }`;

  // Target keys straight from the fixture index, in the order it lists them.
  const indexTargets = (path: string, version: string, dep: string): string[] => {
    const entry = readFileSync(join(fixtures, 'registry/index', path), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { vers: string; deps: { name: string; kind?: string; target?: string | null }[] })
      .find((e) => e.vers === version);
    if (!entry) throw new Error(`${path}@${version} not in fixture index`);
    const keys = entry.deps.filter((d) => d.name === dep && (d.kind ?? 'normal') === 'normal' && d.target).map((d) => d.target as string);
    return [...new Set(keys)];
  };

  it.each<[readonly string[], string, string]>([
    [['cfg(not(target_arch = "wasm32"))'], 'base64', '!(hostPlatform.parsed.cpu.name == "wasm32")'],
    [
      ['cfg(not(any(target_os = "windows", target_os = "macos", target_os = "ios")))'],
      'openssl',
      '!(hostPlatform.parsed.kernel.name == "windows" || hostPlatform.parsed.kernel.name == "darwin" || hostPlatform.parsed.kernel.name == "ios")',
    ],
    [
      ['cfg(any(target_os = "macos", target_os = "ios"))'],
      'security_framework',
      'hostPlatform.parsed.kernel.name == "darwin" || hostPlatform.parsed.kernel.name == "ios"',
    ],
    [['cfg(target_feature = "atomics")'], 'web_sys', 'builtins.elem "atomics" hostPlatformFeatures'],
    [['aarch64-pc-windows-gnullvm'], 'windows_aarch64_gnullvm', 'hostPlatform.config == "aarch64-pc-windows-gnullvm"'],
    [['cfg(target_os = "fuchsia")'], 'fuchsia_zircon', 'hostPlatform.parsed.kernel.name == "fuchsia"'],
    [
      ['cfg(all(target_arch = "aarch64", target_env = "msvc", not(windows_raw_dylib)))'],
      'windows_aarch64_msvc',
      'hostPlatform.parsed.cpu.name == "aarch64" && hostPlatform.parsed.abi.name == "msvc"',
    ],
    [
      ['cfg(all(target_arch = "x86", target_env = "gnu", not(windows_raw_dylib)))'],
      'windows_i686_gnu',
      'hostPlatform.parsed.cpu.name == "i686" && hostPlatform.parsed.abi.name == "gnu"',
    ],
    [
      ['cfg(all(target_arch = "x86_64", target_env = "gnu", not(target_abi = "llvm"), not(windows_raw_dylib)))'],
      'windows_x86_64_gnu',
      'hostPlatform.parsed.cpu.name == "x86_64" && hostPlatform.parsed.abi.name == "gnu"',
    ],
    // errno's libc: listed hermit, wasi, unix in the index; BTreeSet order puts unix first.
    [
      ['cfg(target_os="hermit")', 'cfg(target_os="wasi")', 'cfg(unix)'],
      'libc',
      'hostPlatform.isUnix || hostPlatform.parsed.kernel.name == "hermit" || hostPlatform.parsed.kernel.name == "wasi"',
    ],
    // serde's `[target.'cfg(any())'.dependencies] serde_derive`.
    [['cfg(any())'], 'serde_derive', 'false'],
  ])('%j → %s', (keys, extern, expected) => {
    expect(condition(keys)).toBe(expected);
    expect(golden).toContain(line(keys, extern));
  });

  it('reproduces the rustix conditions (order, folding of unknown cfgs, parentheses)', () => {
    const rustix = (dep: string) => indexTargets('ru/st/rustix', '0.38.19', dep);
    const linuxRawSys = rustix('linux-raw-sys');
    const libcErrno = rustix('libc_errno');
    const libc = rustix('libc');
    expect([linuxRawSys.length, libcErrno.length, libc.length]).toEqual([2, 3, 2]);

    const asm =
      '(hostPlatform.parsed.cpu.name == "armv6l" || hostPlatform.parsed.cpu.name == "armv7l" || ' +
      'hostPlatform.parsed.cpu.name == "aarch64" && hostPlatform.parsed.cpu.bits == 64 || ' +
      'hostPlatform.parsed.cpu.name == "riscv64" || hostPlatform.parsed.cpu.name == "i686" || ' +
      'hostPlatform.parsed.cpu.name == "x86_64" && hostPlatform.parsed.cpu.bits == 64)';
    const linuxAsm = 'hostPlatform.parsed.kernel.name == "linux" && ' + `hostPlatform.parsed.cpu.significantByte.name == "littleEndian" && ${asm}`;
    expect(condition(linuxRawSys)).toBe(
      `${linuxAsm} || (hostPlatform.parsed.kernel.name == "android" || hostPlatform.parsed.kernel.name == "linux") && !(${linuxAsm})`,
    );
    expect(condition(libcErrno)).toBe(`${linuxAsm} || !hostPlatform.isWindows && !(${linuxAsm}) || hostPlatform.isWindows`);
    expect(condition(libc)).toBe(`${linuxAsm} || !hostPlatform.isWindows && !(${linuxAsm})`);

    expect(golden).toContain(line(linuxRawSys, 'linux_raw_sys'));
    expect(golden).toContain(line(libcErrno, 'libc_errno'));
    expect(golden).toContain(line(libc, 'libc'));
  });

  it('accounts for every platform condition in the golden file', () => {
    // Every `hostPlatform` condition the real tool wrote should be one our
    // pipeline can produce from some target key in the index.
    const produced = new Set<string>();
    const indexDir = join(fixtures, 'registry/index');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    for (const f of walk(indexDir)) {
      for (const l of readFileSync(f, 'utf8').split('\n')) {
        if (!l.trim()) continue;
        const e = JSON.parse(l) as { deps: { name: string; kind?: string; target?: string | null }[] };
        const byDep = new Map<string, string[]>();
        for (const d of e.deps) {
          if (!d.target) continue;
          byDep.set(`${d.name}/${d.kind ?? 'normal'}`, [...(byDep.get(`${d.name}/${d.kind ?? 'normal'}`) ?? []), d.target]);
        }
        for (const keys of byDep.values()) produced.add(condition([...new Set(keys)]));
      }
    }
    const written = [...golden.matchAll(/\$\{ if (.*?) then "[^"]*" else null \}/g)]
      .map((m) => m[1] as string)
      .filter((c) => c.includes('hostPlatform') && !c.includes('rootFeatures'));
    expect(written.length).toBeGreaterThan(30);
    for (const c of written) expect(produced).toContain(c);
  });
});
