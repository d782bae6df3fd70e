// A locked package's source as the model states it: its source id with what
// Cargo.lock pins (a registry crate's checksum, a git crate's commit) and, for
// a path package, the directory its manifest was found in.
import { GeneratorError } from '../core/errors.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';
import { isCratesIo } from '../core/source-id.ts';
import type { CrateSource } from '../model/model.ts';
import type { Lockfile } from '../parse/lockfile.ts';

/** Package key → directory relative to the workspace root, for every path package with a manifest. */
export type LocalDirs = ReadonlyMap<string, string>;

export function crateSource(id: PackageId, lock: Lockfile, localDirs: LocalDirs): CrateSource {
  const who = displayPackageId(id);
  const src = id.source;
  const line = lock.byKey.get(id.key)?.line;
  const at = { file: 'Cargo.lock', crate: who, ...(line !== undefined ? { line } : {}) };
  switch (src.kind) {
    case 'registry':
    case 'sparse': {
      const checksum = lock.byKey.get(id.key)?.checksum;
      if (!checksum) throw new GeneratorError(`checksum is required for registry package \`${who}\`, and Cargo.lock has none`, at);
      const sparse = src.kind === 'sparse';
      return {
        kind: 'registry',
        url: sparse ? src.url.slice('sparse+'.length) : src.url,
        protocol: sparse ? 'sparse' : 'git',
        cratesIo: isCratesIo(src),
        checksum,
      };
    }
    case 'git':
      if (!src.precise) throw new GeneratorError(`git package \`${who}\` has no locked revision (\`#<commit>\`) in its source`, at);
      return { kind: 'git', url: src.url, reference: src.reference, rev: src.precise };
    case 'path': {
      const path = localDirs.get(id.key);
      // Only packages with a manifest get this far: the resolver refuses to reach one without.
      if (path === undefined) throw new GeneratorError(`no Cargo.toml was given for the path package \`${who}\``, at);
      return { kind: 'path', path };
    }
  }
}
