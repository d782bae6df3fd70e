// nixpkgs' own way to package Rust: `rustPlatform.buildRustPackage`, one derivation for the whole
// build, its crates vendored from Cargo.lock (`cargoLock.lockFile`) with a hash for every git
// dependency (`cargoLock.outputHashes`, from the git prefetch). package.nix is written to be
// `pkgs.callPackage`d (the form nixpkgs' manual shows); flake.nix calls it once for the workspace
// and once per member. Neither re-reads the inputs: everything comes from the resolved model.
import { GeneratorError } from '../../core/errors.ts';
import type { GitSourceHash } from '../../model/git-hash.ts';
import type { ResolvedWorkspace } from '../../model/model.ts';
import { NixLines, nixAttr, nixString } from '../nix/nix-text.ts';
import { callPackageArgs, nativeInputsFor, writeNativeInputs } from '../native-inputs.ts';
import type { OutputFile, RenderOptions, Renderer } from '../renderer.ts';
import { planBuilds } from '../workspace-builds.ts';
import { closeEachSystemFlake, notHonoured, openEachSystemFlake, overlaidPkgs } from '../each-system-flake.ts';

/** `cargoLock.outputHashes`: `name-version` of every git package → its repository's prefetched SRI hash, sorted by key. */
export function outputHashes(ws: ResolvedWorkspace, gitHashes: readonly GitSourceHash[] = []): [string, string][] {
  const out = new Map<string, string>();
  for (const c of ws.crates) {
    if (c.source.kind !== 'git') continue;
    const { url, rev } = c.source;
    const found = gitHashes.find((h) => h.url === url && h.rev === rev);
    const crate = `${c.id.name}@${c.id.version}`;
    if (!found) {
      throw new GeneratorError(
        `buildRustPackage needs the hash of the git repository ${url} at commit ${rev} (for ${crate}): it was not prefetched`,
        { file: 'Cargo.lock', crate },
      );
    }
    if (found.sri === undefined) {
      throw new GeneratorError(
        `buildRustPackage needs the hash of the git repository ${url} at commit ${rev} (for ${crate}): ${found.error ?? 'the prefetch gave none'}`,
        { file: 'Cargo.lock', crate },
      );
    }
    out.set(`${c.id.name}-${c.id.version}`, found.sri);
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// importCargoLock fetches only from crates.io unless told another registry's download URL, which
// the lock does not hold: better a clear error than a package.nix that fails in the build.
function checkRegistries(ws: ResolvedWorkspace): void {
  const other = ws.crates.find((c) => c.source.kind === 'registry' && !c.source.cratesIo);
  if (other && other.source.kind === 'registry') {
    const crate = `${other.id.name}@${other.id.version}`;
    throw new GeneratorError(
      `buildRustPackage: ${crate} comes from the registry ${other.source.url}; nixpkgs' importCargoLock needs that registry's download URL in \`cargoLock.extraRegistries\`, which Cargo.lock does not say`,
      { file: 'Cargo.lock', crate },
    );
  }
}

function renderPackageNix(ws: ResolvedWorkspace, options: RenderOptions): string {
  checkRegistries(ws);
  const plan = planBuilds(ws, options.flake);
  const hashes = outputHashes(ws, options.gitHashes);
  const native = nativeInputsFor(ws);
  const out = new NixLines();
  const main = plan.main;
  out.comment(
    0,
    plan.single
      ? `${main.name} ${main.version}, built with nixpkgs' rustPlatform.buildRustPackage. Written by the cargo2nix playground from Cargo.toml and Cargo.lock.`
      : `The ${main.name} workspace, built with nixpkgs' rustPlatform.buildRustPackage in one derivation. Written by the cargo2nix playground from Cargo.toml and Cargo.lock.`,
  );
  out.comment(0, 'Use it from nixpkgs or a flake: `pkgs.callPackage ./package.nix { }`.');
  if (!plan.single) {
    const other = plan.packages.find((p) => p !== main) ?? main;
    out.comment(0, `Only some members: \`pkgs.callPackage ./package.nix { members = [ ${nixString(other.name)} ]; }\`.`);
  }
  out.line(0, '{');
  for (const a of ['lib', 'rustPlatform', ...callPackageArgs(native)]) out.line(1, `${a},`);
  if (!plan.single)
    out.list(
      1,
      'members ? ',
      plan.packages.map((p) => nixString(p.name)),
      ',',
    );
  out.line(0, '}:');
  out.line();
  if (!plan.single) {
    out.line(0, 'let');
    out.line(1, 'versions = {');
    for (const p of ws.members) out.line(2, `${nixAttr(p.name)} = ${nixString(p.version)};`);
    out.line(1, '};');
    out.line(1, 'one = builtins.length members == 1;');
    out.comment(1, '`-p` per member: cargo builds and tests these members and what they depend on.');
    out.line(1, 'packageFlags = lib.concatMap (m: [');
    out.line(2, '"-p"');
    out.line(2, 'm');
    out.line(1, ']) members;');
    out.line(0, 'in');
  }
  out.line(0, 'rustPlatform.buildRustPackage {');
  if (plan.single) {
    out.line(1, `pname = ${nixString(main.name)};`);
    out.line(1, `version = ${nixString(main.version)};`);
  } else {
    out.line(1, `pname = if one then builtins.head members else ${nixString(main.name)};`);
    out.line(1, `version = if one then versions.\${builtins.head members} else ${nixString(main.version)};`);
  }
  out.line();
  out.line(1, 'src = lib.cleanSource ./.;');
  out.line();
  out.line(1, 'cargoLock = {');
  out.line(2, 'lockFile = ./Cargo.lock;');
  if (hashes.length > 0) {
    out.comment(2, 'One per git package: the Nix hash of its repository at the locked commit (prefetched).');
    out.line(2, 'outputHashes = {');
    for (const [k, v] of hashes) out.line(3, `${nixString(k)} = ${nixString(v)};`);
    out.line(2, '};');
  }
  out.line(1, '};');
  if (!plan.single) {
    out.line();
    out.line(1, 'cargoBuildFlags = packageFlags;');
    out.line(1, 'cargoTestFlags = packageFlags;');
  }
  if (plan.rootFeatures.length > 0) {
    out.line();
    if (plan.single) out.list(1, 'buildFeatures = ', main.features.map(nixString));
    else {
      out.comment(1, 'The root features of the members being built.');
      out.list(1, 'buildFeatures = builtins.filter (f: builtins.any (m: lib.hasPrefix "${m}/" f) members) ', plan.rootFeatures.map(nixString));
    }
  }
  if (!plan.release) out.line(1, 'buildType = "debug";');
  const nativeStart = out.lines.length;
  out.line();
  writeNativeInputs(out, 1, native, { prefix: '' });
  if (out.lines.length === nativeStart + 1) out.lines.pop();
  out.line(0, '}');
  return out.text();
}

function renderFlake(ws: ResolvedWorkspace, options: RenderOptions): string {
  const plan = planBuilds(ws, options.flake);
  const overlay = plan.rustVersion !== undefined;
  const out = new NixLines();
  openEachSystemFlake(out, {
    header: [
      `Written by the cargo2nix playground: \`nix build\` builds ${plan.single ? plan.main.name : 'the workspace'} with nixpkgs' buildRustPackage (package.nix).`,
      'Commit it with package.nix, Cargo.toml and Cargo.lock: a flake only sees files git tracks.',
    ],
    description: `${plan.main.name}, built with nixpkgs' buildRustPackage`,
    inputs: [
      { name: 'nixpkgs', url: 'github:NixOS/nixpkgs/nixpkgs-unstable' },
      { name: 'flake-utils', url: 'github:numtide/flake-utils' },
    ],
    rustOverlay: overlay,
    ellipsis: false,
  });
  if (overlay) {
    overlaidPkgs(out, 4);
    out.comment(4, `Rust ${plan.rustVersion}, as asked: nixpkgs' makeRustPlatform over rust-overlay's toolchain.`);
    out.line(4, `toolchain = pkgs.rust-bin.stable.${nixString(plan.rustVersion!)}.default;`);
    out.line(4, 'rustPlatform = pkgs.makeRustPlatform {');
    out.line(5, 'cargo = toolchain;');
    out.line(5, 'rustc = toolchain;');
    out.line(4, '};');
  } else out.line(4, 'pkgs = nixpkgs.legacyPackages.${system};');
  notHonoured(out, 4, plan, 'use pkgsCross.<platform>.callPackage ./package.nix { }');
  const call = (args: string) => `pkgs.callPackage ./package.nix { ${overlay ? `inherit rustPlatform; ${args}` : args}}`;
  out.line(3, 'in');
  out.line(3, '{');
  out.line(4, 'packages = {');
  if (plan.single) {
    out.binding(5, nixAttr(plan.main.name), call(''));
    if (plan.main.name !== 'default') out.binding(5, 'default', `self.packages.\${system}.${nixAttr(plan.main.name)}`);
  } else {
    for (const p of plan.packages) out.binding(5, nixAttr(p.name), call(`members = [ ${nixString(p.name)} ]; `));
    if (!plan.packages.some((p) => p.name === 'default')) {
      out.comment(5, 'Every member above in one build.');
      out.binding(5, 'default', call(''));
    }
  }
  out.line(4, '};');
  out.line();
  out.comment(4, '`nix develop`: cargo, rustc and the native inputs of the build.');
  out.line(4, 'devShells.default = pkgs.mkShell {');
  out.line(5, 'inputsFrom = [ self.packages.${system}.default ];');
  out.line(4, '};');
  return closeEachSystemFlake(out);
}

export function renderBuildRustPackage(ws: ResolvedWorkspace, options: RenderOptions): { flake: string; packageNix: string } {
  return { flake: renderFlake(ws, options), packageNix: renderPackageNix(ws, options) };
}

export const brpFlakeRenderer: Renderer = {
  id: 'buildRustPackage/flake.nix',
  backend: 'buildRustPackage',
  label: 'flake.nix',
  files: (model, options): OutputFile[] => [{ path: 'flake.nix', text: renderFlake(model, options), language: 'nix' }],
};

export const brpPackageRenderer: Renderer = {
  id: 'buildRustPackage/package.nix',
  backend: 'buildRustPackage',
  label: 'package.nix',
  files: (model, options): OutputFile[] => [{ path: 'package.nix', text: renderPackageNix(model, options), language: 'nix' }],
};
