// The flake.nix that goes with a generated Cargo.nix, in the layout
// cargo2nix's README documents (cargo2nix input pinned to a release branch,
// flake-utils and nixpkgs following it, `rustBuilder.makePackageSet`), plus
// what users otherwise add by hand: one package per member, apps for
// binaries, a dev shell with rust-analyzer, overrides for system libraries,
// and optional cross-compiled packages. Laid out as nixfmt (RFC style) would:
// two-space indents, one item per line in lists of more than one.
import type { Renderer } from '../renderer.ts';
import type { ResolvedWorkspace, WorkspaceMember } from '../../model/model.ts';
import { sysOverridesFor, type SysOverride } from '../sys-overrides.ts';

export const DEFAULT_CARGO2NIX_REF = 'release-0.12';

/** What cargo2nix 0.12's own flake builds with, so the rust-overlay it pins has it. */
export const DEFAULT_RUST_VERSION = '1.83.0';

/** The newest stable Rust in the rust-overlay that cargo2nix's release-0.12 flake.lock pins (2025-03-03). */
export const PINNED_OVERLAY_NEWEST_RUST = '1.85.0';

/** How nixpkgs is told to cross-compile for a Rust target. */
export interface ExtraTarget {
  /** The Rust target triple, passed to makePackageSet as `target`. */
  readonly triple: string;
  /** nixpkgs' `crossSystem`. */
  readonly crossSystem: { readonly config: string; readonly useLLVM?: boolean };
  /**
   * makePackageSet's `targetSpec`, for targets whose nixpkgs platform maps to
   * no key of cargo2nix's target-info.json (it looks the info up by the
   * nixpkgs platform, not by `target`, and fails on a cfg(target_has_atomic)
   * without it).
   */
  readonly targetSpec?: { readonly maxAtomicWidth: number; readonly pointerWidth: number };
  readonly label: string;
}

export const EXTRA_TARGETS: readonly ExtraTarget[] = [
  { triple: 'x86_64-unknown-linux-musl', crossSystem: { config: 'x86_64-unknown-linux-musl' }, label: 'Linux x86-64, static (musl)' },
  { triple: 'x86_64-unknown-linux-gnu', crossSystem: { config: 'x86_64-unknown-linux-gnu' }, label: 'Linux x86-64 (glibc)' },
  { triple: 'aarch64-unknown-linux-gnu', crossSystem: { config: 'aarch64-unknown-linux-gnu' }, label: 'Linux ARM64 (glibc)' },
  // nixpkgs calls MinGW-w64 by its autotools triple.
  {
    triple: 'x86_64-pc-windows-gnu',
    crossSystem: { config: 'x86_64-w64-mingw32' },
    targetSpec: { maxAtomicWidth: 128, pointerWidth: 64 },
    label: 'Windows x86-64 (MinGW)',
  },
  // nixpkgs builds for WASI only with LLVM's linker (cargo2nix's cross-compiling example says so too).
  {
    triple: 'wasm32-wasip1',
    crossSystem: { config: 'wasm32-unknown-wasi', useLLVM: true },
    targetSpec: { maxAtomicWidth: 64, pointerWidth: 32 },
    label: 'WebAssembly (WASI preview 1)',
  },
];

export interface FlakeOptions {
  /** Branch, tag or commit of github:cargo2nix/cargo2nix. */
  readonly cargo2nixRef?: string;
  /** Rust toolchain version; by default the workspace's `rust-version`, else {@link DEFAULT_RUST_VERSION}. */
  readonly rustVersion?: string;
  /** Rust target triples to cross-compile every member for (see {@link EXTRA_TARGETS}; others map to `crossSystem.config = triple`). */
  readonly extraTargets?: readonly string[];
  /** makePackageSet's `rootFeatures` (`member/feature` or `member`); undefined keeps Cargo.nix's default. */
  readonly rootFeatures?: readonly string[];
  /** false builds with the dev profile (makePackageSet's `release = false`). */
  readonly release?: boolean;
  /** Follow a newer rust-overlay than cargo2nix pins: 'auto' does when the Rust version needs it. */
  readonly rustOverlay?: 'auto' | 'pinned' | 'latest';
}

export class FlakeOptionError extends Error {}

export type RustVersionSource = 'option' | 'rust-version' | 'default';

/** The choices renderFlakeNix makes, for showing them beside the file. */
export interface FlakePlan {
  readonly cargo2nixRef: string;
  readonly rustVersion: string;
  readonly rustVersionSource: RustVersionSource;
  readonly followLatestRustOverlay: boolean;
  readonly defaultPackage: string;
  readonly extraTargets: readonly ExtraTarget[];
  readonly rootFeatures: readonly string[] | undefined;
  readonly release: boolean;
  readonly sys: ReturnType<typeof sysOverridesFor>;
}

