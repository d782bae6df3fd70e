// What changed between an older lock and the current one, crate by crate:
// added, removed, version bumps (or source moves), and for crates on both
// sides their dependencies; given two cargo2nix Cargo.nix files also their
// features and the conditions (root features, platforms) on features and
// edges. A Cargo.lock alone does not know features or platforms, so an older
// Cargo.lock is compared with the current Cargo.lock and an older Cargo.nix
// with the current Cargo.nix: like with like, nothing guessed. When the older
// lock has been resolved against the current manifests (worker/browser/
// older-lock.ts renders its Cargo.nix), mergeResolved adds the two Cargo.nix
// files' feature and platform facts to the lock comparison. A crate on one
// side only brings its features and the conditions of the edges that pull
// it in, from its own side's Cargo.nix.
import { GeneratorError, isGeneratorError } from '../core/errors.ts';
import { sourceKey } from '../core/source-id.ts';
import { compareVersions } from '../core/version.ts';
import { parseLockfile } from '../parse/lockfile.ts';
import { CRATE_ENTRY_END, crateEntryOf, FEATURE_ALWAYS, FEATURE_GATED } from '../render/cargo2nix/cargo-nix-shapes.ts';

export type LockFormat = 'Cargo.lock' | 'Cargo.nix';

/** One side's facts about one crate. */
export interface CrateFacts {
  readonly name: string;
  readonly version: string;
  /** Where it comes from: the lock's source key, or Cargo.nix's registry string. */
  readonly source: string;
  /** Dependencies: from a lock `name`; from Cargo.nix `kind name` (extern name) → the crate it points to and its condition. */
  readonly dependencies: ReadonlyMap<string, DependencyFacts>;
  /** Cargo.nix only: feature → its condition (`''` when always on). */
  readonly features: ReadonlyMap<string, string> | undefined;
  /** 1-based line of the crate in its file. */
  readonly line: number | undefined;
}

export interface DependencyFacts {
  /** `name version` of the crate it points to. */
  readonly crate: string;
  /** The Nix condition on the edge (`''` when always on). */
  readonly condition: string;
}

/** A feature or dependency on one side only whose Nix condition is not `always`. */
export interface GatedEntry {
  /** A feature name, or a dependency as `kind name`. */
  readonly what: string;
  readonly side: 'added' | 'removed';
  readonly condition: string;
  /** The condition mentions the platform (not only root features). */
  readonly platform: boolean;
}

export interface ConditionChange {
  /** A feature name, or a dependency as `kind name`. */
  readonly what: string;
  readonly from: string;
  readonly to: string;
  /** The condition mentions the platform (not only root features). */
  readonly platform: boolean;
}

/** A feature of a crate on one side only, as its Cargo.nix turns it on. */
export interface OneSidedFeature {
  readonly name: string;
  /** The Nix condition (`''` when always on). */
  readonly condition: string;
  readonly platform: boolean;
}

/** An edge of the same Cargo.nix that pulls a one-sided crate in. */
export interface PullingEdge {
  /** `name version` of the crate the edge starts at. */
  readonly from: string;
  /** The dependency as `kind name` (extern name) in that crate. */
  readonly what: string;
  /** The Nix condition on the edge (`''` when always on). */
  readonly condition: string;
  readonly platform: boolean;
}

export type ChangeKind = 'added' | 'removed' | 'bumped' | 'changed';

export interface CrateChange {
  readonly kind: ChangeKind;
  readonly name: string;
  /** The older version (removed, bumped, changed). */
  readonly from: string | undefined;
  /** The current version (added, bumped, changed). */
  readonly to: string | undefined;
  /** `up` or `down` for a bump; a source move between equal versions is `moved`. */
  readonly direction: 'up' | 'down' | 'moved' | undefined;
  readonly sourceFrom: string | undefined;
  readonly sourceTo: string | undefined;
  readonly dependenciesAdded: readonly string[];
  readonly dependenciesRemoved: readonly string[];
  readonly featuresAdded: readonly string[];
  readonly featuresRemoved: readonly string[];
  readonly conditionChanges: readonly ConditionChange[];
  /** Features and dependencies added or removed under a condition (Cargo.nix facts only). */
  readonly gated: readonly GatedEntry[];
  /**
   * An added or removed crate, Cargo.nix facts only: its features on its own side (the current
   * Cargo.nix for added, the older one for removed) and the edges there that pull it in.
   */
  readonly features: readonly OneSidedFeature[];
  readonly pulledBy: readonly PullingEdge[];
  /** Line of the crate in the current file (for added, bumped, changed) or the older one (removed). */
  readonly line: number | undefined;
}

