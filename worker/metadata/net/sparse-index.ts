// A sparse index over HTTP (crates.io's, or an alternative registry's): one file per crate name, one JSON line
// per published version. Several locked versions of one crate share a file,
// so each file is fetched once per run and parsed once.
import { GeneratorError } from '../../core/errors.ts';
import { indexPath, parseIndexFile } from '../index-path.ts';
import type { IndexEntry } from '../source.ts';
import { displayPackageId, type PackageId } from '../../core/package-id.ts';
import { hostOf, request, type HttpPolicy } from './http.ts';

export const CRATES_IO_INDEX_BASE = 'https://index.crates.io';

/** How messages name a registry, and what to say when its host cannot be reached. */
export interface RegistryLabel {
  /** e.g. `crates.io`, or `the registry sparse+https://…`. */
  readonly name: string;
  readonly unreachable?: (detail: string) => string;
}

export const CRATES_IO_LABEL: RegistryLabel = { name: 'crates.io' };

export class SparseIndex {
  private readonly files = new Map<string, Promise<readonly unknown[]>>();
  private readonly base: string;

  constructor(
    base: string,
    private readonly policy: HttpPolicy,
    private readonly label: RegistryLabel = CRATES_IO_LABEL,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  /**
   * The parsed index file of `name`, fetched at most once while it keeps succeeding. Shared by every
   * version of the crate, so only the run's signal (in the policy) may cancel it.
   */
  file(name: string, who: string): Promise<readonly unknown[]> {
    const key = name.toLowerCase();
    let pending = this.files.get(key);
    if (!pending) {
      pending = this.fetchFile(name, who);
      // A failed fetch is not remembered: a later run on the same source tries again.
      pending.catch(() => this.files.delete(key));
      this.files.set(key, pending);
    }
    return pending;
  }

  private fetchFile(name: string, who: string): Promise<readonly unknown[]> {
    const url = `${this.base}/${indexPath(name)}`;
    return request(this.policy, {
      url,
      crate: who,
      what: `the index entry of \`${name}\``,
      ...(this.label.unreachable ? { unreachable: this.label.unreachable } : {}),
      notFound: (answer) =>
        new GeneratorError(
          this.label === CRATES_IO_LABEL
            ? `crate \`${name}\` is not on crates.io (${answer}): check its name in Cargo.toml and Cargo.lock, or whether it comes from another registry (its \`registry\` key in Cargo.toml)`
            : `crate \`${name}\` is not in ${this.label.name} (${answer}): check its name and registry in Cargo.toml and Cargo.lock`,
          { crate: who },
        ),
      read: async (response) => {
        const text = await response.text();
        try {
          return parseIndexFile(text, name);
        } catch (e) {
          throw new GeneratorError(`the index file of \`${name}\` from ${hostOf(url)} is not valid (${(e as Error).message}); try again later`, {
            crate: who,
          });
        }
      },
    });
  }

  /** The index line of exactly `id`'s version. */
  async entry(id: PackageId): Promise<IndexEntry> {
    const who = displayPackageId(id);
    const lines = await this.file(id.name, who);
    const found = lines.find((l): l is IndexEntry => typeof l === 'object' && l !== null && (l as { vers?: unknown }).vers === id.version);
    if (!found) {
      throw new GeneratorError(
        `${this.label.name} has no version ${id.version} of \`${id.name}\`: check Cargo.lock (\`cargo update -p ${id.name}\` picks a published version)`,
        { crate: who },
      );
    }
    return found;
  }
}
