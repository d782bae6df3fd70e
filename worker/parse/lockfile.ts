// Cargo.lock, versions 1 to 4, parsed into the locked package graph.
// v1 keeps checksums in `[metadata]`; v1 and v2 spell every dependency as
// `name version (source)`, v3+ only as much as needed to be unambiguous; v4
// percent-encodes git query values. The graph is fixed: the resolver only
// decides which of these edges and features are active.
import { parse, TomlError } from 'smol-toml';
import { GeneratorError } from '../core/errors.ts';
import { packageId, displayPackageId, type PackageId } from '../core/package-id.ts';
import { parseSourceId, SourceParseError, sourceKey, type SourceId } from '../core/source-id.ts';
import { arrayTableHeaderLines } from '../core/text-position.ts';
import { isValidVersion } from '../core/version.ts';

export interface LockedPackage {
  readonly id: PackageId;
  readonly checksum: string | undefined;
  /** Packages this one depends on, in lock order. */
  readonly dependencies: readonly PackageId[];
  /** 1-based line of its `[[package]]` header, for error messages. */
  readonly line: number | undefined;
}

export interface Lockfile {
  /** The format version: 1 (no marker, checksums in `[metadata]`), 2, 3 or 4. */
  readonly version: number;
  readonly packages: readonly LockedPackage[];
  readonly byKey: ReadonlyMap<string, LockedPackage>;
}

const FILE = 'Cargo.lock';

interface DepRef {
  readonly name: string;
  readonly version: string | undefined;
  readonly source: SourceId | undefined;
}

function fail(message: string, line?: number, crate?: string): never {
  throw new GeneratorError(message, { file: FILE, ...(line !== undefined ? { line } : {}), ...(crate ? { crate } : {}) });
}

function parseDepRef(raw: string, line: number | undefined, owner: string): DepRef {
  // `name`, `name version` or `name version (source)`.
  const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(raw);
  if (!m) fail(`invalid dependency \`${raw}\` of package \`${owner}\``, line, owner);
  let source: SourceId | undefined;
  if (m[3] !== undefined) {
    try {
      source = parseSourceId(m[3]);
    } catch (e) {
      fail(`invalid source in dependency \`${raw}\` of \`${owner}\`: ${(e as Error).message}`, line, owner);
    }
  }
  return { name: m[1]!, version: m[2], source };
}

function asString(v: unknown, what: string, line: number | undefined, owner?: string): string {
  if (typeof v !== 'string') fail(`${what} must be a string`, line, owner);
  return v;
}

