// The flake's choices: the user's options checked against the catalogue of
// what works together (flake-catalogue.ts) and against the workspace, plus
// what follows from the workspace itself (Rust version from `rust-version`,
// the default package, apps, system-library overrides). flake-nix.ts only
// lays out what is decided here.
import { compareVersions } from '../../core/version.ts';
import type { ResolvedWorkspace, WorkspaceMember } from '../../model/model.ts';
import { sysOverridesFor } from '../sys-overrides.ts';
import {
  DEFAULT_CARGO2NIX_REF,
  DEFAULT_RUST_VERSION,
  EXTRA_TARGETS,
  REFUSED_REFS,
  cargo2nixRef,
  extraTarget,
  offeredRefs,
  offeredRustVersions,
  rustOverlayFor,
  type Cargo2nixRef,
  type ExtraTarget,
  type RustOverlayRevision,
} from './flake-catalogue.ts';

export interface FlakeOptions {
  /** Branch or tag of github:cargo2nix/cargo2nix; one of the catalogue's refs. */
  readonly cargo2nixRef?: string;
  /** Rust toolchain version; by default the oldest offered one the workspace's `rust-version` allows, else {@link DEFAULT_RUST_VERSION}. */
  readonly rustVersion?: string;
  /** Rust target triples to cross-compile every member for (see {@link EXTRA_TARGETS}). */
  readonly extraTargets?: readonly string[];
  /** makePackageSet's `rootFeatures` (`member/feature` or `member`); undefined keeps Cargo.nix's default. */
  readonly rootFeatures?: readonly string[];
  /** false builds with the dev profile (makePackageSet's `release = false`). */
  readonly release?: boolean;
  /**
   * Which rust-overlay cargo2nix uses: 'auto' follows the catalogue's newer one
   * only when the Rust version needs it, 'pinned' never, 'latest' always.
   */
  readonly rustOverlay?: 'auto' | 'pinned' | 'latest';
}

export class FlakeOptionError extends Error {}

export type RustVersionSource = 'option' | 'rust-version' | 'default';

/** What the flake will say, for laying it out and for showing beside the file. */
export interface FlakeChoices {
  readonly cargo2nix: Cargo2nixRef;
  readonly rustVersion: string;
  readonly rustVersionSource: RustVersionSource;
  /** The newest `rust-version` among the members, when there is one. */
  readonly workspaceRustVersion: string | undefined;
  /** Not given as an option, and newer than `rust-version` or the default because an extra target needs it. */
  readonly rustVersionRaisedForTargets: boolean;
  readonly rustOverlay: RustOverlayRevision;
  /** The flake adds a rust-overlay input for cargo2nix to follow (another than cargo2nix pins). */
  readonly followNewerRustOverlay: boolean;
  readonly defaultPackage: string;
  readonly extraTargets: readonly ExtraTarget[];
  readonly rootFeatures: readonly string[] | undefined;
  readonly release: boolean;
  readonly sys: ReturnType<typeof sysOverridesFor>;
}

/** `1.70` → `1.70.0`; undefined when it is not a Rust version rust-overlay could know. */
export function normaliseRustVersion(v: string): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  return `${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}`;
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

const quoted = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');

function decideRef(ref: string): Cargo2nixRef {
  const found = cargo2nixRef(ref);
  if (found) return found;
  const why = REFUSED_REFS.get(ref);
  throw new FlakeOptionError(
    `cargo2nix ref \`${ref}\`${why === undefined ? ' is not one the playground has checked' : `: ${why}`}; choose ${quoted(offeredRefs().map((r) => r.ref))}`,
  );
}

/** The offered range, for messages: `1.75.0 to 1.98.0`. */
function range(versions: readonly string[]): string {
  return `${versions[versions.length - 1]} to ${versions[0]}`;
}

interface RustVersionChoice {
  readonly rustVersion: string;
  readonly source: RustVersionSource;
  readonly fromWorkspace: string | undefined;
  readonly raisedForTargets: boolean;
}

/**
 * An asked-for version must be offered; otherwise the oldest offered one that
 * meets the workspace's `rust-version` (a minimum: the oldest is closest to
 * what its authors test with) and `targetsNeed`, else the default.
 */
