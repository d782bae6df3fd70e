// What one build of a Cargo.nix on one platform actually uses: the crates
// reachable from the workspace members, each with its active features and
// dependency edges. It reads the model with the meaning the generated Nix
// gives it — platform-nix.ts's mapping of cfg keys onto nixpkgs' hostPlatform
// and cargo2nix's `expandFeatures` for rootFeatures — rather than cargo's own
// cfg semantics, because the point is to show what Nix will do, quirks
// included (`cfg(all())` is false, target triples are compared with nixpkgs'
// `config`, `target_env = "sgx"` looks at makePackageSet's `target`).
// test/nix evaluates real Cargo.nix files and checks they agree.
import type { CfgExpr, Platform } from '../core/cfg-types.ts';
import type { ActivationCondition, ResolvedCrate, ResolvedDependency, ResolvedWorkspace } from '../model/model.ts';
import { DEP_KIND_ORDER, type DepKind } from '../core/summary.ts';
import { crateKey, edgeActivation, packageSetOf, type PackageSetName } from '../render/cargo2nix/package-set.ts';

/** The part of nixpkgs' `lib.systems.parse` result that cargo2nix reads. */
export interface NixParsedPlatform {
  readonly cpu: {
    readonly name: string;
    readonly bits: number;
    readonly significantByte: { readonly name: 'littleEndian' | 'bigEndian' };
    readonly family: string;
  };
  readonly vendor: { readonly name: string };
  readonly kernel: { readonly name: string };
  readonly abi: { readonly name: string };
}

/** cargo2nix's `overlay/data/target-info.json` entry, attached as `hostPlatform.cargo2nix`. */
export interface Cargo2nixTargetInfo {
  readonly 'max-atomic-width': number;
  readonly 'target-pointer-width': number;
}

/** A platform shaped like nixpkgs' `stdenv.hostPlatform` as makePackageSet passes it to Cargo.nix. */
export interface NixPlatform {
  /** nixpkgs' system double, e.g. `x86_64-linux`. */
  readonly system: string;
  /** nixpkgs' config triple, e.g. `x86_64-unknown-linux-gnu` or `x86_64-w64-mingw32`. */
  readonly config: string;
  readonly parsed: NixParsedPlatform;
  readonly isUnix: boolean;
  readonly isWindows: boolean;
  readonly isDarwin: boolean;
  readonly isLinux: boolean;
  readonly libc: string;
  readonly cargo2nix: Cargo2nixTargetInfo;
}

export type PlatformPresetName =
  'x86_64-linux' | 'aarch64-linux' | 'aarch64-darwin' | 'x86_64-darwin' | 'x86_64-windows-gnu' | 'x86_64-linux-musl' | 'wasm32-wasi';

function cpu(name: string, bits: number, family: string): NixParsedPlatform['cpu'] {
  return { name, bits, significantByte: { name: 'littleEndian' }, family };
}

function parsed(c: NixParsedPlatform['cpu'], vendor: string, kernel: string, abi: string): NixParsedPlatform {
  return { cpu: c, vendor: { name: vendor }, kernel: { name: kernel }, abi: { name: abi } };
}

const X86_64 = cpu('x86_64', 64, 'x86');
const AARCH64 = cpu('aarch64', 64, 'arm');
const NOT_OS = { isUnix: false, isWindows: false, isDarwin: false, isLinux: false } as const;
const LINUX = { ...NOT_OS, isUnix: true, isLinux: true } as const;
const DARWIN = { ...NOT_OS, isUnix: true, isDarwin: true } as const;

