// A MetadataSource over a registry folder laid out like the fixtures in
// test/fixtures/<set>/registry: `index/<sparse path>`, `crate-facts.json`,
// `git/<name>@<version>/Cargo.toml`. Node only: the command line and tests.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GeneratorError } from '../core/errors.ts';
import { indexPath, parseIndexFile } from '../metadata/index-path.ts';
import type { CrateFacts, IndexEntry, MetadataSource, RegistryCrate } from '../metadata/source.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';

export class RegistryDirSource implements MetadataSource {
  private facts: Promise<Record<string, CrateFacts>> | undefined;
  private readonly indexFiles = new Map<string, Promise<unknown[] | undefined>>();

  constructor(private readonly dir: string) {}

  private loadFacts(): Promise<Record<string, CrateFacts>> {
    this.facts ??= readFile(join(this.dir, 'crate-facts.json'), 'utf8').then(
      (t) => JSON.parse(t) as Record<string, CrateFacts>,
      () => ({}),
    );
    return this.facts;
  }

  private indexFile(name: string): Promise<unknown[] | undefined> {
    let p = this.indexFiles.get(name);
    if (!p) {
      p = readFile(join(this.dir, 'index', indexPath(name)), 'utf8').then(
        (t) => parseIndexFile(t, name),
        () => undefined,
      );
      this.indexFiles.set(name, p);
    }
    return p;
  }

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const who = displayPackageId(id);
    const lines = await this.indexFile(id.name);
    if (!lines) throw new GeneratorError(`crate \`${id.name}\` is not in the registry index at ${this.dir}`, { crate: who });
    const entry = lines.find((l) => (l as IndexEntry).vers === id.version) as IndexEntry | undefined;
    if (!entry) throw new GeneratorError(`version ${id.version} of \`${id.name}\` is not in the registry index`, { crate: who });
    const facts = (await this.loadFacts())[`${id.name}@${id.version}`];
    if (!facts) throw new GeneratorError(`no lib facts (crate-facts.json) for \`${who}\``, { crate: who });
    return { entry, facts };
  }

  async gitManifest(id: PackageId): Promise<string> {
    try {
      return await readFile(join(this.dir, 'git', `${id.name}@${id.version}`, 'Cargo.toml'), 'utf8');
    } catch {
      throw new GeneratorError(`no Cargo.toml for git package \`${displayPackageId(id)}\` in ${this.dir}/git`, { crate: displayPackageId(id) });
    }
  }
}