function decideRustVersion(ws: ResolvedWorkspace, ref: Cargo2nixRef, asked: string | undefined, targetsNeed: string | undefined): RustVersionChoice {
  const offered = offeredRustVersions(ref.ref);
  const fromWorkspace = workspaceRustVersion(ws);
  if (asked !== undefined) {
    const v = normaliseRustVersion(asked);
    if (v === undefined) throw new FlakeOptionError(`Rust version \`${asked}\` is not of the form 1.75 or 1.75.0`);
    if (!offered.includes(v))
      throw new FlakeOptionError(`Rust ${v} is not offered with cargo2nix ${ref.ref}: choose a release from ${range(offered)}`);
    return { rustVersion: v, source: 'option', fromWorkspace, raisedForTargets: false };
  }
  const source = fromWorkspace === undefined ? 'default' : 'rust-version';
  const wanted = fromWorkspace ?? DEFAULT_RUST_VERSION;
  const floor = targetsNeed !== undefined && compareVersions(targetsNeed, wanted) > 0 ? targetsNeed : wanted;
  const oldestMeeting = (min: string) => [...offered].reverse().find((v) => compareVersions(v, min) >= 0);
  const chosen = oldestMeeting(floor);
  if (chosen === undefined) {
    throw new FlakeOptionError(`\`rust-version = "${fromWorkspace}"\` is newer than any Rust offered with cargo2nix ${ref.ref} (${range(offered)})`);
  }
  return { rustVersion: chosen, source, fromWorkspace, raisedForTargets: chosen !== oldestMeeting(wanted) };
}

function decideTargets(triples: readonly string[], rustVersion: string): ExtraTarget[] {
  const out: ExtraTarget[] = [];
  for (const triple of new Set(triples)) {
    const t = extraTarget(triple);
    if (!t)
      throw new FlakeOptionError(`extra target \`${triple}\` is not one the playground offers; choose ${quoted(EXTRA_TARGETS.map((x) => x.triple))}`);
    if (compareVersions(rustVersion, t.sinceRust) < 0) {
      throw new FlakeOptionError(`extra target \`${triple}\` needs Rust ${t.sinceRust} or newer (Rust ${rustVersion} is chosen)`);
    }
    out.push(t);
  }
  return out;
}

/** Checks the options and decides everything the flake says; throws FlakeOptionError naming what does not fit. */
export function decideFlake(ws: ResolvedWorkspace, options: FlakeOptions = {}): FlakeChoices {
  const cargo2nix = decideRef(options.cargo2nixRef ?? DEFAULT_CARGO2NIX_REF);
  const asked = options.extraTargets ?? [];
  const targetsNeed = asked
    .map((t) => extraTarget(t)?.sinceRust)
    .filter((v) => v !== undefined)
    .sort(compareVersions)
    .pop();
  const { rustVersion, source, fromWorkspace, raisedForTargets } = decideRustVersion(ws, cargo2nix, options.rustVersion, targetsNeed);
  const mode = options.rustOverlay ?? 'auto';
  const rustOverlay = mode === 'pinned' ? cargo2nix.rustOverlay : rustOverlayFor(cargo2nix, rustVersion, mode === 'latest');
  // offeredRustVersions only lists versions some overlay has, so only 'pinned' can miss.
  if (rustOverlay === undefined || compareVersions(rustVersion, rustOverlay.newestStable) > 0) {
    throw new FlakeOptionError(
      `Rust ${rustVersion} is newer than the rust-overlay cargo2nix ${cargo2nix.ref} pins (up to ${cargo2nix.rustOverlay.newestStable}); let the flake follow a newer one`,
    );
  }
  const extraTargets = decideTargets(asked, rustVersion);
  if (options.rootFeatures) checkRootFeatures(ws, options.rootFeatures);
  return {
    cargo2nix,
    rustVersion,
    rustVersionSource: source,
    workspaceRustVersion: fromWorkspace,
    rustVersionRaisedForTargets: raisedForTargets,
    rustOverlay,
    followNewerRustOverlay: rustOverlay !== cargo2nix.rustOverlay,
    defaultPackage: defaultMember(ws).name,
    extraTargets,
    rootFeatures: options.rootFeatures,
    release: options.release ?? true,
    sys: sysOverridesFor(ws),
  };
}