// Values as nixpkgs' lib.systems.elaborate computes them for these configs;
// `cargo2nix` is the target-info.json entry of the Rust target each one
// builds for (cargo2nix 0.12.0's table has no `x86_64-w64-mingw32` or
// `wasm32-wasi` key, so those two take the Rust target users pass instead).
export const PLATFORM_PRESETS: Readonly<Record<PlatformPresetName, NixPlatform>> = {
  'x86_64-linux': {
    system: 'x86_64-linux',
    config: 'x86_64-unknown-linux-gnu',
    parsed: parsed(X86_64, 'unknown', 'linux', 'gnu'),
    ...LINUX,
    libc: 'glibc',
    cargo2nix: { 'max-atomic-width': 64, 'target-pointer-width': 64 },
  },
  'aarch64-linux': {
    system: 'aarch64-linux',
    config: 'aarch64-unknown-linux-gnu',
    parsed: parsed(AARCH64, 'unknown', 'linux', 'gnu'),
    ...LINUX,
    libc: 'glibc',
    cargo2nix: { 'max-atomic-width': 128, 'target-pointer-width': 64 },
  },
  'aarch64-darwin': {
    system: 'aarch64-darwin',
    config: 'aarch64-apple-darwin',
    parsed: parsed(AARCH64, 'apple', 'darwin', 'unknown'),
    ...DARWIN,
    libc: 'libSystem',
    cargo2nix: { 'max-atomic-width': 128, 'target-pointer-width': 64 },
  },
  'x86_64-darwin': {
    system: 'x86_64-darwin',
    config: 'x86_64-apple-darwin',
    parsed: parsed(X86_64, 'apple', 'darwin', 'unknown'),
    ...DARWIN,
    libc: 'libSystem',
    cargo2nix: { 'max-atomic-width': 128, 'target-pointer-width': 64 },
  },
  'x86_64-windows-gnu': {
    system: 'x86_64-windows',
    config: 'x86_64-w64-mingw32',
    parsed: parsed(X86_64, 'w64', 'windows', 'gnu'),
    ...NOT_OS,
    isWindows: true,
    libc: 'msvcrt',
    cargo2nix: { 'max-atomic-width': 128, 'target-pointer-width': 64 },
  },
  'x86_64-linux-musl': {
    system: 'x86_64-linux',
    config: 'x86_64-unknown-linux-musl',
    parsed: parsed(X86_64, 'unknown', 'linux', 'musl'),
    ...LINUX,
    libc: 'musl',
    cargo2nix: { 'max-atomic-width': 64, 'target-pointer-width': 64 },
  },
  'wasm32-wasi': {
    system: 'wasm32-wasi',
    config: 'wasm32-unknown-wasi',
    parsed: parsed(cpu('wasm32', 32, 'wasm'), 'unknown', 'wasi', 'unknown'),
    ...NOT_OS,
    libc: 'wasilibc',
    cargo2nix: { 'max-atomic-width': 64, 'target-pointer-width': 32 },
  },
};

export const PLATFORM_PRESET_NAMES = Object.keys(PLATFORM_PRESETS) as PlatformPresetName[];

export interface PlatformBuildOptions {
  /** makePackageSet's `rootFeatures` (`member/feature` or a bare `member`); undefined keeps Cargo.nix's default. */
  readonly rootFeatures?: readonly string[];
  readonly hostPlatformCpu?: string | null;
  readonly hostPlatformFeatures?: readonly string[];
  /** makePackageSet's explicit Rust `target`, or null. */
  readonly target?: string | null;
}

export interface BuildEdge {
  /** The attribute name in `dependencies` & co.: the extern crate name. */
  readonly name: string;
  readonly kind: DepKind;
  /** {@link crateKey} of the crate it points to. */
  readonly crate: string;
  readonly packageSet: PackageSetName;
}

export interface BuiltCrate {
  readonly key: string;
  readonly crate: ResolvedCrate;
  /** Active features, sorted. */
  readonly features: readonly string[];
  /** Active edges, by kind (normal, dev, build) then name. */
  readonly dependencies: readonly BuildEdge[];
}

export interface PlatformBuild {
  readonly platform: NixPlatform;
  /** The rootFeatures in effect (the default spelled out when none were given). */
  readonly rootFeatures: readonly string[];
  /** In the model's crate order. */
  readonly crates: readonly BuiltCrate[];
  /** Things that make this Cargo.nix fail to evaluate on this platform. */
  readonly problems: readonly string[];
}

/** Cargo.nix's own default for `rootFeatures`: every member with its default features. */
export function defaultRootFeatures(ws: ResolvedWorkspace): string[] {
  return ws.members.map((m) => `${m.name}/default`);
}

