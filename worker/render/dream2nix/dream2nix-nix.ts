// dream2nix's files, laid out as its Rust examples do: a `default.nix` package module importing
// the `rust-cargo-lock`, `rust-cargo-vendor` and `rust-crane` modules (Cargo.lock is translated
// while Nix evaluates, git sources are fetched by commit, so no hash is needed), and a `flake.nix`
// that evaluates that module once per workspace member (`name` picks the member cargo builds).
import { GeneratorError } from '../../core/errors.ts';
import { CRATES_IO_INDEX } from '../../core/source-id.ts';
import type { ResolvedWorkspace, WorkspaceMember } from '../../model/model.ts';
import { memberFeatures, projectName } from '../crate2nix/flake-nix.ts';
import { nativeInputsFor } from '../native-inputs.ts';
import { nixAttr, NixLines, nixString } from '../nix/nix-text.ts';
import type { RenderOptions } from '../renderer.ts';

/** The systems dream2nix's own examples build for. */
export const DREAM2NIX_SYSTEMS = ['aarch64-darwin', 'aarch64-linux', 'x86_64-darwin', 'x86_64-linux'] as const;

/**
 * dream2nix's Cargo.lock translator knows crates.io's git index and git sources only: anything
 * else fails its evaluation ("registries other than crates.io are not supported yet"), so say so
 * here, located, instead of writing a flake that cannot evaluate.
 */
function checkSources(ws: ResolvedWorkspace): void {
  for (const c of ws.crates) {
    if (c.source.kind !== 'registry') continue;
    if (c.source.protocol === 'git' && c.source.url === CRATES_IO_INDEX) continue;
    const registry = c.source.protocol === 'sparse' ? `sparse+${c.source.url}` : `registry+${c.source.url}`;
    throw new GeneratorError(
      `dream2nix's rust-cargo-lock module reads crates from crates.io's git index (registry+${CRATES_IO_INDEX}) and from git only; ${c.id.name} ${c.id.version} comes from ${registry}`,
      { file: 'Cargo.lock', crate: `${c.id.name}@${c.id.version}` },
    );
  }
}

/** `pkgs.x.y` → the top-level name `x` the module takes from nixpkgs through `deps`. */
const topName = (path: string) => path.split('.')[0]!;
const depsPath = (path: string) => `config.deps.${path}`;

