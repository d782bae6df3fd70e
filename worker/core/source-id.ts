// Where a package comes from, as cargo's `SourceId` models it, parsed from the
// `source` strings of Cargo.lock. Ordering and the strings cargo2nix prints
// follow cargo 0.86 / cargo2nix 0.12.0.

export type GitReference =
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'branch'; readonly value: string }
  | { readonly kind: 'rev'; readonly value: string }
  | { readonly kind: 'default' };

export type SourceId =
  /** A package on disk: a workspace member or a `path =` dependency. */
  | { readonly kind: 'path'; readonly path: string }
  /** `registry+<url>`: crates.io or an alternative registry, git-protocol index. */
  | { readonly kind: 'registry'; readonly url: string }
  /** `sparse+<url>`: a sparse-protocol index (the `sparse+` is part of the url, as in cargo). */
  | { readonly kind: 'sparse'; readonly url: string }
  | { readonly kind: 'git'; readonly url: string; readonly reference: GitReference; readonly precise: string | undefined };

export const CRATES_IO_INDEX = 'https://github.com/rust-lang/crates.io-index';
export const CRATES_IO: SourceId = { kind: 'registry', url: CRATES_IO_INDEX };

export class SourceParseError extends Error {}

/** Normalise like the `url` crate would for the hierarchical URLs found in locks. */
function normaliseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SourceParseError(`invalid url \`${raw}\``);
  }
  return u.href;
}

function gitReferenceFromQuery(search: URLSearchParams): GitReference {
  let reference: GitReference = { kind: 'default' };
  for (const [k, v] of search) {
    // cargo maps the older `ref` key to a branch.
    if (k === 'branch' || k === 'ref') reference = { kind: 'branch', value: v };
    else if (k === 'rev') reference = { kind: 'rev', value: v };
    else if (k === 'tag') reference = { kind: 'tag', value: v };
  }
  return reference;
}

/** Parse a lock file `source` string (`registry+…`, `sparse+…`, `git+…`). */
export function parseSourceId(s: string): SourceId {
  const plus = s.indexOf('+');
  if (plus < 0) throw new SourceParseError(`invalid source \`${s}\``);
  const kind = s.slice(0, plus);
  const rest = s.slice(plus + 1);
  switch (kind) {
    case 'registry':
      return { kind: 'registry', url: normaliseUrl(rest) };
    case 'sparse':
      normaliseUrl(rest);
      return { kind: 'sparse', url: s };
    case 'git': {
      let u: URL;
      try {
        u = new URL(rest);
      } catch {
        throw new SourceParseError(`invalid url \`${rest}\``);
      }
      const reference = gitReferenceFromQuery(u.searchParams);
      const precise = u.hash ? decodeURIComponent(u.hash.slice(1)) : undefined;
      u.hash = '';
      u.search = '';
      return { kind: 'git', url: u.href, reference, precise };
    }
    case 'path':
      return { kind: 'path', path: rest };
    default:
      throw new SourceParseError(`unsupported source protocol: ${kind}`);
  }
}

export function isRegistry(s: SourceId): s is Extract<SourceId, { kind: 'registry' | 'sparse' }> {
  return s.kind === 'registry' || s.kind === 'sparse';
}

export function isCratesIo(s: SourceId): boolean {
  return (s.kind === 'registry' && s.url === CRATES_IO_INDEX) || (s.kind === 'sparse' && s.url === 'sparse+https://index.crates.io/');
}

/** The `registry` string cargo2nix writes: `unknown`, `git+<url>` or the registry url. */
export function registryString(s: SourceId): string {
  switch (s.kind) {
    case 'path':
      return 'unknown';
    case 'git':
      return `git+${s.url}`;
    case 'registry':
      return `registry+${s.url}`;
    case 'sparse':
      return s.url;
  }
}

/** A stable identity string: equal for the same source, ignoring a git `precise`. */
export function sourceKey(s: SourceId): string {
  switch (s.kind) {
    case 'path':
      return `path+${s.path}`;
    case 'git':
      return `git+${s.url}${s.reference.kind === 'default' ? '' : `?${s.reference.kind}=${s.reference.value}`}`;
    default:
      return registryString(s);
  }
}

const KIND_ORDER = { path: 0, registry: 1, sparse: 2, git: 5 } as const;
const GIT_REF_ORDER = { tag: 0, branch: 1, rev: 2, default: 3 } as const;

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** cargo's `Ord for SourceId`: kind first (path < registry < sparse < … < git), then url. */
export function compareSourceId(a: SourceId, b: SourceId): number {
  const k = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (k !== 0) return k;
  if (a.kind === 'git' && b.kind === 'git') {
    const r = GIT_REF_ORDER[a.reference.kind] - GIT_REF_ORDER[b.reference.kind];
    if (r !== 0) return r;
    if (a.reference.kind !== 'default' && b.reference.kind !== 'default') {
      const v = cmpStr(a.reference.value, b.reference.value);
      if (v !== 0) return v;
    }
    return cmpStr(a.url, b.url);
  }
  if (a.kind === 'path' && b.kind === 'path') return cmpStr(a.path, b.path);
  return cmpStr(registryString(a), registryString(b));
}