export function parseLockfile(text: string): Lockfile {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      throw new GeneratorError(`invalid TOML: ${firstLine(e.message)}`, { file: FILE, line: e.line, column: e.column });
    }
    throw e;
  }

  let version = 1;
  if (doc.version !== undefined) {
    if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) fail('`version` must be an integer', 1);
    version = doc.version;
    if (version < 3 || version > 4) {
      fail(`lock file version ${version} is not supported (this tool reads versions 1 to 4)`);
    }
  }

  const rawPackages: unknown[] = [];
  const headerLines = arrayTableHeaderLines(text, 'package');
  const lines: (number | undefined)[] = [];
  if (doc.root !== undefined) {
    // Very old v1 locks list the root package in `[root]`.
    rawPackages.push(doc.root);
    lines.push(undefined);
  }
  if (doc.package !== undefined) {
    if (!Array.isArray(doc.package)) fail('`package` must be an array of tables');
    doc.package.forEach((p, i) => {
      rawPackages.push(p);
      lines.push(headerLines[i]);
    });
  }

  const metadata = doc.metadata;
  const v1Checksums = new Map<string, string>();
  if (metadata !== undefined && typeof metadata === 'object' && metadata !== null) {
    for (const [k, v] of Object.entries(metadata as Record<string, unknown>)) {
      if (!k.startsWith('checksum ') || typeof v !== 'string') continue;
      if (v === '<none>') continue;
      const ref = /^checksum (\S+) (\S+) \((.+)\)$/.exec(k);
      if (ref) {
        try {
          v1Checksums.set(`${ref[1]} ${ref[2]} ${sourceKey(parseSourceId(ref[3]!))}`, v);
        } catch {
          // A malformed metadata key names no package we know; cargo ignores it too.
        }
      }
    }
    if (version === 1 && v1Checksums.size === 0 && doc.version === undefined) version = 2;
  } else if (doc.version === undefined) {
    version = 2;
  }

  interface Pending {
    readonly id: PackageId;
    readonly checksum: string | undefined;
    readonly refs: readonly DepRef[];
    readonly line: number | undefined;
  }
  const pending: Pending[] = [];
  const byKey = new Map<string, Pending>();
  rawPackages.forEach((raw, i) => {
    const line = lines[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('`[[package]]` must be a table', line);
    const p = raw as Record<string, unknown>;
    if (p.name === undefined) fail('package is missing `name`', line);
    const name = asString(p.name, '`name`', line);
    if (p.version === undefined) fail(`package \`${name}\` is missing \`version\``, line, name);
    const ver = asString(p.version, `\`version\` of \`${name}\``, line, name);
    if (!isValidVersion(ver)) fail(`package \`${name}\` has an invalid version \`${ver}\``, line, name);
    let source: SourceId = { kind: 'path', path: '' };
    if (p.source !== undefined) {
      const s = asString(p.source, `\`source\` of \`${name}\``, line, name);
      try {
        source = parseSourceId(s);
      } catch (e) {
        if (e instanceof SourceParseError) fail(`package \`${name} ${ver}\` has an invalid source: ${e.message}`, line, `${name}@${ver}`);
        throw e;
      }
    }
    const id = packageId(name, ver, source);
    let checksum: string | undefined;
    if (p.checksum !== undefined) checksum = asString(p.checksum, `\`checksum\` of \`${name}\``, line, name);
    checksum ??= v1Checksums.get(id.key);
    const refs: DepRef[] = [];
    if (p.dependencies !== undefined) {
      if (!Array.isArray(p.dependencies)) fail(`\`dependencies\` of \`${name}\` must be an array`, line, name);
      for (const d of p.dependencies) refs.push(parseDepRef(asString(d, `a dependency of \`${name}\``, line, name), line, name));
    }
    if (byKey.has(id.key)) fail(`package \`${displayPackageId(id)}\` is listed twice`, line, displayPackageId(id));
    const entry = { id, checksum, refs, line };
    pending.push(entry);
    byKey.set(id.key, entry);
  });

  const byName = new Map<string, Pending[]>();
  for (const p of pending) {
    const list = byName.get(p.id.name) ?? [];
    list.push(p);
    byName.set(p.id.name, list);
  }

  const packages: LockedPackage[] = pending.map((p) => {
    const dependencies = p.refs.map((ref) => {
      let candidates = byName.get(ref.name) ?? [];
      if (ref.version !== undefined) candidates = candidates.filter((c) => c.id.version === ref.version);
      if (ref.source !== undefined) {
        const key = sourceKey(ref.source);
        candidates = candidates.filter((c) => sourceKey(c.id.source) === key);
      }
      const spelled = [ref.name, ref.version].filter(Boolean).join(' ');
      if (candidates.length === 0) {
        fail(`package \`${displayPackageId(p.id)}\` depends on \`${spelled}\`, which is not in the lock file`, p.line, displayPackageId(p.id));
      }
      if (candidates.length > 1) {
        fail(`dependency \`${spelled}\` of \`${displayPackageId(p.id)}\` is ambiguous: add its version and source`, p.line, displayPackageId(p.id));
      }
      return candidates[0]!.id;
    });
    return { id: p.id, checksum: p.checksum, dependencies, line: p.line };
  });

  return { version, packages, byKey: new Map(packages.map((p) => [p.id.key, p])) };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
