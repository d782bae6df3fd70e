// A MetadataSource that remembers what a run asked for, so the run can be replayed offline: its
// snapshot() is the smallest MetadataSnapshot a MemorySource needs to answer the same questions
// (only the versions asked for, only facts that differ from MemorySource's default). Share links
// carry it.
import type { PackageId } from '../core/package-id.ts';
import { crateNameOf } from '../core/summary.ts';
import type { MetadataSnapshot } from './memory-source.ts';
import type { CrateFacts, IndexEntry, MetadataSource, RegistryCrate } from './source.ts';

export class RecordingSource implements MetadataSource {
  private readonly entries = new Map<string, Map<string, IndexEntry>>();
  private readonly facts = new Map<string, CrateFacts>();
  private readonly git = new Map<string, string>();

  constructor(private readonly inner: MetadataSource) {}

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const crate = await this.inner.registryCrate(id);
    let versions = this.entries.get(id.name);
    if (!versions) this.entries.set(id.name, (versions = new Map()));
    versions.set(id.version, crate.entry);
    const key = `${id.name}@${id.version}`;
    if (crate.facts.procMacro || crate.facts.libName !== crateNameOf(id.name)) this.facts.set(key, crate.facts);
    else this.facts.delete(key);
    return crate;
  }

  async gitManifest(id: PackageId): Promise<string> {
    const text = await this.inner.gitManifest(id);
    this.git.set(`${id.name}@${id.version}`, text);
    return text;
  }

  /** What was answered so far, keys sorted so the same run gives the same snapshot whatever the fetch order. */
  snapshot(): MetadataSnapshot {
    const bySortedKey = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const sorted = <T>(map: Map<string, T>) => Object.fromEntries(bySortedKey(map));
    const index = Object.fromEntries(bySortedKey(this.entries).map(([name, versions]) => [name, bySortedKey(versions).map(([, e]) => e)]));
    return {
      index,
      ...(this.facts.size > 0 ? { facts: sorted(this.facts) } : {}),
      ...(this.git.size > 0 ? { git: sorted(this.git) } : {}),
    };
  }
}
