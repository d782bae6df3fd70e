// The nixpkgs packages a workspace's native-library crates need, for every backend in its own idiom:
// buildRustPackage, crane, naersk and dream2nix put them on the one build (`buildInputs`,
// `nativeBuildInputs`, environment); crate2nix and cargo2nix attach them per crate (`perCrate`).
// Built on the curated table of sys-overrides.ts: SYS_RULES, plus STOCK_EQUIVALENT_RULES for the
// crates cargo2nix's stock overrides cover — a backend that has its own override for a crate names
// it in `provided` and gets nothing for it.
import type { ResolvedWorkspace } from '../model/model.ts';
import { type NixLines, nixAttr } from './nix/nix-text.ts';
import { NO_NATIVE_LIBRARY, STOCK_EQUIVALENT_RULES, STOCK_OVERRIDES, sysRuleFor, type SysRule } from './sys-overrides.ts';

/** One crate of the workspace that needs something from nixpkgs, and the rule saying what. */
export interface NativeNeed {
  readonly crate: string;
  readonly links: string | undefined;
  readonly rule: SysRule;
}

export interface NativeEnv {
  readonly name: string;
  /** A Nix expression with `pkgs` in scope (see {@link withoutPkgsPrefix} for callPackage files). */
  readonly value: string;
  /** The crate whose rule asks for it. */
  readonly crate: string;
}

export interface NativeInputs {
  /** One per crate name (every version shares it), sorted by name. */
  readonly needs: readonly NativeNeed[];
  /** `pkgs` attribute paths to link on every platform, sorted, each once. */
  readonly buildInputs: readonly string[];
  /** `pkgs` attribute paths of programs build scripts run (pkg-config, cmake, protoc…), sorted, each once. */
  readonly nativeBuildInputs: readonly string[];
  /**
   * Apple framework attribute paths (`darwin.apple_sdk.frameworks.*`) needed only on Darwin, sorted.
   * nixpkgs 24.11 and later link every framework through the default SDK and made these attributes
   * stubs that do nothing (removed by 25.11): renderers pinning a current nixpkgs leave them out.
   */
  readonly darwinFrameworks: readonly string[];
  /** Environment for the build, sorted by name; when two rules set one name, the first crate (by name) wins. */
  readonly env: readonly NativeEnv[];
  /** `-sys` crates no rule knows, sorted by name: renderers say so in a comment instead of guessing. */
  readonly unknown: readonly { readonly crate: string; readonly links: string | undefined }[];
}

export interface NativeInputsOptions {
  /**
   * Crate names the backend's own overrides already take care of: cargo2nix's stock overrides
   * ({@link CARGO2NIX_PROVIDED}) or crate2nix's `defaultCrateOverrides`. Default: none.
   */
  readonly provided?: ReadonlySet<string>;
}

/** What cargo2nix 0.12's `overrides.all` provides (pass as `provided` for cargo2nix). */
export const CARGO2NIX_PROVIDED: ReadonlySet<string> = STOCK_OVERRIDES;

const stockByName = new Map<string, SysRule>();
const stockByLinks = new Map<string, SysRule>();
for (const r of STOCK_EQUIVALENT_RULES) {
  for (const c of r.crates) stockByName.set(c, r);
  for (const l of r.links ?? []) stockByLinks.set(l, r);
}

/** The rule for a crate from either table, by name first, then by `links` (forks and renames). */
export function nativeRuleFor(name: string, links: string | undefined): SysRule | undefined {
  return sysRuleFor(name, links) ?? stockByName.get(name) ?? (links === undefined ? undefined : stockByLinks.get(links));
}

const looksSys = (name: string) => name.endsWith('-sys') || name.endsWith('_sys');

