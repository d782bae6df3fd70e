// cargo2nix 0.12.0's translation of a `[target.<key>]` platform into a Nix
// condition on `platformVar` (src/platform.rs). Anything it does not know
// becomes False, so a dependency behind an unknown cfg is never enabled.

import { FALSE, ands, not, ors, single, type BoolExpr } from './bool-expr.ts';
import type { CfgExpr, Platform } from '../../core/cfg-types.ts';
import { rustDebugString as q } from '../cargo2nix/rust-debug.ts';

function cpuName(v: string, arch: string): BoolExpr {
  return single(`${v}.parsed.cpu.name == ${q(arch)}`);
}

// Rust and Nix name some CPUs differently; others pass through unchanged.
function targetArch(v: string, arch: string): BoolExpr {
  switch (arch) {
    case 'arm':
      return ors([cpuName(v, 'armv6l'), cpuName(v, 'armv7l')]);
    case 'x86':
      return cpuName(v, 'i686');
    default:
      return cpuName(v, arch);
  }
}

// Keys and names are matched on the bare identifier, so `r#unix` means `unix`;
// the `r#` prefix never reaches the output.
function keyPair(v: string, key: string, value: string): BoolExpr {
  switch (key) {
    case 'target_arch':
      return targetArch(v, value);
    case 'target_os':
      return single(`${v}.parsed.kernel.name == ${q(value === 'macos' ? 'darwin' : value)}`);
    case 'target_family':
      if (value === 'unix') return single(`${v}.isUnix`);
      if (value === 'windows') return single(`${v}.isWindows`);
      return FALSE;
    case 'target_env':
      // Tests the global `target` string and ignores the platform variable.
      if (value === 'sgx') return single(`target == ${q('x86_64-fortanix-unknown-sgx')}`);
      return single(`${v}.parsed.abi.name == ${q(value)}`);
    case 'target_endian':
      if (value === 'little') return single(`${v}.parsed.cpu.significantByte.name == ${q('littleEndian')}`);
      if (value === 'big') return single(`${v}.parsed.cpu.significantByte.name == ${q('bigEndian')}`);
      return FALSE;
    case 'target_pointer_width':
      if (value === '32' || value === '64') return single(`${v}.parsed.cpu.bits == ${value}`);
      return FALSE;
    case 'target_vendor':
      return single(`${v}.parsed.vendor.name == ${q(value)}`);
    case 'target_cpu':
      return single(`${v}Cpu == ${q(value)}`);
    case 'target_feature':
      return single(`builtins.elem ${q(value)} ${v}Features`);
    case 'target_has_atomic':
      // The width is spliced in with Display, unquoted and unescaped.
      return value === 'ptr'
        ? single(`${v}.cargo2nix.max-atomic-width >= ${v}.cargo2nix.target-pointer-width`)
        : single(`${v}.cargo2nix.max-atomic-width >= ${value}`);
    default:
      return FALSE;
  }
}

function cfgExprToBoolExpr(e: CfgExpr, v: string): BoolExpr {
  switch (e.kind) {
    case 'not':
      return not(cfgExprToBoolExpr(e.expr, v));
    case 'all':
      return ands(e.exprs.map((x) => cfgExprToBoolExpr(x, v)));
    case 'any':
      return ors(e.exprs.map((x) => cfgExprToBoolExpr(x, v)));
    case 'value': {
      const c = e.cfg;
      if (c.kind === 'keyPair') return keyPair(v, c.key.name, c.value);
      if (c.name.name === 'windows') return single(`${v}.isWindows`);
      if (c.name.name === 'unix') return single(`${v}.isUnix`);
      return FALSE;
    }
  }
}

/** cargo2nix's `platform::to_expr`, unsimplified. */
export function platformToBoolExpr(p: Platform, platformVar: string): BoolExpr {
  return p.kind === 'name' ? single(`${platformVar}.config == ${q(p.triple)}`) : cfgExprToBoolExpr(p.expr, platformVar);
}