export interface LockDiff {
  readonly format: LockFormat;
  /**
   * Whether features and platform conditions were compared: always for Cargo.nix files, for
   * Cargo.lock files only once both locks were resolved (mergeResolved).
   */
  readonly features: boolean;
  /** By crate name, then older version. */
  readonly changes: readonly CrateChange[];
  readonly counts: Readonly<Record<ChangeKind | 'unchanged', number>>;
}

const CARGO_NIX_MARK = /overridableMkRustCrate|^# This file was @generated by cargo2nix/m;

/** Which of the two formats a text is: a Cargo.nix names cargo2nix's crate builder, a lock does not. */
export function detectFormat(text: string): LockFormat {
  return CARGO_NIX_MARK.test(text) ? 'Cargo.nix' : 'Cargo.lock';
}

/** A lock's crates by `name version source`. */
export function lockCrates(text: string, file = 'Cargo.lock'): Map<string, CrateFacts> {
  let lock;
  try {
    lock = parseLockfile(text);
  } catch (e) {
    if (isGeneratorError(e)) throw new GeneratorError(e.message, { ...e.location, file });
    throw e;
  }
  const out = new Map<string, CrateFacts>();
  for (const p of lock.packages) {
    const dependencies = new Map<string, DependencyFacts>();
    for (const d of p.dependencies) dependencies.set(d.name, { crate: `${d.name} ${d.version}`, condition: '' });
    out.set(p.id.key, {
      name: p.id.name,
      version: p.id.version,
      source: sourceKey(p.id.source),
      dependencies,
      features: undefined,
      line: p.line,
    });
  }
  return out;
}

const DEPS_HEADER = /^ {4}(dependencies|devDependencies|buildDependencies) = \{$/;
const PLAIN_DEP = /^ {6}([A-Za-z0-9_]+) = \((?:rustPackages|buildRustPackages)\."([^"]*)"\.([A-Za-z0-9_-]+)\."([^"]+)" \{[^}]*\}\)\.out;$/;
const GATED_DEP =
  /^ {6}\$\{ if (.+) then "([A-Za-z0-9_]+)" else null \} = \((?:rustPackages|buildRustPackages)\."([^"]*)"\.([A-Za-z0-9_-]+)\."([^"]+)" \{[^}]*\}\)\.out;$/;
const KIND_OF: Readonly<Record<string, string>> = { dependencies: 'normal', devDependencies: 'dev', buildDependencies: 'build' };

/**
 * The crates of a Cargo.nix as cargo2nix 0.12.0 writes it: one attribute per
 * crate with its features and dependency sets. Anything inside a crate's
 * features or dependencies that is not one of cargo2nix's shapes is an error
 * at its line, so a hand-edited file is refused rather than misread.
 */