// winapi 0.2's per-DLL crates and the windows crates bind import libraries the Windows toolchain ships.
const bindsWindowsImports = (name: string, depNames: readonly string[]) =>
  name.startsWith('winapi') || name.startsWith('windows') || depNames.includes('winapi-build');

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function nativeInputsFor(ws: ResolvedWorkspace, options: NativeInputsOptions = {}): NativeInputs {
  const provided = options.provided ?? new Set<string>();
  const needs = new Map<string, NativeNeed>();
  const unknown = new Map<string, string | undefined>();
  for (const c of ws.crates) {
    if (c.member) continue;
    const name = c.id.name;
    if (provided.has(name) || needs.has(name)) continue;
    const rule = nativeRuleFor(name, c.links);
    if (rule) needs.set(name, { crate: name, links: c.links, rule });
    else if (
      looksSys(name) &&
      !NO_NATIVE_LIBRARY.has(name) &&
      !bindsWindowsImports(
        name,
        c.dependencies.map((d) => d.id.name),
      )
    )
      unknown.set(name, c.links);
  }
  const sortedNeeds = [...needs.values()].sort((a, b) => byteOrder(a.crate, b.crate));
  const buildInputs = new Set<string>();
  const nativeBuildInputs = new Set<string>();
  const darwinFrameworks = new Set<string>();
  const env = new Map<string, NativeEnv>();
  for (const { crate, rule } of sortedNeeds) {
    for (const lib of rule.libraries ?? []) (rule.darwinOnly ? darwinFrameworks : buildInputs).add(lib);
    for (const tool of rule.tools ?? []) nativeBuildInputs.add(tool);
    for (const e of rule.env ?? []) if (!env.has(e.name)) env.set(e.name, { name: e.name, value: e.value, crate });
  }
  return {
    needs: sortedNeeds,
    buildInputs: [...buildInputs].sort(byteOrder),
    nativeBuildInputs: [...nativeBuildInputs].sort(byteOrder),
    darwinFrameworks: [...darwinFrameworks].sort(byteOrder),
    env: [...env.values()].sort((a, b) => byteOrder(a.name, b.name)),
    unknown: [...unknown.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([crate, links]) => ({ crate, links })),
  };
}

/** An env value for a file whose packages are function arguments (callPackage style): `${pkgs.x}` → `${x}`. */
export function withoutPkgsPrefix(expr: string): string {
  return expr.replace(/\bpkgs\./g, '');
}

/**
 * The top-level nixpkgs names a file written in callPackage style takes as arguments to reach
 * these inputs (`llvmPackages` for `llvmPackages.libclang`), sorted; Darwin frameworks only when
 * `darwin` is true.
 */
export function callPackageArgs(inputs: NativeInputs, { darwin = false }: { darwin?: boolean } = {}): string[] {
  const names = new Set<string>();
  const paths = [...inputs.buildInputs, ...inputs.nativeBuildInputs, ...(darwin ? inputs.darwinFrameworks : [])];
  for (const p of paths) names.add(p.split('.')[0]!);
  for (const e of inputs.env) for (const m of e.value.matchAll(/\bpkgs\.([A-Za-z_][A-Za-z0-9_'-]*)/g)) names.add(m[1]!);
  return [...names].sort(byteOrder);
}

/** True when nothing is needed: renderers then write no native-input lines at all. */
export function needsNothing(inputs: NativeInputs): boolean {
  return inputs.buildInputs.length === 0 && inputs.nativeBuildInputs.length === 0 && inputs.env.length === 0 && inputs.darwinFrameworks.length === 0;
}

/** How a file reaches nixpkgs: through `pkgs.` (flakes) or as callPackage arguments (`''`). */
export interface NativeLinesStyle {
  readonly prefix: 'pkgs.' | '';
}

const attrPath = (path: string, prefix: string) => prefix + path.split('.').map(nixAttr).join('.');

/**
 * Writes the attributes of a derivation's arguments that bring in the native inputs —
 * `nativeBuildInputs`, `buildInputs` and one binding per environment variable — each need
 * explained in a comment, unknown `-sys` crates named, and why Apple frameworks are left out.
 * Writes nothing when nothing is needed. Every attribute is a plain mkDerivation argument, which
 * buildRustPackage, crane's builders and naersk's buildPackage all pass through.
 */
export function writeNativeInputs(out: NixLines, depth: number, inputs: NativeInputs, style: NativeLinesStyle): void {
  for (const n of inputs.needs) {
    if (n.rule.darwinOnly) continue;
    out.comment(depth, `${n.crate}${n.links === undefined ? '' : ` (links = "${n.links}")`}: ${n.rule.whyElsewhere ?? n.rule.why}.`);
  }
  if (inputs.nativeBuildInputs.length > 0)
    out.list(
      depth,
      'nativeBuildInputs = ',
      inputs.nativeBuildInputs.map((p) => attrPath(p, style.prefix)),
    );
  if (inputs.buildInputs.length > 0)
    out.list(
      depth,
      'buildInputs = ',
      inputs.buildInputs.map((p) => attrPath(p, style.prefix)),
    );
  for (const e of inputs.env) out.binding(depth, nixAttr(e.name), style.prefix === '' ? withoutPkgsPrefix(e.value) : e.value);
  if (inputs.darwinFrameworks.length > 0) {
    const crates = inputs.needs.filter((n) => n.rule.darwinOnly).map((n) => n.crate);
    out.comment(
      depth,
      `On Darwin, Apple frameworks are linked (for ${crates.join(', ')}); nixpkgs' default SDK (24.11 and later) carries every framework, so none is listed.`,
    );
  }
  for (const u of inputs.unknown) {
    out.comment(
      depth,
      `${u.crate}${u.links === undefined ? '' : ` (links = "${u.links}")`} binds a system library the playground has no rule for: add its package here.`,
    );
  }
}