/** cargo2nix's `expandFeatures`: each entry, plus the part before its first `/`. */
export function expandRootFeatures(rootFeatures: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of rootFeatures) {
    out.add(f);
    out.add(f.split('/')[0]!);
  }
  return out;
}

class PlatformFacts {
  readonly warnings: string[] = [];

  constructor(
    private readonly p: NixPlatform,
    private readonly options: PlatformBuildOptions,
  ) {}

  private keyPair(key: string, value: string): boolean {
    const { p } = this;
    switch (key) {
      case 'target_arch':
        if (value === 'arm') return p.parsed.cpu.name === 'armv6l' || p.parsed.cpu.name === 'armv7l';
        return p.parsed.cpu.name === (value === 'x86' ? 'i686' : value);
      case 'target_os':
        return p.parsed.kernel.name === (value === 'macos' ? 'darwin' : value);
      case 'target_family':
        return value === 'unix' ? p.isUnix : value === 'windows' ? p.isWindows : false;
      case 'target_env':
        if (value === 'sgx') return (this.options.target ?? null) === 'x86_64-fortanix-unknown-sgx';
        return p.parsed.abi.name === value;
      case 'target_endian':
        return value === 'little'
          ? p.parsed.cpu.significantByte.name === 'littleEndian'
          : value === 'big'
            ? p.parsed.cpu.significantByte.name === 'bigEndian'
            : false;
      case 'target_pointer_width':
        return (value === '32' || value === '64') && p.parsed.cpu.bits === Number(value);
      case 'target_vendor':
        return p.parsed.vendor.name === value;
      case 'target_cpu':
        return (this.options.hostPlatformCpu ?? null) === value;
      case 'target_feature':
        return (this.options.hostPlatformFeatures ?? []).includes(value);
      case 'target_has_atomic': {
        const max = p.cargo2nix['max-atomic-width'];
        if (value === 'ptr') return max >= p.cargo2nix['target-pointer-width'];
        // cargo2nix splices the value in unquoted, so only a number means anything to Nix.
        if (!/^[0-9]+$/.test(value)) {
          this.warnings.push(`cfg(target_has_atomic = "${value}") becomes Nix that cannot evaluate; treated as false`);
          return false;
        }
        return max >= Number(value);
      }
      default:
        return false;
    }
  }

  cfg(e: CfgExpr): boolean {
    switch (e.kind) {
      case 'not':
        return !this.cfg(e.expr);
      // Empty all() is false in cargo2nix (its fold has no unit), unlike cargo.
      case 'all':
        return e.exprs.length > 0 && e.exprs.every((x) => this.cfg(x));
      case 'any':
        return e.exprs.some((x) => this.cfg(x));
      case 'value': {
        const c = e.cfg;
        if (c.kind === 'keyPair') return this.keyPair(c.key.name, c.value);
        if (c.name.name === 'windows') return this.p.isWindows;
        if (c.name.name === 'unix') return this.p.isUnix;
        return false;
      }
    }
  }

  platform(p: Platform): boolean {
    return p.kind === 'name' ? this.p.config === p.triple : this.cfg(p.expr);
  }
}

/** Whether Cargo.nix's condition for a `[target.…]` platform is true on a Nix platform (as in {@link platformBuild}). */
export function platformHolds(p: Platform, platform: NixPlatform, options: PlatformBuildOptions = {}): boolean {
  return new PlatformFacts(platform, options).platform(p);
}

/** The expanded rootFeatures' `member/feature` entries by member, so a condition is checked without building strings. */
function byMember(expanded: ReadonlySet<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of expanded) {
    const slash = f.indexOf('/');
    if (slash < 0) continue; // a bare member name turns on no `member/feature` condition
    const member = f.slice(0, slash);
    let set = out.get(member);
    if (!set) out.set(member, (set = new Set()));
    set.add(f.slice(slash + 1));
  }
  return out;
}

function active(a: ActivationCondition, on: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  return a.kind === 'always' || a.anyOf.some((mf) => on.get(mf.member)?.has(mf.feature) === true);
}