export function cargoNixCrates(text: string, file = 'Cargo.nix'): Map<string, CrateFacts> {
  const lines = text.split('\n');
  const out = new Map<string, CrateFacts>();
  const located = (message: string, line: number, column = 1, crate?: string) =>
    new GeneratorError(message, { file, line, column, ...(crate ? { crate } : {}) });
  for (let i = 0; i < lines.length; i++) {
    const header = crateEntryOf(lines[i]!);
    if (!header) continue;
    const { registry: source, name, version } = header;
    const crate = `${name}@${version}`;
    const startLine = i + 1;
    const dependencies = new Map<string, DependencyFacts>();
    const features = new Map<string, string>();
    let closed = false;
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === CRATE_ENTRY_END) {
        closed = true;
        break;
      }
      if (line === '    features = builtins.concatLists [') {
        for (i++; i < lines.length && lines[i] !== '    ];'; i++) {
          const always = FEATURE_ALWAYS.exec(lines[i]!);
          const gated = always ? null : FEATURE_GATED.exec(lines[i]!);
          if (always) features.set(always[1]!, '');
          else if (gated) features.set(gated[2]!, gated[1]!);
          else throw located(`a feature entry cargo2nix does not write: \`${lines[i]!.trim()}\``, i + 1, indentOf(lines[i]!), crate);
        }
        continue;
      }
      const deps = DEPS_HEADER.exec(line);
      if (deps) {
        const kind = KIND_OF[deps[1]!]!;
        for (i++; i < lines.length && lines[i] !== '    };'; i++) {
          const plain = PLAIN_DEP.exec(lines[i]!);
          if (plain) {
            dependencies.set(`${kind} ${plain[1]}`, { crate: `${plain[3]} ${plain[4]}`, condition: '' });
            continue;
          }
          const gated = GATED_DEP.exec(lines[i]!);
          if (!gated) throw located(`a dependency entry cargo2nix does not write: \`${lines[i]!.trim()}\``, i + 1, indentOf(lines[i]!), crate);
          dependencies.set(`${kind} ${gated[2]}`, { crate: `${gated[4]} ${gated[5]}`, condition: gated[1]! });
        }
        continue;
      }
    }
    if (!closed) throw located(`crate ${crate} has no closing \`});\``, startLine, 3, crate);
    out.set(`${name} ${version} ${source}`, { name, version, source, dependencies, features, line: startLine });
  }
  if (out.size === 0) throw located('no crates found: this is not a Cargo.nix written by cargo2nix', 1);
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length + 1;
}

function sortedKeys<T>(m: ReadonlyMap<string, T>): string[] {
  return [...m.keys()].sort();
}

function setDiff(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return sortedKeys(a).filter((k) => !b.has(k));
}

/** Dependencies as a lock would name them, so a bump of a dependency's version is that crate's bump, not noise here. */
function depNames(m: ReadonlyMap<string, DependencyFacts>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, d] of m) out.set(k, d.condition);
  return out;
}

const PLATFORM_CONDITION = /hostPlatform|target\b/;

function gatedEntries(older: ReadonlyMap<string, string>, newer: ReadonlyMap<string, string>): GatedEntry[] {
  const out: GatedEntry[] = [];
  for (const [side, from, to] of [
    ['added', newer, older],
    ['removed', older, newer],
  ] as const) {
    for (const k of sortedKeys(from)) {
      const condition = from.get(k)!;
      if (!to.has(k) && condition !== '') out.push({ what: k, side, condition, platform: PLATFORM_CONDITION.test(condition) });
    }
  }
  return out;
}

function conditionChanges(older: ReadonlyMap<string, string>, newer: ReadonlyMap<string, string>): ConditionChange[] {
  const out: ConditionChange[] = [];
  for (const k of sortedKeys(older)) {
    const to = newer.get(k);
    const from = older.get(k)!;
    if (to === undefined || to === from) continue;
    out.push({ what: k, from, to, platform: PLATFORM_CONDITION.test(from + to) });
  }
  return out;
}

/** Who depends on whom in one file: `name version` → the edges that point to it. */
type Dependents = ReadonlyMap<string, readonly PullingEdge[]>;