const KEYWORDS = new Set(['assert', 'else', 'if', 'in', 'inherit', 'let', 'or', 'rec', 'then', 'with']);

/** A Nix attribute name, quoted when it is not a plain identifier. */
export function nixAttr(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !KEYWORDS.has(name) ? name : nixString(name);
}

export function nixString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** `1.70` → `1.70.0`; undefined when it is not a Rust version rust-overlay could know. */
export function normaliseRustVersion(v: string): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  return `${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest `rust-version` among the members: one toolchain builds them all. */
export function workspaceRustVersion(ws: ResolvedWorkspace): string | undefined {
  let best: string | undefined;
  for (const m of ws.members) {
    const v = m.rustVersion === undefined ? undefined : normaliseRustVersion(m.rustVersion);
    if (v !== undefined && (best === undefined || compareVersions(v, best) > 0)) best = v;
  }
  return best;
}

export function extraTargetFor(triple: string): ExtraTarget {
  return EXTRA_TARGETS.find((t) => t.triple === triple) ?? { triple, crossSystem: { config: triple }, label: triple };
}

export interface FlakeApp {
  /** The `apps.<name>` attribute. */
  readonly name: string;
  readonly member: string;
  readonly bin: string;
}

/**
 * One app per binary of every member, named after the binary; a name two
 * members share is prefixed with its member (`member-bin`) so neither is lost.
 */
export function flakeApps(ws: ResolvedWorkspace): FlakeApp[] {
  const count = new Map<string, number>();
  for (const m of ws.members) for (const b of m.binNames) count.set(b, (count.get(b) ?? 0) + 1);
  return ws.members.flatMap((m) => m.binNames.map((bin) => ({ name: (count.get(bin) ?? 0) > 1 ? `${m.name}-${bin}` : bin, member: m.name, bin })));
}

function defaultMember(ws: ResolvedWorkspace): WorkspaceMember {
  const root = ws.rootPackage === undefined ? undefined : ws.members.find((m) => m.name === ws.rootPackage);
  const first = root ?? ws.members.find((m) => m.hasBin) ?? ws.members[0];
  if (!first) throw new FlakeOptionError('the workspace has no members');
  return first;
}

function checkRootFeatures(ws: ResolvedWorkspace, rootFeatures: readonly string[]): void {
  for (const rf of rootFeatures) {
    const slash = rf.indexOf('/');
    const member = slash < 0 ? rf : rf.slice(0, slash);
    const m = ws.members.find((x) => x.name === member);
    if (!m) throw new FlakeOptionError(`root feature \`${rf}\`: no workspace member is named \`${member}\``);
    // `default` is always accepted: Cargo.nix's own default names it for every member.
    const feature = rf.slice(slash + 1);
    if (slash >= 0 && feature !== 'default' && !m.features.includes(feature)) {
      throw new FlakeOptionError(`root feature \`${rf}\`: \`${member}\` has no feature \`${feature}\``);
    }
  }
}

export function planFlake(ws: ResolvedWorkspace, options: FlakeOptions = {}): FlakePlan {
  let rustVersion: string;
  let rustVersionSource: RustVersionSource;
  if (options.rustVersion !== undefined) {
    const v = normaliseRustVersion(options.rustVersion);
    if (v === undefined) throw new FlakeOptionError(`Rust version \`${options.rustVersion}\` is not of the form 1.75 or 1.75.0`);
    rustVersion = v;
    rustVersionSource = 'option';
  } else {
    const fromWs = workspaceRustVersion(ws);
    rustVersion = fromWs ?? DEFAULT_RUST_VERSION;
    rustVersionSource = fromWs === undefined ? 'default' : 'rust-version';
  }
  const cargo2nixRef = options.cargo2nixRef ?? DEFAULT_CARGO2NIX_REF;
  if (!/^[A-Za-z0-9._/-]+$/.test(cargo2nixRef)) throw new FlakeOptionError(`cargo2nix ref \`${cargo2nixRef}\` is not a branch, tag or commit name`);
  const overlay = options.rustOverlay ?? 'auto';
  const followLatestRustOverlay =
    overlay === 'latest' ||
    (overlay === 'auto' && cargo2nixRef === DEFAULT_CARGO2NIX_REF && compareVersions(rustVersion, PINNED_OVERLAY_NEWEST_RUST) > 0);
  const seen = new Set<string>();
  const extraTargets: ExtraTarget[] = [];
  for (const t of options.extraTargets ?? []) {
    if (!/^[A-Za-z0-9_.-]+$/.test(t)) throw new FlakeOptionError(`\`${t}\` is not a target triple`);
    if (!seen.has(t)) extraTargets.push(extraTargetFor(t));
    seen.add(t);
  }
  if (options.rootFeatures) checkRootFeatures(ws, options.rootFeatures);
  return {
    cargo2nixRef,
    rustVersion,
    rustVersionSource,
    followLatestRustOverlay,
    defaultPackage: defaultMember(ws).name,
    extraTargets,
    rootFeatures: options.rootFeatures,
    release: options.release ?? true,
    sys: sysOverridesFor(ws),
  };
}