function edgeOrder(a: BuildEdge, b: BuildEdge): number {
  return DEP_KIND_ORDER[a.kind] - DEP_KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

interface PreparedDep {
  readonly dep: ResolvedDependency;
  readonly activation: ActivationCondition;
  readonly edge: BuildEdge;
  readonly slot: string;
}

interface PreparedCrate {
  readonly key: string;
  readonly crate: ResolvedCrate;
  readonly deps: readonly PreparedDep[];
}

/** What every build of one workspace reads the same way: keys, edges and their slots, worked out once per model. */
interface PreparedWorkspace {
  /** In the model's order. */
  readonly crates: readonly PreparedCrate[];
  readonly byKey: ReadonlyMap<string, PreparedCrate>;
}

// Models are immutable, so what is derived from one can live as long as it does.
const prepared = new WeakMap<ResolvedWorkspace, PreparedWorkspace>();

function prepare(ws: ResolvedWorkspace): PreparedWorkspace {
  let p = prepared.get(ws);
  if (p) return p;
  const crates = ws.crates.map((crate): PreparedCrate => ({
    key: crateKey(crate.id),
    crate,
    deps: crate.dependencies.map((dep) => ({
      dep,
      activation: edgeActivation(dep),
      edge: { name: dep.externName, kind: dep.kind, crate: crateKey(dep.id), packageSet: packageSetOf(dep) },
      slot: `${dep.kind}\u0000${dep.externName}`,
    })),
  }));
  p = { crates, byKey: new Map(crates.map((c) => [c.key, c])) };
  prepared.set(ws, p);
  return p;
}

const ATTR_OF_KIND: Readonly<Record<DepKind, string>> = { normal: 'dependencies', dev: 'devDependencies', build: 'buildDependencies' };

/**
 * The crates a build of every workspace member reaches on `platform` (with
 * the build machine being the same platform), as evaluating Cargo.nix with
 * makePackageSet would give them. One simplification: cargo2nix evaluates
 * build dependencies with `target = null`, which only `target_env = "sgx"`
 * can notice.
 */
export function platformBuild(ws: ResolvedWorkspace, platform: NixPlatform, options: PlatformBuildOptions = {}): PlatformBuild {
  const rootFeatures = options.rootFeatures ?? defaultRootFeatures(ws);
  const on = byMember(expandRootFeatures(rootFeatures));
  const facts = new PlatformFacts(platform, options);
  const problems: string[] = [];
  const { crates, byKey } = prepare(ws);
  // Many edges share a `[target.…]` table, and its answer cannot change within one build.
  const holds = new Map<Platform, boolean>();
  const platformOn = (p: Platform) => {
    let h = holds.get(p);
    if (h === undefined) holds.set(p, (h = facts.platform(p)));
    return h;
  };
  const edgeActive = (d: PreparedDep) => active(d.activation, on) && (d.dep.platforms === undefined || d.dep.platforms.some(platformOn));

  const built = new Map<string, BuiltCrate>();
  // Cargo.nix's `workspace` attribute points at every member.
  const queue = [...new Set(ws.members.map((m) => crateKey(m.id)))];
  const seen = new Set(queue);
  for (let next = 0; next < queue.length; next++) {
    const key = queue[next]!;
    const prep = byKey.get(key);
    if (!prep) {
      problems.push(`no crate ${key} in the package set`);
      continue;
    }
    const { crate } = prep;
    const features: string[] = [];
    for (const f of crate.features) if (active(f.activation, on)) features.push(f.name);
    const edges: BuildEdge[] = [];
    const names = new Set<string>();
    for (const d of prep.deps) {
      if (!edgeActive(d)) continue;
      const target = d.edge.crate;
      if (names.has(d.slot))
        problems.push(`${crate.id.name} ${crate.id.version}: two ${ATTR_OF_KIND[d.dep.kind]} named \`${d.dep.externName}\` are active`);
      names.add(d.slot);
      edges.push(d.edge);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
    edges.sort(edgeOrder);
    built.set(key, { key, crate, features: features.sort(), dependencies: edges });
  }
  problems.push(...new Set(facts.warnings));

  const out: BuiltCrate[] = [];
  for (const c of crates) {
    const b = built.get(c.key);
    if (b) out.push(b);
  }
  return { platform, rootFeatures, crates: out, problems };
}
