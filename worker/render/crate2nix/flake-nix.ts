// crate2nix's flake.nix: the way crate2nix's documentation recommends today ("Generating Cargo.nix
// via IFD"): its `tools.${system}.generatedCargoNix` runs `crate2nix generate` inside a derivation
// at evaluation time, and the result is called with `pkgs.callPackage`, so Cargo.nix never goes
// stale. System libraries reach the crates that bind them through `defaultCrateOverrides`
// (nixpkgs' own table, extended per crate: an override nixpkgs already has is kept and added to).
import type { ResolvedWorkspace, WorkspaceMember } from '../../model/model.ts';
import { nixAttr, NixLines, nixString } from '../nix/nix-text.ts';
import type { RenderOptions } from '../renderer.ts';
import { perCrateInputs, type CrateInputs } from './per-crate-inputs.ts';

/** The systems crate2nix's flake builds its tools for (its `flake.nix` `systems`). */
export const CRATE2NIX_SYSTEMS = ['x86_64-linux', 'aarch64-linux', 'x86_64-darwin', 'aarch64-darwin'] as const;

/** A name Nix accepts in a store path (generatedCargoNix uses it in its derivation name). */
export function storeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9+\-._?=]/g, '-').replace(/^\.+/, '');
  return cleaned === '' ? 'workspace' : cleaned;
}

/** The workspace's name for descriptions: the root package, else the first member. */
export function projectName(ws: ResolvedWorkspace): string {
  return ws.rootPackage ?? ws.members[0]?.name ?? 'workspace';
}

/**
 * Features per member from `member/feature` root features (a bare `member` means its default
 * features), or undefined when none were given (each member then builds with its defaults).
 * A member the list does not name builds with no features, as in cargo2nix's rootFeatures.
 */
export function memberFeatures(ws: ResolvedWorkspace, rootFeatures: readonly string[] | undefined): Map<string, string[]> | undefined {
  if (rootFeatures === undefined || rootFeatures.length === 0) return undefined;
  const out = new Map<string, string[]>(ws.members.map((m) => [m.name, []]));
  for (const entry of rootFeatures) {
    const slash = entry.indexOf('/');
    const member = slash < 0 ? entry : entry.slice(0, slash);
    const feature = slash < 0 ? 'default' : entry.slice(slash + 1);
    const list = out.get(member);
    if (list && !list.includes(feature)) list.push(feature);
  }
  return out;
}

/** The member `nix build` builds by default: the root package, the only member, else none (all of them). */
function defaultMember(ws: ResolvedWorkspace): WorkspaceMember | undefined {
  if (ws.rootPackage !== undefined) return ws.members.find((m) => m.name === ws.rootPackage);
  return ws.members.length === 1 ? ws.members[0] : undefined;
}

const pkgsPath = (path: string) => `pkgs.${path}`;

/** The override for one crate: nixpkgs' own override (if any) with these inputs added. */
export function writeOverride(out: NixLines, depth: number, inputs: CrateInputs): void {
  for (const why of inputs.why) out.comment(depth, `${why}.`);
  out.line(depth, `${nixAttr(inputs.crate)} = extend ${nixString(inputs.crate)} {`);
  if (inputs.nativeBuildInputs.length > 0) out.list(depth + 1, 'nativeBuildInputs = ', inputs.nativeBuildInputs.map(pkgsPath));
  if (inputs.buildInputs.length > 0) out.list(depth + 1, 'buildInputs = ', inputs.buildInputs.map(pkgsPath));
  for (const e of inputs.env) out.binding(depth + 1, e.name, e.value);
  out.line(depth, '};');
}

function memberBuild(m: WorkspaceMember, features: Map<string, string[]> | undefined, extra: string[] = []): string {
  const attrs = [
    ...(features ? [`features = [ ${features.get(m.name)!.map(nixString).join(' ')}${features.get(m.name)!.length ? ' ' : ''}];`] : []),
    ...extra,
  ];
  const build = `cargoNix.workspaceMembers.${nixAttr(m.name)}.build`;
  return attrs.length === 0 ? build : `${build}.override { ${attrs.join(' ')} }`;
}