const WIDTH = 100;

/** Lines at a base indentation; nested blocks add two spaces. */
class Out {
  readonly lines: string[] = [];

  line(depth = 0, text = ''): void {
    this.lines.push(text === '' ? '' : `${'  '.repeat(depth)}${text}`);
  }

  /** `# …` comment lines wrapped at {@link WIDTH} columns, never inside a `code span`. */
  comment(depth: number, text: string): void {
    const width = WIDTH - depth * 2 - 2;
    const words = text.match(/`[^`]*`\S*|\S+/g) ?? [];
    let line = '';
    for (const word of words) {
      if (line !== '' && line.length + 1 + word.length > width) {
        this.line(depth, `# ${line}`);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '') this.line(depth, `# ${line}`);
  }

  /** `name = value;`, with the value on its own line when the whole would be too wide. */
  binding(depth: number, name: string, value: string): void {
    const one = `${name} = ${value};`;
    if (depth * 2 + one.length <= WIDTH) this.line(depth, one);
    else {
      this.line(depth, `${name} =`);
      this.line(depth + 1, `${value};`);
    }
  }

  /** `head[ a ]tail`, or one item per line when there are several or one line would be too wide. */
  list(depth: number, head: string, items: readonly string[], tail = ';'): void {
    const one = items.length === 0 ? `${head}[ ]${tail}` : `${head}[ ${items[0]} ]${tail}`;
    if (items.length <= 1 && depth * 2 + one.length <= WIDTH) this.line(depth, one);
    else {
      this.line(depth, `${head}[`);
      for (const i of items) this.line(depth + 1, i);
      this.line(depth, `]${tail}`);
    }
  }
}

const pkgsAttr = (path: string) => `pkgs.${path.split('.').map(nixAttr).join('.')}`;

function renderOverride(out: Out, depth: number, o: SysOverride): void {
  const r = o.rule;
  out.comment(depth, `${o.crate}${o.links === undefined ? '' : ` (links = "${o.links}")`}: ${r.why}.`);
  out.line(depth, '(pkgs.rustBuilder.rustLib.makeOverride {');
  out.line(depth + 1, `name = ${nixString(o.crate)};`);
  out.line(depth + 1, 'overrideAttrs = drv: {');
  const inputs = (attr: string, items: readonly string[]) => {
    if (r.darwinOnly) {
      out.line(depth + 2, `${attr} =`);
      out.line(depth + 3, `drv.${attr} or [ ]`);
      out.list(depth + 3, '++ pkgs.lib.optionals pkgs.stdenv.hostPlatform.isDarwin ', items);
    } else {
      out.list(depth + 2, `${attr} = drv.${attr} or [ ] ++ `, items);
    }
  };
  const libraries = (r.libraries ?? []).map(pkgsAttr);
  const env = r.env ?? [];
  if (libraries.length > 0 || env.length > 0) {
    if (env.length === 0) inputs('propagatedBuildInputs', libraries);
    else {
      // propagateEnv is cargo2nix's own way to hand environment to a build script.
      out.line(depth + 2, 'propagatedBuildInputs = drv.propagatedBuildInputs or [ ] ++ [');
      for (const l of libraries) out.line(depth + 3, l);
      out.line(depth + 3, `(pkgs.rustBuilder.overrides.patches.propagateEnv ${nixString(o.crate)} [`);
      for (const e of env) {
        out.line(depth + 4, '{');
        out.line(depth + 5, `name = ${nixString(e.name)};`);
        out.line(depth + 5, `value = ${e.value};`);
        out.line(depth + 4, '}');
      }
      out.line(depth + 3, '])');
      out.line(depth + 2, '];');
    }
  }
  const tools = (r.tools ?? []).map(pkgsAttr);
  if (tools.length > 0) inputs('propagatedNativeBuildInputs', tools);
  out.line(depth + 1, '};');
  out.line(depth, '})');
}

