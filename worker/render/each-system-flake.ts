// The part the whole-workspace backends' flakes (buildRustPackage, crane, naersk) share: the head
// comments, the inputs (rust-overlay only when a Rust release is asked for), the outputs' argument
// set and flake-utils' per-system `let`, plus the note on what a flake does not honour.
import { NixLines, nixAttr, nixString } from './nix/nix-text.ts';
import type { WorkspaceBuilds } from './workspace-builds.ts';

export interface FlakeInput {
  readonly name: string;
  readonly url: string;
  /** Written as `inputs.nixpkgs.follows = "nixpkgs"` (one nixpkgs for the whole flake). */
  readonly followsNixpkgs?: boolean;
}

export interface FlakeHead {
  /** Comment lines above the flake. */
  readonly header: readonly string[];
  readonly description: string;
  /** In the order written; the outputs' arguments follow it, after `self`. */
  readonly inputs: readonly FlakeInput[];
  /** Adds rust-overlay (following nixpkgs) to the inputs. */
  readonly rustOverlay: boolean;
  /** Ends the outputs' argument set with `...`. */
  readonly ellipsis: boolean;
}

function input(out: NixLines, i: FlakeInput): void {
  if (!i.followsNixpkgs) {
    out.line(2, `${i.name}.url = ${nixString(i.url)};`);
    return;
  }
  out.line(2, `${i.name} = {`);
  out.line(3, `url = ${nixString(i.url)};`);
  out.line(3, 'inputs.nixpkgs.follows = "nixpkgs";');
  out.line(2, '};');
}

/** Writes everything up to and including flake-utils' `let` (bindings then go at depth 4). */
export function openEachSystemFlake(out: NixLines, head: FlakeHead): void {
  for (const c of head.header) out.comment(0, c);
  out.line(0, '{');
  out.line(1, `description = ${nixString(head.description)};`);
  out.line();
  const inputs = [...head.inputs, ...(head.rustOverlay ? [{ name: 'rust-overlay', url: 'github:oxalica/rust-overlay', followsNixpkgs: true }] : [])];
  out.line(1, 'inputs = {');
  for (const i of inputs) input(out, i);
  out.line(1, '};');
  out.line();
  out.line(1, 'outputs =');
  out.line(2, '{');
  for (const name of ['self', ...inputs.map((i) => i.name)]) out.line(3, `${name},`);
  if (head.ellipsis) out.line(3, '...');
  out.line(2, '}:');
  out.line(2, 'flake-utils.lib.eachDefaultSystem (');
  out.line(3, 'system:');
  out.line(3, 'let');
}

/**
 * Ends the per-system `let` whose `members` attribute set holds one package per member, and opens
 * its result with `packages` (members plus `default`). Returns the main package's expression.
 */
export function membersAsPackages(out: NixLines, plan: WorkspaceBuilds): string {
  out.line(3, 'in');
  out.line(3, '{');
  const main = `members.${nixAttr(plan.main.name)}`;
  if (plan.packages.some((p) => p.name === 'default')) out.line(4, 'packages = members;');
  else out.line(4, `packages = members // { default = ${main}; };`);
  return main;
}

/** Closes what {@link openEachSystemFlake} opened, after the per-system result's attributes. */
export function closeEachSystemFlake(out: NixLines): string {
  out.line(3, '}');
  out.line(2, ');');
  out.line(0, '}');
  return out.text();
}

/** `pkgs` with rust-overlay applied. */
export function overlaidPkgs(out: NixLines, depth: number): void {
  out.line(depth, 'pkgs = import nixpkgs {');
  out.line(depth + 1, 'inherit system;');
  out.line(depth + 1, 'overlays = [ (import rust-overlay) ];');
  out.line(depth, '};');
}

/** What the flake leaves to nixpkgs or does not build, as comments; `crossHint` says how the tool cross-compiles. */
export function notHonoured(out: NixLines, depth: number, plan: WorkspaceBuilds, crossHint: string): void {
  if (plan.rustVersion === undefined && plan.workspaceRustVersion !== undefined) {
    out.comment(depth, `The workspace needs Rust ${plan.workspaceRustVersion} or newer: nixpkgs-unstable's rustc is newer.`);
  }
  if (plan.extraTargets.length > 0) out.comment(depth, `Not built here: the extra targets ${plan.extraTargets.join(', ')} (${crossHint}).`);
}
