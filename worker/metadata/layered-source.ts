// Bundled snapshot first, network second: examples render instantly and
// offline, and crates the user adds to an example are still fetched.
import type { MetadataSource, RegistryCrate } from './source.ts';
import type { MemorySource } from './memory-source.ts';
import type { PackageId } from '../core/package-id.ts';

export class LayeredSource implements MetadataSource {
  constructor(
    private readonly first: MemorySource,
    private readonly rest: MetadataSource,
  ) {}

  registryCrate(id: PackageId): Promise<RegistryCrate> {
    return this.first.has(id) ? this.first.registryCrate(id) : this.rest.registryCrate(id);
  }

  gitManifest(id: PackageId): Promise<string> {
    return this.first.has(id) ? this.first.gitManifest(id) : this.rest.gitManifest(id);
  }
}
