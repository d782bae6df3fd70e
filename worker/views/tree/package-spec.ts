// cargo's package ID specifications (`-p`, `-i`, `--prune`): `name`, `name@version`,
// `name:version`, or a source URL with `#name@version` / `#version`, matched against package ids
// the way cargo 0.66 does, with its error texts (ambiguity, no match, suggestions).
import { GeneratorError } from '../../core/errors.ts';
import type { PackageId } from '../../core/package-id.ts';
import { isValidVersion } from '../../core/version.ts';

export interface PackageIdSpec {
  readonly name: string;
  readonly version: string | undefined;
  /** The source URL, as `sourceUrl` spells it; undefined matches any source. */
  readonly url: string | undefined;
}

/** A spec error: printed as cargo prints it (`error: <message>`). */
export class SpecError extends GeneratorError {}

/** cargo's `ToSemver` for a spec's version: trimmed, then strict semver (no `v`/`=` prefix, which npm's parser allows). */
function parseVersion(v: string): string {
  const trimmed = v.trim();
  if (/^[v=]/.test(trimmed) || !isValidVersion(trimmed)) throw new SpecError(`cannot parse '${v}' as a semver`);
  return trimmed;
}

/** Split at the first `:` or `@`. */
function splitNameVersion(s: string): [string, string | undefined] {
  const i = s.search(/[:@]/);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** cargo's `validate_package_name(name, "pkgid", "")` (an empty name passes, and then matches nothing). */
function validateName(name: string): void {
  const chars = [...name];
  const first = chars[0];
  if (first === undefined) return;
  if (/^[0-9]$/.test(first)) throw new SpecError(`the name \`${name}\` cannot be used as a pkgid, the name cannot start with a digit`);
  if (!/^[\p{XID_Start}_]$/u.test(first)) {
    throw new SpecError(
      `invalid character \`${first}\` in pkgid: \`${name}\`, the first character must be a Unicode XID start character (most letters or \`_\`)`,
    );
  }
  for (const c of chars.slice(1)) {
    if (!/^[\p{XID_Continue}-]$/u.test(c)) {
      throw new SpecError(
        `invalid character \`${c}\` in pkgid: \`${name}\`, characters must be Unicode XID characters (numbers, \`-\`, \`_\`, or most letters)`,
      );
    }
  }
}

/** Where specs are read: the workspace root (cargo's current folder) and whether a path under it exists. */
export interface SpecFolder {
  readonly rootPath: string;
  readonly exists: (relative: string) => boolean;
}

/** `Url::from_file_path` of a path: `.` and empty components dropped as `Path::components` drops them. */
function fileUrl(path: string): string {
  const parts = path.split('/').filter((c) => c !== '' && c !== '.');
  // eslint-disable-next-line no-control-regex -- the URL path percent-encode set starts at the C0 controls
  const escape = (c: string) => c.replace(/[\x00-\x20"#%<>?`{}\x7f]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `file:///${parts.map(escape).join('/')}`;
}

/**
 * cargo's check that a spec with a slash is not a path that exists under its current folder. Only
 * relative paths: the root printed (`/ws` in the site and the golden files) need not be a real folder.
 */
function checkNotAPath(spec: string, folder: SpecFolder | undefined): void {
  if (!folder || spec.includes('://') || spec.startsWith('/') || !(spec.includes('/') || spec.includes('\\'))) return;
  if (folder.exists(spec)) {
    throw new SpecError(`package ID specification \`${spec}\` looks like a file path, maybe try ${fileUrl(`${folder.rootPath}/${spec}`)}`);
  }
}

export function parsePackageIdSpec(spec: string, folder?: SpecFolder): PackageIdSpec {
  checkNotAPath(spec, folder);
  if (spec.includes('://')) {
    const hash = spec.indexOf('#');
    const url = hash < 0 ? spec : spec.slice(0, hash);
    const fragment = hash < 0 ? undefined : spec.slice(hash + 1);
    if (url.includes('?')) throw new SpecError(`cannot have a query string in a pkgid: ${spec}`);
    const segments = url.replace(/^[^:]+:\/\/[^/]*/, '').split('/');
    const pathName = segments[segments.length - 1] ?? '';
    if (fragment === undefined) return { name: pathName, version: undefined, url };
    const [first, rest] = splitNameVersion(fragment);
    if (rest !== undefined) return { name: first, version: parseVersion(rest), url };
    if (/^\p{Alphabetic}/u.test(first)) return { name: first, version: undefined, url };
    return { name: pathName, version: parseVersion(first), url };
  }
  const [name, version] = splitNameVersion(spec);
  const parsed = { name, version: version === undefined ? undefined : parseVersion(version), url: undefined };
  validateName(name);
  return parsed;
}

/** cargo's `SourceId::url()` for a package: the index URL, the git repository, or `file://` + its folder. */
export type SourceUrlOf = (id: PackageId) => string;

export function specOfPackage(id: PackageId, urlOf: SourceUrlOf): PackageIdSpec {
  return { name: id.name, version: id.version, url: urlOf(id) };
}

export function specMatches(spec: PackageIdSpec, id: PackageId, urlOf: SourceUrlOf): boolean {
  if (spec.name !== id.name) return false;
  if (spec.version !== undefined && spec.version !== id.version) return false;
  return spec.url === undefined || spec.url === urlOf(id);
}

export function displaySpec(spec: PackageIdSpec): string {
  let out: string;
  let printedName: boolean;
  if (spec.url !== undefined) {
    const segments = spec.url.split('/');
    printedName = segments[segments.length - 1] !== spec.name;
    out = printedName ? `${spec.url}#${spec.name}` : spec.url;
  } else {
    printedName = true;
    out = spec.name;
  }
  if (spec.version !== undefined) out += `${printedName ? '@' : '#'}${spec.version}`;
  return out;
}

/** Levenshtein distance, as cargo's `lev_distance` (on chars). */
export function levDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/** cargo's `closest_msg`: "\n\n\tDid you mean `x`?" for the nearest name under distance 4, else "". */
function closestMessage(name: string, ids: readonly PackageId[]): string {
  let best: { d: number; name: string } | undefined;
  for (const id of ids) {
    const d = levDistance(name, id.name);
    if (d < 4 && (!best || d < best.d)) best = { d, name: id.name };
  }
  return best ? `\n\n\tDid you mean \`${best.name}\`?` : '';
}

/** The list cargo prints under an ambiguity or a suggestion: `name@version`, or the full spec when versions repeat. */
function minimize(ids: readonly PackageId[], spec: PackageIdSpec, urlOf: SourceUrlOf): string {
  const count = new Map<string, number>();
  for (const id of ids) count.set(id.version, (count.get(id.version) ?? 0) + 1);
  return ids.map((id) => (count.get(id.version) === 1 ? `\n  ${spec.name}@${id.version}` : `\n  ${displaySpec(specOfPackage(id, urlOf))}`)).join('');
}

/** The one package of `ids` (in package-id order) that `spec` names, or cargo's error. */
export function querySpec(spec: PackageIdSpec, ids: readonly PackageId[], urlOf: SourceUrlOf): PackageId {
  const found = ids.filter((id) => specMatches(spec, id, urlOf));
  if (found.length === 0) {
    let suggestion = '';
    const tryWith = (loose: PackageIdSpec) => {
      const matches = ids.filter((id) => specMatches(loose, id, urlOf));
      if (matches.length > 0) suggestion += `\nDid you mean one of these?\n${minimize(matches, spec, urlOf)}`;
    };
    if (spec.url !== undefined) tryWith({ ...spec, url: undefined });
    if (suggestion === '' && spec.version !== undefined) tryWith({ name: spec.name, version: undefined, url: undefined });
    if (suggestion === '') suggestion = closestMessage(spec.name, ids);
    throw new SpecError(`package ID specification \`${displaySpec(spec)}\` did not match any packages${suggestion}`);
  }
  if (found.length > 1) {
    throw new SpecError(
      `There are multiple \`${spec.name}\` packages in your project, and the specification \`${displaySpec(spec)}\` is ambiguous.\n` +
        `Please re-run this command with \`-p <spec>\` where \`<spec>\` is one of the following:${minimize(found, spec, urlOf)}`,
    );
  }
  return found[0]!;
}
