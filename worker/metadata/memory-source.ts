// A MetadataSource over data already in memory: bundled example snapshots on
// the site, hand-written registries in tests, and a cache's contents.
import { GeneratorError } from '../core/errors.ts';
import type { CrateFacts, IndexEntry, MetadataSource, RegistryCrate } from './source.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';
import { crateNameOf } from '../core/summary.ts';

export interface MetadataSnapshot {
  /** Index entries by crate name. */
  readonly index: Readonly<Record<string, readonly IndexEntry[]>>;
  /** Lib facts by `name@version`; a missing entry means a lib named after the crate, not a proc-macro. */
  readonly facts?: Readonly<Record<string, CrateFacts>>;
  /** Git packages' Cargo.toml by `name@version`. */
  readonly git?: Readonly<Record<string, string>>;
}

export class MemorySource implements MetadataSource {
  constructor(private readonly snapshot: MetadataSnapshot) {}

  /** Whether the snapshot can answer for this package (lets a layered source fall through). */
  has(id: PackageId): boolean {
    if (id.source.kind === 'git') return this.snapshot.git?.[`${id.name}@${id.version}`] !== undefined;
    return this.snapshot.index[id.name]?.some((e) => e.vers === id.version) ?? false;
  }

  registryCrate(id: PackageId): Promise<RegistryCrate> {
    const who = displayPackageId(id);
    const entry = this.snapshot.index[id.name]?.find((e) => e.vers === id.version);
    if (!entry) return Promise.reject(new GeneratorError(`no index entry for \`${who}\` in the metadata snapshot`, { crate: who }));
    const facts = this.snapshot.facts?.[`${id.name}@${id.version}`] ?? { libName: crateNameOf(id.name), procMacro: false };
    return Promise.resolve({ entry, facts });
  }

  gitManifest(id: PackageId): Promise<string> {
    const text = this.snapshot.git?.[`${id.name}@${id.version}`];
    if (text === undefined) {
      return Promise.reject(
        new GeneratorError(`no Cargo.toml for git package \`${displayPackageId(id)}\` in the metadata snapshot`, { crate: displayPackageId(id) }),
      );
    }
    return Promise.resolve(text);
  }
}
