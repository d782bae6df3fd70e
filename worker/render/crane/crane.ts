// crane's flake, laid out the way its quick-start templates do: `craneLib.buildDepsOnly` builds
// every dependency once (`cargoArtifacts`), each member's `craneLib.buildPackage` reuses it, and
// `checks` runs clippy, the tests (cargo-nextest) and rustfmt against the same artifacts. Members
// are selected with `cargoExtraArgs = "-p …"`; native inputs go on the shared arguments so the
// dependency build gets them too. A chosen Rust release comes from rust-overlay.
import type { ResolvedWorkspace } from '../../model/model.ts';
import { NixLines, nixAttr, nixString } from '../nix/nix-text.ts';
import { nativeInputsFor, writeNativeInputs } from '../native-inputs.ts';
import type { OutputFile, RenderOptions, Renderer } from '../renderer.ts';
import { memberCargoArgs, planBuilds } from '../workspace-builds.ts';
import { closeEachSystemFlake, membersAsPackages, notHonoured, openEachSystemFlake, overlaidPkgs } from '../each-system-flake.ts';

export function renderCraneFlake(ws: ResolvedWorkspace, options: RenderOptions): string {
  const plan = planBuilds(ws, options.flake);
  const native = nativeInputsFor(ws);
  const overlay = plan.rustVersion !== undefined;
  const out = new NixLines();
  openEachSystemFlake(out, {
    header: [
      `Written by the cargo2nix playground: \`nix build\` builds ${plan.main.name} with crane, \`nix flake check\` runs clippy, the tests and rustfmt.`,
      'Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.',
    ],
    description: `${plan.main.name}, built with crane`,
    inputs: [
      { name: 'nixpkgs', url: 'github:NixOS/nixpkgs/nixpkgs-unstable' },
      { name: 'crane', url: 'github:ipetkov/crane' },
      { name: 'flake-utils', url: 'github:numtide/flake-utils' },
    ],
    rustOverlay: overlay,
    ellipsis: true,
  });
  const d = 4;
  if (overlay) {
    overlaidPkgs(out, d);
    out.comment(d, `Rust ${plan.rustVersion}, as asked, for crane only (the rest of pkgs keeps nixpkgs' rustc).`);
    out.line(d, `craneLib = (crane.mkLib pkgs).overrideToolchain (p: p.rust-bin.stable.${nixString(plan.rustVersion!)}.default);`);
  } else {
    out.line(d, 'pkgs = nixpkgs.legacyPackages.${system};');
    out.line(d, 'craneLib = crane.mkLib pkgs;');
  }
  notHonoured(out, d, plan, "crane's cross-rust-overlay example shows how: a toolchain with the target and a pkgsCross set");
  out.comment(d, 'Only Rust and Cargo files: add what else the build reads (templates, assets) with lib.fileset.');
  out.line(d, 'src = craneLib.cleanCargoSource ./.;');
  out.line();
  out.comment(d, 'What every build below shares, the dependency build included.');
  out.line(d, 'commonArgs = {');
  out.line(d + 1, 'inherit src;');
  out.line(d + 1, 'strictDeps = true;');
  out.line(d + 1, `pname = ${nixString(plan.main.name)};`);
  out.line(d + 1, `version = ${nixString(plan.main.version)};`);
  if (plan.rootFeatures.length > 0) out.line(d + 1, `cargoExtraArgs = ${nixString(`--locked --features ${plan.rootFeatures.join(',')}`)};`);
  if (!plan.release) out.line(d + 1, 'CARGO_PROFILE = "dev";');
  writeNativeInputs(out, d + 1, native, { prefix: 'pkgs.' });
  out.line(d, '};');
  out.line();
  out.comment(d, 'Every dependency of the workspace, built once and reused by each build below.');
  out.line(d, 'cargoArtifacts = craneLib.buildDepsOnly commonArgs;');
  out.line();
  out.comment(d, plan.single ? 'The package.' : 'One package per member; the tests run once, in checks.workspace-nextest.');
  out.line(d, 'members = {');
  for (const p of plan.packages) {
    out.line(d + 1, `${nixAttr(p.name)} = craneLib.buildPackage (`);
    out.line(d + 2, 'commonArgs');
    out.line(d + 2, '// {');
    out.line(d + 3, 'inherit cargoArtifacts;');
    if (!plan.single) {
      out.line(d + 3, `pname = ${nixString(p.name)};`);
      out.line(d + 3, `version = ${nixString(p.version)};`);
      out.line(d + 3, `cargoExtraArgs = ${nixString(['--locked', ...memberCargoArgs(plan, p)].join(' '))};`);
      out.line(d + 3, 'doCheck = false;');
    }
    out.line(d + 2, '}');
    out.line(d + 1, ');');
  }
  out.line(d, '};');
  membersAsPackages(out, plan);
  out.line();
  out.comment(4, '`nix flake check`: every package, clippy, the tests and rustfmt.');
  out.line(4, 'checks = members // {');
  out.line(5, 'workspace-clippy = craneLib.cargoClippy (');
  out.line(6, 'commonArgs');
  out.line(6, '// {');
  out.line(7, 'inherit cargoArtifacts;');
  out.line(7, 'cargoClippyExtraArgs = "--all-targets -- --deny warnings";');
  out.line(6, '}');
  out.line(5, ');');
  out.line(5, 'workspace-nextest = craneLib.cargoNextest (');
  out.line(6, 'commonArgs');
  out.line(6, '// {');
  out.line(7, 'inherit cargoArtifacts;');
  out.line(7, 'cargoNextestExtraArgs = "--no-tests=pass";');
  out.line(6, '}');
  out.line(5, ');');
  out.line(5, 'workspace-fmt = craneLib.cargoFmt { inherit src; };');
  out.line(4, '};');
  out.line();
  out.comment(4, '`nix develop`: the toolchain and the inputs of the checks.');
  out.line(4, 'devShells.default = craneLib.devShell {');
  out.line(5, 'checks = self.checks.${system};');
  out.line(4, '};');
  return closeEachSystemFlake(out);
}

export const craneFlakeRenderer: Renderer = {
  id: 'crane/flake.nix',
  backend: 'crane',
  label: 'flake.nix',
  files: (model, options): OutputFile[] => [{ path: 'flake.nix', text: renderCraneFlake(model, options), language: 'nix' }],
};
