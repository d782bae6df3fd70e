// naersk's flake, laid out as its README and examples do (`pkgs.callPackage naersk { }`, then
// `naersk'.buildPackage { src = ./.; }`), one buildPackage per member: naersk builds the
// dependencies in a first derivation and the member in a second, selected with `-p` added to its
// default cargo options (naersk takes options as functions of its defaults). naersk reads
// Cargo.lock itself and fetches git dependencies with builtins.fetchGit, so no hashes are needed.
import type { ResolvedWorkspace } from '../../model/model.ts';
import { NixLines, nixAttr, nixString } from '../nix/nix-text.ts';
import { nativeInputsFor, writeNativeInputs } from '../native-inputs.ts';
import type { OutputFile, RenderOptions, Renderer } from '../renderer.ts';
import { memberCargoArgs, planBuilds } from '../workspace-builds.ts';
import { closeEachSystemFlake, membersAsPackages, notHonoured, openEachSystemFlake, overlaidPkgs } from '../each-system-flake.ts';

const nixList = (items: readonly string[]) => (items.length === 0 ? '[ ]' : `[ ${items.join(' ')} ]`);

export function renderNaerskFlake(ws: ResolvedWorkspace, options: RenderOptions): string {
  const plan = planBuilds(ws, options.flake);
  const native = nativeInputsFor(ws);
  const overlay = plan.rustVersion !== undefined;
  const out = new NixLines();
  openEachSystemFlake(out, {
    header: [
      `Written by the cargo2nix playground: \`nix build\` builds ${plan.main.name} with naersk.`,
      'Commit it with Cargo.toml and Cargo.lock: a flake only sees files git tracks.',
    ],
    description: `${plan.main.name}, built with naersk`,
    inputs: [
      { name: 'flake-utils', url: 'github:numtide/flake-utils' },
      { name: 'naersk', url: 'github:nix-community/naersk', followsNixpkgs: true },
      { name: 'nixpkgs', url: 'github:NixOS/nixpkgs/nixpkgs-unstable' },
    ],
    rustOverlay: overlay,
    ellipsis: true,
  });
  const d = 4;
  if (overlay) {
    overlaidPkgs(out, d);
    out.comment(d, `Rust ${plan.rustVersion}, as asked.`);
    out.line(d, `toolchain = pkgs.rust-bin.stable.${nixString(plan.rustVersion!)}.default;`);
    out.line(d, "naersk' = pkgs.callPackage naersk {");
    out.line(d + 1, 'cargo = toolchain;');
    out.line(d + 1, 'rustc = toolchain;');
    out.line(d, '};');
  } else {
    out.line(d, 'pkgs = import nixpkgs { inherit system; };');
    out.line(d, "naersk' = pkgs.callPackage naersk { };");
  }
  notHonoured(out, d, plan, "naersk's cross examples show how: a toolchain with the target and CARGO_BUILD_TARGET");
  out.line();
  out.comment(d, 'What every build below shares.');
  out.line(d, 'common = {');
  out.line(d + 1, 'src = ./.;');
  if (!plan.release) out.line(d + 1, 'release = false;');
  writeNativeInputs(out, d + 1, native, { prefix: 'pkgs.' });
  out.line(d, '};');
  out.line();
  out.line(d, 'members = {');
  for (const p of plan.packages) {
    const args = memberCargoArgs(plan, p).map(nixString);
    out.line(d + 1, `${nixAttr(p.name)} = naersk'.buildPackage (`);
    out.line(d + 2, 'common');
    out.line(d + 2, '// {');
    out.line(d + 3, `name = ${nixString(p.name)};`);
    out.line(d + 3, `version = ${nixString(p.version)};`);
    if (args.length > 0) {
      out.line(d + 3, `cargoBuildOptions = options: options ++ ${nixList(args)};`);
      out.line(d + 3, `cargoTestOptions = options: options ++ ${nixList(args)};`);
    }
    out.line(d + 2, '}');
    out.line(d + 1, ');');
  }
  out.line(d, '};');
  const main = membersAsPackages(out, plan);
  out.line();
  out.comment(4, "`nix flake check`: clippy and the tests, in naersk's check modes.");
  out.line(4, 'checks = {');
  out.line(5, 'clippy = naersk\'.buildPackage (common // { mode = "clippy"; });');
  out.line(5, 'test = naersk\'.buildPackage (common // { mode = "test"; });');
  out.line(4, '};');
  out.line();
  out.comment(4, '`nix develop`: cargo, rustc and the native inputs.');
  out.line(4, 'devShells.default = pkgs.mkShell {');
  out.line(5, `inputsFrom = [ ${main} ];`);
  out.list(5, 'nativeBuildInputs = ', overlay ? ['toolchain'] : ['pkgs.cargo', 'pkgs.rustc']);
  out.line(4, '};');
  return closeEachSystemFlake(out);
}

export const naerskFlakeRenderer: Renderer = {
  id: 'naersk/flake.nix',
  backend: 'naersk',
  label: 'flake.nix',
  files: (model, options): OutputFile[] => [{ path: 'flake.nix', text: renderNaerskFlake(model, options), language: 'nix' }],
};