function renderPackageSetArgs(out: Out, plan: FlakePlan): void {
  const d = 4;
  out.line(d, 'packageSetArgs = {');
  out.comment(
    d + 1,
    plan.rustVersionSource === 'rust-version'
      ? 'The newest `rust-version` in the workspace manifests.'
      : plan.rustVersionSource === 'default'
        ? 'No `rust-version` in the manifests: a stable release cargo2nix builds with.'
        : 'The Rust version chosen for this flake.',
  );
  out.line(d + 1, `rustVersion = ${nixString(plan.rustVersion)};`);
  out.line(d + 1, 'packageFun = import ./Cargo.nix;');
  if (plan.rootFeatures !== undefined) {
    out.comment(d + 1, 'Member features to build with; Cargo.nix defaults to each member with its defaults.');
    out.list(d + 1, 'rootFeatures = ', plan.rootFeatures.map(nixString));
  }
  if (!plan.release) {
    out.comment(d + 1, 'Build with the dev profile, like `cargo build` without `--release`.');
    out.line(d + 1, 'release = false;');
  }
  if (plan.sys.unknown.length > 0) {
    const names = plan.sys.unknown.map((u) => `${u.crate}${u.links === undefined ? '' : ` (links = "${u.links}")`}`);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
    out.comment(d + 1, `${list} may want a system library this file does not know about; if a build script fails, add an override for it below.`);
  }
  if (plan.sys.overrides.length === 0) {
    out.line(d + 1, 'packageOverrides = pkgs: pkgs.rustBuilder.overrides.all;');
  } else {
    out.comment(d + 1, "cargo2nix's stock overrides, plus system libraries for crates they do not cover.");
    out.line(d + 1, 'packageOverrides =');
    out.line(d + 2, 'pkgs:');
    out.line(d + 2, 'pkgs.rustBuilder.overrides.all');
    out.line(d + 2, '++ [');
    for (const o of plan.sys.overrides) renderOverride(out, d + 3, o);
    out.line(d + 2, '];');
  }
  out.line(d, '};');
}

function crossSetName(t: ExtraTarget): string {
  return `rustPkgs-${t.triple}`;
}

function renderCross(out: Out, plan: FlakePlan): void {
  if (plan.extraTargets.length === 0) return;
  const d = 4;
  out.line();
  out.comment(
    d,
    'Cross-compiled package sets: nixpkgs builds the C toolchain and libraries for `crossSystem`, cargo2nix builds the crates for the Rust `target`.',
  );
  out.line(d, 'crossRustPkgs =');
  out.line(d + 1, '{ crossSystem, ... }@args:');
  out.line(d + 1, 'let');
  out.line(d + 2, 'crossPkgs = import nixpkgs { inherit system overlays crossSystem; };');
  out.line(d + 1, 'in');
  out.line(d + 1, 'crossPkgs.rustBuilder.makePackageSet (');
  out.line(d + 2, 'packageSetArgs // removeAttrs args [ "crossSystem" ]');
  out.line(d + 1, ');');
  for (const t of plan.extraTargets) {
    out.line(d, `${nixAttr(crossSetName(t))} = crossRustPkgs {`);
    if (t.crossSystem.useLLVM) {
      out.line(d + 1, 'crossSystem = {');
      out.line(d + 2, `config = ${nixString(t.crossSystem.config)};`);
      out.line(d + 2, 'useLLVM = true;');
      out.line(d + 1, '};');
    } else out.line(d + 1, `crossSystem.config = ${nixString(t.crossSystem.config)};`);
    out.line(d + 1, `target = ${nixString(t.triple)};`);
    if (t.targetSpec) {
      out.comment(d + 1, "cargo2nix has no target info for this nixpkgs platform: rustc's for the target.");
      out.line(d + 1, 'targetSpec = {');
      out.line(d + 2, `max-atomic-width = ${t.targetSpec.maxAtomicWidth};`);
      out.line(d + 2, `target-pointer-width = ${t.targetSpec.pointerWidth};`);
      out.line(d + 1, '};');
    }
    out.line(d, '};');
  }
}

