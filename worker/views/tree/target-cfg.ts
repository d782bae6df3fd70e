// The cfg values rustc reports for a target (`rustc --print cfg --target <triple>`), which decide
// which `[target.'cfg(...)'.dependencies]` tables apply. Taken from Debian's rustc 1.63, the
// compiler beside the cargo the golden `cargo tree` files come from (test/fixtures/tree/README.md).
import type { Cfg, CfgExpr, Platform } from '../../core/cfg-types.ts';

/** Space-separated `--print cfg` lines per target triple. */
const RUSTC_CFG: Readonly<Record<string, string>> = {
  'x86_64-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="gnu" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-unknown-linux-musl':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="musl" target_family="unix" target_feature="crt-static" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'aarch64-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="gnu" target_family="unix" target_feature="neon" target_feature="pmuv3" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'aarch64-unknown-linux-musl':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="musl" target_family="unix" target_feature="crt-static" target_feature="neon" target_feature="pmuv3" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'i686-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="x86" target_endian="little" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="32" target_vendor="unknown" unix',
  'i686-unknown-linux-musl':
    'debug_assertions panic="unwind" target_arch="x86" target_endian="little" target_env="musl" target_family="unix" target_feature="crt-static" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="32" target_vendor="unknown" unix',
  'armv7-unknown-linux-gnueabihf':
    'debug_assertions panic="unwind" target_arch="arm" target_endian="little" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="32" target_vendor="unknown" unix',
  'arm-unknown-linux-gnueabihf':
    'debug_assertions panic="unwind" target_arch="arm" target_endian="little" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="32" target_vendor="unknown" unix',
  'riscv64gc-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="riscv64" target_endian="little" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'powerpc64le-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="powerpc64" target_endian="little" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  's390x-unknown-linux-gnu':
    'debug_assertions panic="unwind" target_arch="s390x" target_endian="big" target_env="gnu" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="linux" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-unknown-freebsd':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="freebsd" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-unknown-netbsd':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="netbsd" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-unknown-illumos':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="illumos" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-unknown-redox':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="relibc" target_family="unix" target_feature="crt-static" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="redox" target_pointer_width="64" target_vendor="unknown" unix',
  'aarch64-apple-darwin':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="" target_family="unix" target_feature="aes" target_feature="crc" target_feature="dit" target_feature="dotprod" target_feature="dpb" target_feature="dpb2" target_feature="fcma" target_feature="fhm" target_feature="flagm" target_feature="fp16" target_feature="frintts" target_feature="jsconv" target_feature="lor" target_feature="lse" target_feature="neon" target_feature="paca" target_feature="pacg" target_feature="pan" target_feature="pmuv3" target_feature="ras" target_feature="rcpc" target_feature="rcpc2" target_feature="rdm" target_feature="sb" target_feature="sha2" target_feature="sha3" target_feature="ssbs" target_feature="vh" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="macos" target_pointer_width="64" target_vendor="apple" unix',
  'x86_64-apple-darwin':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_feature="sse3" target_feature="ssse3" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="macos" target_pointer_width="64" target_vendor="apple" unix',
  'aarch64-apple-ios':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="" target_family="unix" target_feature="aes" target_feature="neon" target_feature="pmuv3" target_feature="sha2" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="ios" target_pointer_width="64" target_vendor="apple" unix',
  'x86_64-apple-ios':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_feature="sse3" target_feature="ssse3" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="ios" target_pointer_width="64" target_vendor="apple" unix',
  'aarch64-linux-android':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="" target_family="unix" target_feature="neon" target_feature="pmuv3" target_has_atomic="128" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="android" target_pointer_width="64" target_vendor="unknown" unix',
  'armv7-linux-androideabi':
    'debug_assertions panic="unwind" target_arch="arm" target_endian="little" target_env="" target_family="unix" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="android" target_pointer_width="32" target_vendor="unknown" unix',
  'x86_64-linux-android':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="" target_family="unix" target_feature="fxsr" target_feature="popcnt" target_feature="sse" target_feature="sse2" target_feature="sse3" target_feature="sse4.1" target_feature="ssse3" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="android" target_pointer_width="64" target_vendor="unknown" unix',
  'x86_64-pc-windows-msvc':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="msvc" target_family="windows" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="windows" target_pointer_width="64" target_vendor="pc" windows',
  'x86_64-pc-windows-gnu':
    'debug_assertions panic="unwind" target_arch="x86_64" target_endian="little" target_env="gnu" target_family="windows" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="windows" target_pointer_width="64" target_vendor="pc" windows',
  'i686-pc-windows-gnu':
    'debug_assertions panic="unwind" target_arch="x86" target_endian="little" target_env="gnu" target_family="windows" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="windows" target_pointer_width="32" target_vendor="pc" windows',
  'i686-pc-windows-msvc':
    'debug_assertions panic="unwind" target_arch="x86" target_endian="little" target_env="msvc" target_family="windows" target_feature="fxsr" target_feature="sse" target_feature="sse2" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="windows" target_pointer_width="32" target_vendor="pc" windows',
  'aarch64-pc-windows-msvc':
    'debug_assertions panic="unwind" target_arch="aarch64" target_endian="little" target_env="msvc" target_family="windows" target_feature="neon" target_feature="pmuv3" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="windows" target_pointer_width="64" target_vendor="pc" windows',
  'wasm32-unknown-unknown':
    'debug_assertions panic="abort" target_arch="wasm32" target_endian="little" target_env="" target_family="wasm" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="unknown" target_pointer_width="32" target_vendor="unknown"',
  'wasm32-unknown-emscripten':
    'debug_assertions panic="unwind" target_arch="wasm32" target_endian="little" target_env="" target_family="unix" target_family="wasm" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="emscripten" target_pointer_width="32" target_vendor="unknown" unix',
  'wasm32-wasi':
    'debug_assertions panic="abort" target_arch="wasm32" target_endian="little" target_env="" target_family="wasm" target_feature="crt-static" target_has_atomic="16" target_has_atomic="32" target_has_atomic="64" target_has_atomic="8" target_has_atomic="ptr" target_os="wasi" target_pointer_width="32" target_vendor="unknown"',
  'thumbv7em-none-eabihf':
    'debug_assertions panic="abort" target_arch="arm" target_endian="little" target_env="" target_has_atomic="16" target_has_atomic="32" target_has_atomic="8" target_has_atomic="ptr" target_os="none" target_pointer_width="32" target_vendor="unknown"',
};

