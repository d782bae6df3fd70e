// Versions and version requirements with cargo's semantics on top of the
// `semver` package (npm's): a bare `1.2` means `^1.2` in cargo but `=1.2` in
// npm, and cargo separates comparators with commas.
import semver from 'semver';

const cache = new Map<string, semver.Range | null>();

function toNpmRange(req: string): semver.Range | null {
  const cached = cache.get(req);
  if (cached !== undefined) return cached;
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => (/^[0-9]/.test(p) ? `^${p}` : p.replace(/^(=|>=|<=|>|<|~|\^)\s+/, '$1')));
  let range: semver.Range | null;
  try {
    range = new semver.Range(parts.length === 0 ? '*' : parts.join(' '));
  } catch {
    range = null;
  }
  cache.set(req, range);
  return range;
}

export function isValidReq(req: string): boolean {
  return toNpmRange(req) !== null;
}

/** Does `version` satisfy the cargo requirement `req`? Invalid requirements match nothing. */
export function matchesReq(req: string, version: string): boolean {
  const range = toNpmRange(req);
  return range !== null && range.test(version);
}

export function isValidVersion(v: string): boolean {
  return semver.valid(v) !== null;
}

/**
 * The `semver` crate's `Ord for Version`: numbers, then pre-release, then build. The
 * generator's one version order (package ids, locked-version choice, Rust toolchain
 * versions such as `1.83.0`); both arguments must be valid semver.
 */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  return semver.compareBuild(a, b);
}