export function crate2nixFlake(ws: ResolvedWorkspace, options: RenderOptions): string {
  const name = projectName(ws);
  const native = perCrateInputs(ws);
  const needs = native.crates;
  const features = memberFeatures(ws, options.flake.rootFeatures);
  const release = options.flake.release !== false;
  const targets = options.flake.extraTargets ?? [];
  const out = new NixLines();

  out.comment(0, `Builds ${name} with crate2nix (https://github.com/nix-community/crate2nix), written by the cargo2nix playground.`);
  out.comment(
    0,
    "crate2nix's tools generate Cargo.nix from Cargo.toml, Cargo.lock and crate-hashes.json while this flake is evaluated (import from derivation), so it always matches the lock. To commit a Cargo.nix instead, see crate2nix-generate.md.",
  );
  out.line(0, '{');
  out.binding(1, 'description', nixString(`${name}, built with crate2nix`));
  out.line();
  out.line(1, 'inputs = {');
  out.binding(2, 'nixpkgs.url', nixString('github:NixOS/nixpkgs/nixpkgs-unstable'));
  out.binding(2, 'crate2nix.url', nixString('github:nix-community/crate2nix'));
  out.line(1, '};');
  out.line();
  out.line(1, 'outputs =');
  out.line(2, '{ self, nixpkgs, crate2nix }:');
  out.line(2, 'let');
  out.comment(3, 'The systems crate2nix provides its tools for.');
  out.list(3, 'systems = ', CRATE2NIX_SYSTEMS.map(nixString));
  out.line(3, 'forEachSystem = f: nixpkgs.lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});');
  out.line();
  out.line(3, 'cargoNixFor =');
  out.line(4, 'system: pkgs:');
  out.line(4, 'let');
  out.line(5, 'generated = crate2nix.tools.${system}.generatedCargoNix {');
  out.binding(6, 'name', nixString(storeName(name)));
  out.binding(6, 'src', './.');
  out.line(5, '};');
  if (needs.length > 0) {
    out.comment(5, "nixpkgs' own override for a crate (when it has one), with more inputs added.");
    out.line(5, 'extend =');
    out.line(6, 'name: more: attrs:');
    out.line(6, 'let');
    out.line(7, 'stock = (pkgs.defaultCrateOverrides.${name} or (_: { })) attrs;');
    out.line(6, 'in');
    out.line(6, 'stock');
    out.line(6, '// more');
    out.line(6, '// {');
    out.line(7, 'nativeBuildInputs = (stock.nativeBuildInputs or [ ]) ++ (more.nativeBuildInputs or [ ]);');
    out.line(7, 'buildInputs = (stock.buildInputs or [ ]) ++ (more.buildInputs or [ ]);');
    out.line(6, '};');
  }
  out.line(4, 'in');
  if (needs.length === 0 && native.unknown.length === 0 && release) out.line(4, 'pkgs.callPackage generated { };');
  else {
    out.line(4, 'pkgs.callPackage generated {');
    if (!release) {
      out.comment(5, 'Debug builds (the dev profile).');
      out.binding(5, 'release', 'false');
    }
    for (const u of native.unknown) {
      out.comment(
        5,
        `${u.crate}${u.links ? ` (links = "${u.links}")` : ''} binds a system library the playground does not know: add an override for it here if its build needs one.`,
      );
    }
    if (needs.length > 0) {
      out.comment(5, 'System libraries for the crates that bind them (buildRustCrate calls these by crate name).');
      out.line(5, 'defaultCrateOverrides = pkgs.defaultCrateOverrides // {');
      for (const n of needs) writeOverride(out, 6, n);
      out.line(5, '};');
    }
    out.line(4, '};');
  }
  out.line(2, 'in');
  out.line(2, '{');
  out.line(3, 'packages = forEachSystem (');
  out.line(4, 'system: pkgs:');
  out.line(4, 'let');
  out.line(5, 'cargoNix = cargoNixFor system pkgs;');
  out.line(4, 'in');
  out.line(4, '{');
  if (features) out.comment(5, 'Features as chosen in the playground (root features); a member not named there builds with none.');
  for (const m of ws.members) out.binding(5, nixAttr(m.name), memberBuild(m, features));
  const def = defaultMember(ws);
  if (def) out.binding(5, 'default', `self.packages.\${system}.${nixAttr(def.name)}`);
  else {
    out.comment(5, 'Every member, linked together.');
    out.binding(5, 'default', 'cargoNix.allWorkspaceMembers');
  }
  out.line(4, '}');
  out.line(3, ');');
  out.line();
  out.comment(3, "Each member's tests (crate2nix's runTests).");
  out.line(3, 'checks = forEachSystem (');
  out.line(4, 'system: pkgs:');
  out.line(4, 'let');
  out.line(5, 'cargoNix = cargoNixFor system pkgs;');
  out.line(4, 'in');
  out.line(4, '{');
  for (const m of ws.members) out.binding(5, nixAttr(`${m.name}-tests`), memberBuild(m, features, ['runTests = true;']));
  out.line(4, '}');
  out.line(3, ');');
  if (targets.length > 0) {
    out.line();
    out.comment(
      3,
      `Not written for crate2nix: packages for ${targets.join(', ')}. crate2nix cross-compiles when Cargo.nix is called from a cross package set, e.g. \`pkgs.pkgsCross.musl64.callPackage generated { }\`.`,
    );
  }
  out.line(2, '};');
  out.line(0, '}');
  return out.text();
}
