// Versions and version requirements with cargo's semantics on top of the
// `semver` package (npm's): a bare `1.2` means `^1.2` in cargo but `=1.2` in
// npm, and cargo separates comparators with commas.
// Only the two classes are imported, not the package's index (every function and range helper):
// less to load and compile when the command line starts. Parsed ranges and versions are kept per
// distinct string, since a workspace asks about the same few hundred strings again and again.
import Range from 'semver/classes/range.js';
import SemVer from 'semver/classes/semver.js';

const ranges = new Map<string, Range | null>();
/** Parsed versions; `null` for a string that is not valid semver. */
const versions = new Map<string, SemVer | null>();

function toNpmRange(req: string): Range | null {
  const cached = ranges.get(req);
  if (cached !== undefined) return cached;
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => (/^[0-9]/.test(p) ? `^${p}` : p.replace(/^(=|>=|<=|>|<|~|\^)\s+/, '$1')));
  let range: Range | null;
  try {
    range = new Range(parts.length === 0 ? '*' : parts.join(' '));
  } catch {
    range = null;
  }
  ranges.set(req, range);
  return range;
}

function parseVersion(v: string): SemVer | null {
  let parsed = versions.get(v);
  if (parsed === undefined) {
    try {
      parsed = new SemVer(v);
    } catch {
      parsed = null;
    }
    versions.set(v, parsed);
  }
  return parsed;
}

function validVersion(v: string): SemVer {
  const parsed = parseVersion(v);
  if (parsed === null) throw new TypeError(`Invalid Version: ${v}`);
  return parsed;
}

export function isValidReq(req: string): boolean {
  return toNpmRange(req) !== null;
}

type Triple = readonly [number, number, number];

// Most requirements in a lock's dependencies are a plain caret (`1.2.3`, `^0.4`, `1`) and most
// versions are plain `x.y.z`. For those, cargo's and npm's caret are the same interval, checked
// here on three numbers instead of building a semver Range from the string, which was the
// resolver's largest cost in a command-line run. Anything else goes to semver.
const NUM = '(0|[1-9]\\d{0,14})';
const SIMPLE_CARET = new RegExp(`^\\^?${NUM}(?:\\.${NUM}(?:\\.${NUM})?)?$`);
const PLAIN_VERSION = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}$`);

/** [lowest allowed, lowest excluded] of a plain caret requirement, or null when `req` is not one. */
const carets = new Map<string, readonly [Triple, Triple] | null>();

function caretBounds(req: string): readonly [Triple, Triple] | null {
  let bounds = carets.get(req);
  if (bounds === undefined) {
    const m = SIMPLE_CARET.exec(req);
    if (m === null) bounds = null;
    else {
      const major = Number(m[1]);
      const minor = m[2] === undefined ? undefined : Number(m[2]);
      const patch = m[3] === undefined ? undefined : Number(m[3]);
      const lo: Triple = [major, minor ?? 0, patch ?? 0];
      // The first number that is not zero may not change; with fewer numbers given, the last one given may not.
      const hi: Triple =
        major > 0 || minor === undefined ? [major + 1, 0, 0] : minor > 0 || patch === undefined ? [0, minor + 1, 0] : [0, 0, patch + 1];
      bounds = [lo, hi];
    }
    carets.set(req, bounds);
  }
  return bounds;
}

function compareTriples(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Does `version` satisfy the cargo requirement `req`? Invalid requirements match nothing. */
export function matchesReq(req: string, version: string): boolean {
  const bounds = caretBounds(req);
  if (bounds !== null) {
    const m = PLAIN_VERSION.exec(version);
    if (m !== null) {
      const v: Triple = [Number(m[1]), Number(m[2]), Number(m[3])];
      return compareTriples(v, bounds[0]) >= 0 && compareTriples(v, bounds[1]) < 0;
    }
  }
  const range = toNpmRange(req);
  if (range === null) return false;
  const v = parseVersion(version);
  return v !== null && range.test(v);
}

export function isValidVersion(v: string): boolean {
  return parseVersion(v) !== null;
}

/**
 * The `semver` crate's `Ord for Version`: numbers, then pre-release, then build. The
 * generator's one version order (package ids, locked-version choice, Rust toolchain
 * versions such as `1.83.0`); both arguments must be valid semver.
 */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const va = validVersion(a);
  const vb = validVersion(b);
  // semver's compareBuild function: the method of that name compares build metadata only.
  return va.compare(vb) || va.compareBuild(vb);
}
