// What the whole-workspace backends (buildRustPackage, crane, naersk) build, decided once from the
// resolved model and the user's options: one package per member that has binaries (every member
// when none has), the default one, root features per member, release or dev profile, and the
// Rust toolchain when the user picked one. Each renderer lays this out in its tool's idiom.
import { GeneratorError } from '../core/errors.ts';
import type { ResolvedWorkspace, WorkspaceMember } from '../model/model.ts';
import { RUST_RELEASES } from './cargo2nix/flake-catalogue.ts';
import { normaliseRustVersion, type FlakeOptions } from './cargo2nix/flake-options.ts';

export interface MemberBuild {
  readonly name: string;
  readonly version: string;
  readonly binNames: readonly string[];
  /** Root features asked for this member (feature names, no `member/`), in the order given. */
  readonly features: readonly string[];
}

export interface WorkspaceBuilds {
  /** The workspace has exactly one member: no `-p` needed anywhere. */
  readonly single: boolean;
  /** Member packages the flake offers, in cargo's member order. */
  readonly packages: readonly MemberBuild[];
  /** The member `packages.default` builds: the root package, else the first with binaries, else the first. */
  readonly main: MemberBuild;
  /** Every member's root features as `member/feature` (cargo's `--features` spelling), in the order given. */
  readonly rootFeatures: readonly string[];
  readonly release: boolean;
  /** A Rust release the user chose (`1.80.0`); undefined keeps the tool's default toolchain from nixpkgs. */
  readonly rustVersion: string | undefined;
  /** The newest `rust-version` among the members, for a comment when nixpkgs' toolchain is used. */
  readonly workspaceRustVersion: string | undefined;
  /** Extra target triples asked for, which these renderers do not build (said in a comment). */
  readonly extraTargets: readonly string[];
}

function memberBuild(m: WorkspaceMember, features: readonly string[]): MemberBuild {
  return { name: m.name, version: m.version, binNames: m.binNames, features };
}

/** `member/feature` for cargo; a bare `member` asks for its default features, which cargo builds anyway. */
function checkedFeatures(ws: ResolvedWorkspace, rootFeatures: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rf of rootFeatures) {
    const slash = rf.indexOf('/');
    const member = slash < 0 ? rf : rf.slice(0, slash);
    const m = ws.members.find((x) => x.name === member);
    if (!m) throw new GeneratorError(`root feature \`${rf}\`: no workspace member is named \`${member}\``);
    if (slash < 0) continue;
    const feature = rf.slice(slash + 1);
    if (feature !== 'default' && !m.features.includes(feature))
      throw new GeneratorError(`root feature \`${rf}\`: \`${member}\` has no feature \`${feature}\``);
    const list = out.get(member) ?? [];
    if (!list.includes(feature)) list.push(feature);
    out.set(member, list);
  }
  return out;
}

function checkedRustVersion(asked: string | undefined): string | undefined {
  if (asked === undefined || asked === '') return undefined;
  const v = normaliseRustVersion(asked);
  if (v === undefined) throw new GeneratorError(`Rust version \`${asked}\` is not of the form 1.75 or 1.75.0`);
  if (!RUST_RELEASES.includes(v)) {
    throw new GeneratorError(
      `Rust ${v} is not a stable release rust-overlay is known to have (${RUST_RELEASES[0]} to ${RUST_RELEASES[RUST_RELEASES.length - 1]})`,
    );
  }
  return v;
}

function newestRustVersion(ws: ResolvedWorkspace): string | undefined {
  const vs = ws.members.map((m) => (m.rustVersion === undefined ? undefined : normaliseRustVersion(m.rustVersion))).filter((v) => v !== undefined);
  const key = (v: string) => v.split('.').map(Number);
  return vs.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  })[vs.length - 1];
}

export function planBuilds(ws: ResolvedWorkspace, options: FlakeOptions): WorkspaceBuilds {
  if (ws.members.length === 0) throw new GeneratorError('the workspace has no members');
  const features = checkedFeatures(ws, options.rootFeatures ?? []);
  const builds = ws.members.map((m) => memberBuild(m, features.get(m.name) ?? []));
  const withBins = builds.filter((b) => b.binNames.length > 0);
  const packages = withBins.length > 0 ? withBins : builds;
  const root = ws.rootPackage === undefined ? undefined : builds.find((b) => b.name === ws.rootPackage);
  const main = root && packages.includes(root) ? root : packages[0]!;
  return {
    single: ws.members.length === 1,
    packages,
    main,
    rootFeatures: builds.flatMap((b) => b.features.map((f) => `${b.name}/${f}`)),
    release: options.release ?? true,
    rustVersion: checkedRustVersion(options.rustVersion),
    workspaceRustVersion: newestRustVersion(ws),
    extraTargets: [...new Set(options.extraTargets ?? [])],
  };
}

/** cargo's arguments selecting one member and its root features (`-p app --features app/tls`), for a member build. */
export function memberCargoArgs(plan: WorkspaceBuilds, m: MemberBuild): string[] {
  const args = plan.single ? [] : ['-p', m.name];
  if (m.features.length > 0) args.push('--features', m.features.map((f) => (plan.single ? f : `${m.name}/${f}`)).join(','));
  return args;
}