export function dream2nixModule(ws: ResolvedWorkspace): string {
  checkSources(ws);
  const native = nativeInputsFor(ws);
  // Build scripts find most system libraries with pkg-config.
  const nativeBuildInputs = [...new Set([...(native.buildInputs.length > 0 ? ['pkg-config'] : []), ...native.nativeBuildInputs])].sort();
  const buildInputs = native.buildInputs;
  const env = native.env.map((e) => ({ name: e.name, value: e.value.replace(/\bpkgs\./g, 'config.deps.') }));
  const depNames = new Set([...nativeBuildInputs, ...buildInputs].map(topName));
  for (const e of native.env) for (const m of e.value.matchAll(/\bpkgs\.([A-Za-z_][A-Za-z0-9_'-]*)/g)) depNames.add(m[1]!);
  const hasInputs = nativeBuildInputs.length > 0 || buildInputs.length > 0;

  const out = new NixLines();
  out.comment(0, `The dream2nix package module for ${projectName(ws)}, written by the cargo2nix playground.`);
  out.comment(
    0,
    'flake.nix evaluates it once per workspace member, setting `name` and `version`. Cargo.lock is read while Nix evaluates: nothing to regenerate when it changes.',
  );
  out.line(0, '{');
  out.line(1, 'lib,');
  out.line(1, 'config,');
  out.line(1, 'dream2nix,');
  out.line(1, '...');
  out.line(0, '}:');
  out.line(0, '{');
  out.line(1, 'imports = [');
  out.line(2, 'dream2nix.modules.dream2nix.rust-cargo-lock');
  out.line(2, 'dream2nix.modules.dream2nix.rust-cargo-vendor');
  out.line(2, 'dream2nix.modules.dream2nix.rust-crane');
  out.line(1, '];');
  if (depNames.size > 0) {
    out.line();
    out.comment(1, 'The nixpkgs packages used below.');
    out.line(1, 'deps =');
    out.line(2, '{ nixpkgs, ... }:');
    out.line(2, '{');
    const names = [...depNames].sort();
    const one = `inherit (nixpkgs) ${names.join(' ')};`;
    if (6 + one.length <= out.width) out.line(3, one);
    else {
      out.line(3, 'inherit (nixpkgs)');
      for (const n of names) out.line(4, n);
      out.line(4, ';');
    }
    out.line(2, '};');
  }
  out.line();
  out.line(1, 'mkDerivation = {');
  out.binding(2, 'src', './.');
  const writeInputs = (depth: number) => {
    for (const n of native.needs.filter((x) => !x.rule.darwinOnly)) out.comment(depth, `${n.crate}: ${n.rule.why}.`);
    if (nativeBuildInputs.length > 0) out.list(depth, 'nativeBuildInputs = ', nativeBuildInputs.map(depsPath));
    if (buildInputs.length > 0) out.list(depth, 'buildInputs = ', buildInputs.map(depsPath));
  };
  writeInputs(2);
  out.line(1, '};');
  for (const u of native.unknown) {
    out.comment(
      1,
      `${u.crate}${u.links ? ` (links = "${u.links}")` : ''} binds a system library the playground does not know: add it to mkDerivation if its build needs it.`,
    );
  }
  if (env.length > 0) {
    out.line();
    out.line(1, 'env = {');
    for (const e of env) out.binding(2, e.name, e.value);
    out.line(1, '};');
  }
  if (hasInputs || env.length > 0) {
    out.line();
    out.comment(1, "The dependencies are built in a derivation of their own (crane's buildDepsOnly): their build scripts need the same.");
    out.line(1, 'rust-crane.depsDrv = {');
    if (hasInputs) {
      out.line(2, 'mkDerivation = {');
      if (nativeBuildInputs.length > 0) out.list(3, 'nativeBuildInputs = ', nativeBuildInputs.map(depsPath));
      if (buildInputs.length > 0) out.list(3, 'buildInputs = ', buildInputs.map(depsPath));
      out.line(2, '};');
    }
    if (env.length > 0) out.binding(2, 'env', 'config.env');
    out.line(1, '};');
  }
  out.line(0, '}');
  return out.text();
}

/** cargo's feature flags for one member, from the playground's root features. */
function featureFlags(features: readonly string[]): string[] {
  const named = features.filter((f) => f !== 'default');
  const flags = features.includes('default') ? [] : ['--no-default-features'];
  return named.length > 0 ? [...flags, '--features', named.join(',')] : flags;
}

function defaultMember(ws: ResolvedWorkspace): WorkspaceMember | undefined {
  if (ws.rootPackage !== undefined) return ws.members.find((m) => m.name === ws.rootPackage);
  return ws.members.find((m) => m.hasBin) ?? ws.members[0];
}

export function dream2nixFlake(ws: ResolvedWorkspace, options: RenderOptions): string {
  checkSources(ws);
  const name = projectName(ws);
  const features = memberFeatures(ws, options.flake.rootFeatures);
  const release = options.flake.release !== false;
  const targets = options.flake.extraTargets ?? [];
  const out = new NixLines();
  out.comment(0, `Builds ${name} with dream2nix (https://github.com/nix-community/dream2nix), written by the cargo2nix playground.`);
  out.line(0, '{');
  out.binding(1, 'description', nixString(`${name}, built with dream2nix`));
  out.line();
  out.comment(1, 'dream2nix is tested with the nixpkgs its own flake locks; this flake follows it.');
  out.line(1, 'inputs = {');
  out.binding(2, 'dream2nix.url', nixString('github:nix-community/dream2nix'));
  out.binding(2, 'nixpkgs.follows', nixString('dream2nix/nixpkgs'));
  out.line(1, '};');
  out.line();
  out.line(1, 'outputs =');
  out.line(2, '{');
  out.line(3, 'self,');
  out.line(3, 'dream2nix,');
  out.line(3, 'nixpkgs,');
  out.line(2, '}:');
  out.line(2, 'let');
  out.line(3, 'eachSystem = nixpkgs.lib.genAttrs [');
  for (const s of DREAM2NIX_SYSTEMS) out.line(4, nixString(s));
  out.line(3, '];');
  out.line();
  out.comment(3, 'One workspace member, built by the package module in default.nix.');
  out.line(3, 'member =');
  out.line(4, 'system: settings:');
  out.line(4, 'dream2nix.lib.evalModules {');
  out.binding(5, 'packageSets.nixpkgs', 'nixpkgs.legacyPackages.${system}');
  out.line(5, 'modules = [');
  out.line(6, './default.nix');
  out.line(6, 'settings');
  out.line(6, '{');
  out.binding(7, 'paths.projectRoot', './.');
  out.binding(7, 'paths.projectRootFile', nixString('flake.nix'));
  out.binding(7, 'paths.package', './.');
  out.line(6, '}');
  out.line(5, '];');
  out.line(4, '};');
  out.line(2, 'in');
  out.line(2, '{');
  out.line(3, 'packages = eachSystem (system: {');
  if (features) out.comment(4, 'Features as chosen in the playground (root features); a member not named there builds with none.');
  for (const m of ws.members) {
    out.line(4, `${nixAttr(m.name)} = member system {`);
    out.binding(5, 'name', nixString(m.name));
    out.binding(5, 'version', nixString(m.version));
    const flags = features ? featureFlags(features.get(m.name) ?? []) : [];
    if (!release || flags.length > 0) {
      out.line(5, 'rust-crane = {');
      if (!release) {
        out.binding(6, 'buildProfile', nixString('dev'));
        out.binding(6, 'testProfile', nixString('dev'));
      }
      if (flags.length > 0) {
        out.list(6, 'buildFlags = ', flags.map(nixString));
        out.list(6, 'testFlags = ', flags.map(nixString));
      }
      out.line(5, '};');
    }
    out.line(4, '};');
  }
  const def = defaultMember(ws);
  if (def) out.binding(4, 'default', `self.packages.\${system}.${nixAttr(def.name)}`);
  out.line(3, '});');
  if (targets.length > 0) {
    out.line();
    out.comment(3, `Not written for dream2nix: packages for ${targets.join(', ')} (its rust-crane module builds for the host only).`);
  }
  out.line(2, '};');
  out.line(0, '}');
  return out.text();
}