function renderOutputsBody(out: Out, ws: ResolvedWorkspace, plan: FlakePlan): void {
  const d = 4;
  const pkgRef = (name: string) => `packages.${nixAttr(name)}`;
  out.line(d, 'packages = {');
  for (const m of ws.members) out.binding(d + 1, nixAttr(m.name), `rustPkgs.workspace.${nixAttr(m.name)} { }`);
  for (const t of plan.extraTargets) {
    for (const m of ws.members) out.binding(d + 1, nixAttr(`${m.name}-${t.triple}`), `${nixAttr(crossSetName(t))}.workspace.${nixAttr(m.name)} { }`);
  }
  const names = new Set(ws.members.map((m) => m.name));
  if (!names.has('default')) out.line(d + 1, `default = ${pkgRef(plan.defaultPackage)};`);
  out.line(d, '};');

  const apps = flakeApps(ws);
  if (apps.length > 0) {
    out.line();
    out.comment(d, "`nix run .#<name>` runs that binary; `nix run` the default package's.");
    out.line(d, 'apps = {');
    for (const a of apps) {
      out.line(d + 1, `${nixAttr(a.name)} = {`);
      out.line(d + 2, 'type = "app";');
      out.line(d + 2, `program = "\${${pkgRef(a.member)}}/bin/${nixString(a.bin).slice(1, -1)}";`);
      out.line(d + 1, '};');
    }
    const fromDefault = apps.filter((a) => a.member === plan.defaultPackage);
    const defaultApp = fromDefault.find((a) => a.bin === plan.defaultPackage) ?? fromDefault[0] ?? apps[0]!;
    if (!apps.some((a) => a.name === 'default')) out.line(d + 1, `default = apps.${nixAttr(defaultApp.name)};`);
    out.line(d, '};');
  }

  out.line();
  out.comment(d, '`nix develop`: the toolchain and the native inputs of every crate, so `cargo build` works.');
  out.line(d, 'devShells.default = rustPkgs.workspaceShell {');
  out.line(d + 1, 'packages = [ pkgs.rust-analyzer ];');
  out.line(d, '};');
}

/** flake.nix for the workspace, to sit beside Cargo.nix, Cargo.toml and Cargo.lock. */
export function renderFlakeNix(ws: ResolvedWorkspace, options: FlakeOptions = {}): string {
  const plan = planFlake(ws, options);
  const out = new Out();
  out.comment(
    0,
    `Written by the cargo2nix playground for cargo2nix 0.12: \`nix build\` builds ${plan.defaultPackage}, \`nix develop\` opens a shell for cargo and rust-analyzer.`,
  );
  out.comment(0, 'Commit it with Cargo.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.');
  out.line(0, '{');
  out.line(1, `description = ${nixString(`${plan.defaultPackage}, built with cargo2nix`)};`);
  out.line();
  out.line(1, 'inputs = {');
  const cargo2nixUrl = nixString(`github:cargo2nix/cargo2nix/${plan.cargo2nixRef}`);
  if (plan.followLatestRustOverlay) {
    out.comment(2, `Rust ${plan.rustVersion} is newer than the rust-overlay that cargo2nix pins, so cargo2nix follows a current one.`);
    out.line(2, 'rust-overlay.url = "github:oxalica/rust-overlay/stable";');
    out.line(2, 'cargo2nix = {');
    out.line(3, `url = ${cargo2nixUrl};`);
    out.line(3, 'inputs.rust-overlay.follows = "rust-overlay";');
    out.line(2, '};');
  } else {
    out.line(2, `cargo2nix.url = ${cargo2nixUrl};`);
  }
  out.line(2, 'flake-utils.follows = "cargo2nix/flake-utils";');
  out.line(2, 'nixpkgs.follows = "cargo2nix/nixpkgs";');
  out.line(1, '};');
  out.line();
  out.line(1, 'outputs =');
  out.line(2, '{');
  for (const i of ['self', 'nixpkgs', 'cargo2nix', 'flake-utils', ...(plan.followLatestRustOverlay ? ['rust-overlay'] : [])]) out.line(3, `${i},`);
  out.line(2, '}:');
  out.line(2, 'flake-utils.lib.eachDefaultSystem (');
  out.line(3, 'system:');
  out.line(3, 'let');
  out.line(4, 'overlays = [ cargo2nix.overlays.default ];');
  out.line(4, 'pkgs = import nixpkgs { inherit system overlays; };');
  out.line();
  renderPackageSetArgs(out, plan);
  out.line();
  out.line(4, 'rustPkgs = pkgs.rustBuilder.makePackageSet packageSetArgs;');
  renderCross(out, plan);
  out.line(3, 'in');
  out.line(3, 'rec {');
  renderOutputsBody(out, ws, plan);
  out.line(3, '}');
  out.line(2, ');');
  out.line(0, '}');
  return out.lines.join('\n') + '\n';
}

export const flakeNixRenderer: Renderer = {
  id: 'cargo2nix/flake.nix',
  backend: 'cargo2nix',
  label: 'flake.nix',
  files: (model, options) => [{ path: 'flake.nix', text: renderFlakeNix(model, options.flake), language: 'nix' }],
};
