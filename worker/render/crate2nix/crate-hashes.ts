// crate2nix's `crate-hashes.json`: the Nix hash (base32) of every git dependency's tree, keyed by
// the package id that `cargo metadata` prints (cargo 1.77+ package id specs). crate2nix reads it
// instead of prefetching, and writes it back with exactly these keys, so the file we write must be
// the one `crate2nix generate` would write: its build-time generator (tools.nix) compares the two
// with `diff` and fails the build when they differ.
import { GeneratorError } from '../../core/errors.ts';
import type { GitReference } from '../../core/source-id.ts';
import { toNixBase32 } from '../../hash/nix-base32.ts';
import type { GitSourceHash } from '../../model/git-hash.ts';
import type { ResolvedCrate, ResolvedWorkspace } from '../../model/model.ts';

/** `application/x-www-form-urlencoded` bytes, as the `url` crate's `form_urlencoded::byte_serialize` writes them. */
function formUrlEncode(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9*\-._]/.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The `?branch=…` part of a git source as cargo prints it (none for the default branch). */
function prettyReference(reference: GitReference): string {
  return reference.kind === 'default' ? '' : `?${reference.kind}=${formUrlEncode(reference.value)}`;
}

/** The last segment of the URL's path (cargo leaves the crate name out of the id when they are equal). */
function lastPathSegment(url: string): string {
  const rest = url.replace(/[?#].*$/, '');
  const afterHost = rest.indexOf('/', rest.indexOf('://') + 3);
  return afterHost < 0 ? '' : rest.slice(afterHost).split('/').pop()!;
}

/**
 * cargo's package id spec for a crate from git: `git+<url>?<ref>#<name>@<version>`, with
 * `#<version>` alone when the name is the URL's last path segment (cargo's `PackageIdSpec` display).
 */
export function gitPackageIdSpec(name: string, version: string, url: string, reference: GitReference): string {
  const base = `git+${url}${prettyReference(reference)}`;
  return lastPathSegment(url) === name ? `${base}#${version}` : `${base}#${name}@${version}`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The digest of a `sha256-<base64>` string, or undefined when it is not one. */
function sriDigest(sri: string): Uint8Array | undefined {
  const m = /^sha256-([A-Za-z0-9+/]{43})=$/.exec(sri);
  if (!m) return undefined;
  const bits = [...m[1]!].map((c) => BASE64.indexOf(c).toString(2).padStart(6, '0')).join('');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/** The base32 hash of the crate's repository at its locked commit, or a located error saying what is missing. */
function hashFor(crate: ResolvedCrate & { source: { kind: 'git' } }, gitHashes: readonly GitSourceHash[] | undefined): string {
  const { url, rev } = crate.source;
  const where = { file: 'Cargo.lock', crate: `${crate.id.name}@${crate.id.version}` };
  const found = gitHashes?.find((h) => h.rev === rev && sameUrl(h.url, url));
  if (!found) {
    throw new GeneratorError(
      `crate2nix's crate-hashes.json needs the Nix hash of git dependency ${crate.id.name} ${crate.id.version} (${url} at ${rev}), and the git prefetch has none for it`,
      where,
    );
  }
  if (found.base32) return found.base32;
  const digest = found.sri === undefined ? undefined : sriDigest(found.sri);
  if (digest) return toNixBase32(digest);
  throw new GeneratorError(
    `crate2nix's crate-hashes.json needs the Nix hash of git dependency ${crate.id.name} ${crate.id.version} (${url} at ${rev}): ${found.error ?? 'the git prefetch gave no hash'}`,
    where,
  );
}

export interface CrateHash {
  readonly key: string;
  readonly base32: string;
}

/** One entry per git crate of the lock, sorted by key (crate2nix keeps them in a BTreeMap). */
export function crateHashes(ws: ResolvedWorkspace, gitHashes: readonly GitSourceHash[] | undefined): CrateHash[] {
  const entries = new Map<string, string>();
  for (const c of ws.crates) {
    if (c.source.kind !== 'git') continue;
    const key = gitPackageIdSpec(c.id.name, c.id.version, c.source.url, c.source.reference);
    entries.set(key, hashFor(c as ResolvedCrate & { source: { kind: 'git' } }, gitHashes));
  }
  return [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, base32]) => ({ key, base32 }));
}

/**
 * The file's text as crate2nix writes it (serde_json's pretty printer: two-space indent, no final
 * newline) — `{}` when the lock has no git dependency, as in crate2nix's own repository.
 */
export function crateHashesJson(entries: readonly CrateHash[]): string {
  return JSON.stringify(Object.fromEntries(entries.map((e) => [e.key, e.base32])), null, 2);
}
