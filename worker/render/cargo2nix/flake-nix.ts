// The flake.nix that goes with a generated Cargo.nix, in the layout
// cargo2nix's README documents (cargo2nix input pinned to a release branch,
// flake-utils and nixpkgs following it, `rustBuilder.makePackageSet`), plus
// what users otherwise add by hand: one package per member, apps for
// binaries, a dev shell with rust-analyzer, overrides for system libraries,
// and optional cross-compiled packages. Only layout lives here: what the file
// says is decided in flake-options.ts from the data in flake-catalogue.ts.
import type { Renderer } from '../renderer.ts';
import type { ResolvedWorkspace } from '../../model/model.ts';
import type { SysOverride } from '../sys-overrides.ts';
import { NixLines, nixAttr, nixString } from '../nix/nix-text.ts';
import type { ExtraTarget } from './flake-catalogue.ts';
import { decideFlake, flakeApps, type FlakeChoices, type FlakeOptions } from './flake-options.ts';

// Other modules name the renderer's options by this file.
export type { FlakeOptions } from './flake-options.ts';

const pkgsAttr = (path: string) => `pkgs.${path.split('.').map(nixAttr).join('.')}`;

/** One `makeOverride` for a crate cargo2nix's stock overrides miss (the insight view shows the same text). */
export function renderOverride(out: NixLines, depth: number, o: SysOverride): void {
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

function rustVersionWhy(choices: FlakeChoices): string {
  if (choices.rustVersionRaisedForTargets) {
    const why =
      choices.workspaceRustVersion === undefined ? 'No `rust-version` in the manifests' : `\`rust-version\` is ${choices.workspaceRustVersion}`;
    return `${why}, but an extra target needs Rust ${choices.rustVersion}.`;
  }
  switch (choices.rustVersionSource) {
    case 'option':
      return 'The Rust version chosen for this flake.';
    case 'default':
      return 'No `rust-version` in the manifests: the stable release cargo2nix 0.12 builds itself with.';
    case 'rust-version':
      return choices.workspaceRustVersion === choices.rustVersion
        ? 'The newest `rust-version` in the workspace manifests.'
        : `The oldest Rust offered that meets the workspace's \`rust-version\` (${choices.workspaceRustVersion}).`;
  }
}

function renderPackageSetArgs(out: NixLines, choices: FlakeChoices): void {
  const d = 4;
  out.line(d, 'packageSetArgs = {');
  out.comment(d + 1, rustVersionWhy(choices));
  out.line(d + 1, `rustVersion = ${nixString(choices.rustVersion)};`);
  out.line(d + 1, 'packageFun = import ./Cargo.nix;');
  if (choices.rootFeatures !== undefined) {
    out.comment(d + 1, 'Member features to build with; Cargo.nix defaults to each member with its defaults.');
    out.list(d + 1, 'rootFeatures = ', choices.rootFeatures.map(nixString));
  }
  if (!choices.release) {
    out.comment(d + 1, 'Build with the dev profile, like `cargo build` without `--release`.');
    out.line(d + 1, 'release = false;');
  }
  if (choices.sys.unknown.length > 0) {
    const names = choices.sys.unknown.map((u) => `${u.crate}${u.links === undefined ? '' : ` (links = "${u.links}")`}`);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
    out.comment(d + 1, `${list} may want a system library this file does not know about; if a build script fails, add an override for it below.`);
  }
  if (choices.sys.overrides.length === 0) {
    out.line(d + 1, 'packageOverrides = pkgs: pkgs.rustBuilder.overrides.all;');
  } else {
    out.comment(d + 1, "cargo2nix's stock overrides, plus system libraries for crates they do not cover.");
    out.line(d + 1, 'packageOverrides =');
    out.line(d + 2, 'pkgs:');
    out.line(d + 2, 'pkgs.rustBuilder.overrides.all');
    out.line(d + 2, '++ [');
    for (const o of choices.sys.overrides) renderOverride(out, d + 3, o);
    out.line(d + 2, '];');
  }
  out.line(d, '};');
}

function crossSetName(t: ExtraTarget): string {
  return `rustPkgs-${t.triple}`;
}

function renderCross(out: NixLines, choices: FlakeChoices): void {
  if (choices.extraTargets.length === 0) return;
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
  for (const t of choices.extraTargets) {
    out.line(d, `${nixAttr(crossSetName(t))} = crossRustPkgs {`);
    if (t.crossSystem.useLLVM || t.crossSystem.rustcConfig !== undefined) {
      out.line(d + 1, 'crossSystem = {');
      out.line(d + 2, `config = ${nixString(t.crossSystem.config)};`);
      if (t.crossSystem.useLLVM) out.line(d + 2, 'useLLVM = true;');
      if (t.crossSystem.rustcConfig !== undefined) {
        out.comment(d + 2, "Rust's name for the platform: nixpkgs' lib would derive another one.");
        out.line(d + 2, `rustc.config = ${nixString(t.crossSystem.rustcConfig)};`);
      }
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

function renderOutputsBody(out: NixLines, ws: ResolvedWorkspace, choices: FlakeChoices): void {
  const d = 4;
  const pkgRef = (name: string) => `packages.${nixAttr(name)}`;
  out.line(d, 'packages = {');
  for (const m of ws.members) out.binding(d + 1, nixAttr(m.name), `rustPkgs.workspace.${nixAttr(m.name)} { }`);
  for (const t of choices.extraTargets) {
    for (const m of ws.members) out.binding(d + 1, nixAttr(`${m.name}-${t.triple}`), `${nixAttr(crossSetName(t))}.workspace.${nixAttr(m.name)} { }`);
  }
  const names = new Set(ws.members.map((m) => m.name));
  if (!names.has('default')) out.line(d + 1, `default = ${pkgRef(choices.defaultPackage)};`);
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
    const fromDefault = apps.filter((a) => a.member === choices.defaultPackage);
    const defaultApp = fromDefault.find((a) => a.bin === choices.defaultPackage) ?? fromDefault[0] ?? apps[0]!;
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
  const choices = decideFlake(ws, options);
  const c2n = choices.cargo2nix;
  const out = new NixLines();
  out.comment(
    0,
    `Written by the cargo2nix playground for cargo2nix ${c2n.ref} (${c2n.version}): \`nix build\` builds ${choices.defaultPackage}, \`nix develop\` opens a shell for cargo and rust-analyzer.`,
  );
  out.comment(0, 'Commit it with Cargo.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.');
  out.line(0, '{');
  out.line(1, `description = ${nixString(`${choices.defaultPackage}, built with cargo2nix`)};`);
  out.line();
  out.line(1, 'inputs = {');
  const cargo2nixUrl = nixString(`github:cargo2nix/cargo2nix/${c2n.ref}`);
  if (choices.followNewerRustOverlay) {
    const o = choices.rustOverlay;
    out.comment(
      2,
      `cargo2nix ${c2n.ref} pins a rust-overlay with Rust up to ${c2n.rustOverlay.newestStable}; it follows this one instead (${o.date}, Rust up to ${o.newestStable}), on cargo2nix's nixpkgs.`,
    );
    out.line(2, 'rust-overlay = {');
    out.line(3, `url = ${nixString(`github:oxalica/rust-overlay/${o.rev}`)};`);
    out.line(3, 'inputs.nixpkgs.follows = "nixpkgs";');
    out.line(2, '};');
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
  for (const i of ['self', 'nixpkgs', 'cargo2nix', 'flake-utils', ...(choices.followNewerRustOverlay ? ['rust-overlay'] : [])]) out.line(3, `${i},`);
  out.line(2, '}:');
  out.line(2, 'flake-utils.lib.eachDefaultSystem (');
  out.line(3, 'system:');
  out.line(3, 'let');
  out.line(4, 'overlays = [ cargo2nix.overlays.default ];');
  out.line(4, 'pkgs = import nixpkgs { inherit system overlays; };');
  out.line();
  renderPackageSetArgs(out, choices);
  out.line();
  out.line(4, 'rustPkgs = pkgs.rustBuilder.makePackageSet packageSetArgs;');
  renderCross(out, choices);
  out.line(3, 'in');
  out.line(3, 'rec {');
  renderOutputsBody(out, ws, choices);
  out.line(3, '}');
  out.line(2, ');');
  out.line(0, '}');
  return out.text();
}

export const flakeNixRenderer: Renderer = {
  id: 'cargo2nix/flake.nix',
  backend: 'cargo2nix',
  label: 'flake.nix',
  files: (model, options) => [{ path: 'flake.nix', text: renderFlakeNix(model, options.flake), language: 'nix' }],
};