/** The triples whose cfg values are known, sorted. */
export const KNOWN_TARGETS: readonly string[] = Object.keys(RUSTC_CFG).sort();

/** One target's cfg values: bare names and `key=value` pairs. */
export interface TargetCfg {
  readonly triple: string;
  readonly names: ReadonlySet<string>;
  readonly pairs: ReadonlySet<string>;
}

const cache = new Map<string, TargetCfg>();

/** The cfg of `triple`, or undefined when the table here does not know it. */
export function targetCfg(triple: string): TargetCfg | undefined {
  const known = cache.get(triple);
  if (known) return known;
  const text = RUSTC_CFG[triple];
  if (text === undefined) return undefined;
  const names = new Set<string>();
  const pairs = new Set<string>();
  for (const item of text.split(' ')) {
    const eq = item.indexOf('=');
    if (eq < 0) names.add(item);
    else pairs.add(`${item.slice(0, eq)}=${JSON.parse(item.slice(eq + 1)) as string}`);
  }
  const cfg = { triple, names, pairs };
  cache.set(triple, cfg);
  return cfg;
}

function cfgHolds(c: Cfg, t: TargetCfg): boolean {
  return c.kind === 'name' ? t.names.has(c.name.name) : t.pairs.has(`${c.key.name}=${c.value}`);
}

export function cfgExprHolds(e: CfgExpr, t: TargetCfg): boolean {
  switch (e.kind) {
    case 'not':
      return !cfgExprHolds(e.expr, t);
    case 'all':
      return e.exprs.every((x) => cfgExprHolds(x, t));
    case 'any':
      return e.exprs.some((x) => cfgExprHolds(x, t));
    case 'value':
      return cfgHolds(e.cfg, t);
  }
}

/** cargo-platform's `Platform::matches`: a triple key names the target itself, a cfg key is evaluated. */
export function platformMatches(p: Platform, t: TargetCfg): boolean {
  return p.kind === 'name' ? p.triple === t.triple : cfgExprHolds(p.expr, t);
}