function dependentsOf(crates: ReadonlyMap<string, CrateFacts>): Dependents {
  const out = new Map<string, PullingEdge[]>();
  for (const c of crates.values()) {
    for (const [what, d] of c.dependencies) {
      let list = out.get(d.crate);
      if (!list) out.set(d.crate, (list = []));
      list.push({ from: `${c.name} ${c.version}`, what, condition: d.condition, platform: PLATFORM_CONDITION.test(d.condition) });
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
  return out;
}

/** A one-sided crate's own facts; a lock has no features or conditions, so from a lock there are none. */
function oneSided(c: CrateFacts, dependents: Dependents | undefined): Pick<CrateChange, 'features' | 'pulledBy'> {
  if (c.features === undefined || dependents === undefined) return { features: [], pulledBy: [] };
  return {
    features: sortedKeys(c.features).map((name) => {
      const condition = c.features!.get(name)!;
      return { name, condition, platform: PLATFORM_CONDITION.test(condition) };
    }),
    pulledBy: dependents.get(`${c.name} ${c.version}`) ?? [],
  };
}

function compare(
  kind: ChangeKind,
  older: CrateFacts | undefined,
  newer: CrateFacts | undefined,
  dependents?: { readonly older: Dependents; readonly newer: Dependents },
): CrateChange {
  const o = older ?? newer!;
  const n = newer ?? older!;
  const both = older !== undefined && newer !== undefined;
  const oDeps = depNames(o.dependencies);
  const nDeps = depNames(n.dependencies);
  const oFeat = o.features ?? new Map<string, string>();
  const nFeat = n.features ?? new Map<string, string>();
  let direction: CrateChange['direction'];
  if (both && kind === 'bumped') {
    const c = compareVersions(n.version, o.version);
    direction = c > 0 ? 'up' : c < 0 ? 'down' : 'moved';
  }
  return {
    kind,
    name: o.name,
    from: older?.version,
    to: newer?.version,
    direction,
    sourceFrom: both && o.source !== n.source ? o.source : undefined,
    sourceTo: both && o.source !== n.source ? n.source : undefined,
    dependenciesAdded: both ? setDiff(nDeps, oDeps) : [],
    dependenciesRemoved: both ? setDiff(oDeps, nDeps) : [],
    featuresAdded: both ? setDiff(nFeat, oFeat) : [],
    featuresRemoved: both ? setDiff(oFeat, nFeat) : [],
    conditionChanges: both ? [...conditionChanges(oFeat, nFeat), ...conditionChanges(oDeps, nDeps)] : [],
    gated: both ? [...gatedEntries(oFeat, nFeat), ...gatedEntries(oDeps, nDeps)] : [],
    ...(both ? { features: [], pulledBy: [] } : oneSided(n, older ? dependents?.older : dependents?.newer)),
    line: (newer ?? older)!.line,
  };
}

function isChanged(c: CrateChange): boolean {
  return (
    c.sourceFrom !== undefined ||
    c.dependenciesAdded.length +
      c.dependenciesRemoved.length +
      c.featuresAdded.length +
      c.featuresRemoved.length +
      c.conditionChanges.length +
      c.gated.length >
      0
  );
}

function byName(crates: ReadonlyMap<string, CrateFacts>): Map<string, CrateFacts[]> {
  const out = new Map<string, CrateFacts[]>();
  for (const c of crates.values()) {
    let list = out.get(c.name);
    if (!list) out.set(c.name, (list = []));
    list.push(c);
  }
  for (const list of out.values())
    list.sort((a, b) => compareVersions(a.version, b.version) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return out;
}

/**
 * Crate by crate, older → newer. Per name, versions on both sides (same
 * source) are compared in place; the rest are paired lowest with lowest as
 * bumps, and what is left over is added or removed.
 */
export function diffCrates(format: LockFormat, older: ReadonlyMap<string, CrateFacts>, newer: ReadonlyMap<string, CrateFacts>): LockDiff {
  const changes: CrateChange[] = [];
  const counts = { added: 0, removed: 0, bumped: 0, changed: 0, unchanged: 0 };
  const o = byName(older);
  const n = byName(newer);
  const dependents = format === 'Cargo.nix' ? { older: dependentsOf(older), newer: dependentsOf(newer) } : undefined;
  const names = [...new Set([...o.keys(), ...n.keys()])].sort();
  for (const name of names) {
    const left = [...(o.get(name) ?? [])];
    const right = [...(n.get(name) ?? [])];
    for (const l of [...left]) {
      const same = right.findIndex((r) => r.version === l.version && r.source === l.source);
      if (same < 0) continue;
      const c = compare('changed', l, right[same]);
      right.splice(same, 1);
      left.splice(left.indexOf(l), 1);
      if (isChanged(c)) {
        changes.push(c);
        counts.changed++;
      } else counts.unchanged++;
    }
    const pairs = Math.min(left.length, right.length);
    for (let k = 0; k < pairs; k++) {
      changes.push(compare('bumped', left[k], right[k]));
      counts.bumped++;
    }
    for (const l of left.slice(pairs)) {
      changes.push(compare('removed', l, undefined, dependents));
      counts.removed++;
    }
    for (const r of right.slice(pairs)) {
      changes.push(compare('added', undefined, r, dependents));
      counts.added++;
    }
  }
  return { format, features: format === 'Cargo.nix', changes, counts };
}

const pairKey = (c: CrateChange) => `${c.name} ${c.from ?? ''} ${c.to ?? ''}`;

/**
 * The lock comparison with the features and conditions of the two Cargo.nix
 * files rendered from the two locks (the same manifests, so the same crates).
 * The lock's rows stay as they are (versions, sources, dependency names);
 * each gains the Cargo.nix facts of the same crate and versions, and a crate
 * the lock leaves unchanged becomes `changed` when only its features or
 * conditions moved (a dependent's bump turned a feature on, say).
 */
export function mergeResolved(lock: LockDiff, nix: LockDiff): LockDiff {
  const facts = new Map(nix.changes.map((c) => [pairKey(c), c]));
  const used = new Set<string>();
  const withFacts = (c: CrateChange, n: CrateChange | undefined): CrateChange =>
    n
      ? {
          ...c,
          featuresAdded: n.featuresAdded,
          featuresRemoved: n.featuresRemoved,
          conditionChanges: n.conditionChanges,
          gated: n.gated,
          features: n.features,
          pulledBy: n.pulledBy,
        }
      : c;
  const changes: CrateChange[] = lock.changes.map((c) => {
    const key = pairKey(c);
    used.add(key);
    return withFacts(c, facts.get(key));
  });
  const lockChanged = new Set(changes.map((c) => `${c.name} ${c.from ?? c.to}`));
  let newlyChanged = 0;
  for (const n of nix.changes) {
    if (used.has(pairKey(n)) || n.kind !== 'changed' || lockChanged.has(`${n.name} ${n.from}`)) continue;
    const featureFacts = n.featuresAdded.length + n.featuresRemoved.length + n.conditionChanges.length + n.gated.length;
    // Dependency lists are the lock's to tell; a crate the lock leaves alone only changes by its facts.
    if (featureFacts === 0) continue;
    changes.push({ ...n, dependenciesAdded: [], dependenciesRemoved: [], sourceFrom: undefined, sourceTo: undefined, line: undefined });
    newlyChanged++;
  }
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareVersions(a.from ?? a.to ?? '0.0.0', b.from ?? b.to ?? '0.0.0')));
  return {
    format: lock.format,
    features: true,
    changes,
    counts: { ...lock.counts, changed: lock.counts.changed + newlyChanged, unchanged: lock.counts.unchanged - newlyChanged },
  };
}

export interface CurrentFiles {
  readonly lock: string;
  /** cargo2nix's Cargo.nix for the current lock, when it rendered. */
  readonly cargoNix: string | undefined;
}

/**
 * The older file against the current one of the same format. An older
 * Cargo.nix needs the current Cargo.nix; errors name the older file as
 * `olderName` so the page can point into its editor.
 */
export function lockDiff(olderText: string, current: CurrentFiles, olderName = 'older file'): LockDiff {
  const format = detectFormat(olderText);
  if (format === 'Cargo.lock') return diffCrates(format, lockCrates(olderText, olderName), lockCrates(current.lock, 'Cargo.lock'));
  if (current.cargoNix === undefined)
    throw new GeneratorError('the current Cargo.nix did not render, so there is nothing to compare the older one with');
  return diffCrates(format, cargoNixCrates(olderText, olderName), cargoNixCrates(current.cargoNix, 'Cargo.nix'));
}
