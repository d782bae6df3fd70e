// A MetadataSource over a registry folder laid out like the fixtures in
// test/fixtures/<set>/registry: `index/<sparse path>`, `crate-facts.json`,
// `git/<name>@<version>/Cargo.toml`. Node only: the command line and tests.
// Files are read synchronously: they are small and local, and one blocking read costs less than the
// four thread-pool round trips of an async readFile, which dominated a command-line run's I/O.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../core/errors.ts';
import { indexEntryFor, indexPath } from '../metadata/index-path.ts';
import type { CrateFacts, IndexEntry, MetadataSource, RegistryCrate } from '../metadata/source.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';

export class RegistryDirSource implements MetadataSource {
  private facts: Promise<Record<string, CrateFacts>> | undefined;
  /** Index files' text per crate name; lines are parsed only for the versions asked for. */
  private readonly indexFiles = new Map<string, string | undefined>();

  constructor(private readonly dir: string) {}

  private loadFacts(): Promise<Record<string, CrateFacts>> {
    this.facts ??= Promise.resolve().then(() => {
      const text = readOptional(join(this.dir, 'crate-facts.json'));
      return text === undefined ? {} : (JSON.parse(text) as Record<string, CrateFacts>);
    });
    return this.facts;
  }

  private indexFile(name: string): string | undefined {
    if (!this.indexFiles.has(name)) this.indexFiles.set(name, readOptional(join(this.dir, 'index', indexPath(name))));
    return this.indexFiles.get(name);
  }

  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    const who = displayPackageId(id);
    const text = this.indexFile(id.name);
    if (text === undefined) throw new GeneratorError(`crate \`${id.name}\` is not in the registry index at ${this.dir}`, { crate: who });
    const entry = indexEntryFor(text, id.name, id.version) as IndexEntry | undefined;
    if (!entry) throw new GeneratorError(`version ${id.version} of \`${id.name}\` is not in the registry index`, { crate: who });
    const facts = (await this.loadFacts())[`${id.name}@${id.version}`];
    if (!facts) throw new GeneratorError(`no lib facts (crate-facts.json) for \`${who}\``, { crate: who });
    return { entry, facts };
  }

  async gitManifest(id: PackageId): Promise<string> {
    const text = readOptional(join(this.dir, 'git', `${id.name}@${id.version}`, 'Cargo.toml'));
    if (text === undefined)
      throw new GeneratorError(`no Cargo.toml for git package \`${displayPackageId(id)}\` in ${this.dir}/git`, { crate: displayPackageId(id) });
    return text;
  }
}

/** The file's text, or undefined when it cannot be read (the callers say what is missing). */
function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
