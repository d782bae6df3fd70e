// Crate metadata the lock file does not carry, behind one interface so the
// same engine reads a local registry folder (tests, command line) or the
// network (the site): a registry crate's index line plus the facts only its
// own Cargo.toml has (lib name, proc-macro), and a git crate's Cargo.toml.
import { CfgParseError, parsePlatform } from '../parse/cfg.ts';
import type { Platform } from '../core/cfg-types.ts';
import { GeneratorError } from '../core/errors.ts';
import { displayPackageId, type PackageId } from '../core/package-id.ts';
import { buildFeatureMap, crateNameOf, type Dependency, type DepKind, type Summary } from '../core/summary.ts';

/** One line of a registry index (https://doc.rust-lang.org/cargo/reference/registry-index.html). */
export interface IndexEntry {
  readonly name: string;
  readonly vers: string;
  readonly deps: readonly IndexDependency[];
  readonly features: Readonly<Record<string, readonly string[]>>;
  readonly features2?: Readonly<Record<string, readonly string[]>> | null;
  readonly links?: string | null;
  readonly cksum?: string;
  readonly yanked?: boolean;
  readonly v?: number;
}

export interface IndexDependency {
  readonly name: string;
  readonly req: string;
  readonly features?: readonly string[] | null;
  readonly optional?: boolean | null;
  readonly default_features?: boolean | null;
  readonly target?: string | null;
  readonly kind?: string | null;
  readonly registry?: string | null;
  readonly package?: string | null;
}

/** What only the crate's own Cargo.toml says: its `[lib]` target. */
export interface CrateFacts {
  /** The lib target's name, or null when the crate has no lib target. */
  readonly libName: string | null;
  readonly procMacro: boolean;
}

export interface RegistryCrate {
  readonly entry: IndexEntry;
  readonly facts: CrateFacts;
}

export interface MetadataSource {
  /** Index line and lib facts of one registry package. */
  registryCrate(id: PackageId): Promise<RegistryCrate>;
  /** The Cargo.toml of a git package at its locked revision. */
  gitManifest(id: PackageId): Promise<string>;
}

function indexDepKind(kind: string | null | undefined, id: PackageId, name: string): DepKind {
  switch (kind ?? 'normal') {
    case 'normal':
      return 'normal';
    case 'dev':
      return 'dev';
    case 'build':
      return 'build';
    default:
      throw new GeneratorError(`index entry of \`${displayPackageId(id)}\` has dependency \`${name}\` of unknown kind \`${kind}\``, {
        crate: displayPackageId(id),
      });
  }
}

/** Build the resolver's Summary from a registry index line and the crate's lib facts. */
export function summaryFromRegistry(id: PackageId, crate: RegistryCrate): Summary {
  const { entry, facts } = crate;
  const who = displayPackageId(id);
  if (entry.name !== id.name || entry.vers !== id.version) {
    throw new GeneratorError(`metadata for \`${who}\` describes \`${entry.name}@${entry.vers}\``, { crate: who });
  }
  if (!Array.isArray(entry.deps)) throw new GeneratorError(`index entry of \`${who}\` has no \`deps\` list`, { crate: who });
  const dependencies: Dependency[] = entry.deps.map((d) => {
    if (typeof d.name !== 'string' || typeof d.req !== 'string') {
      throw new GeneratorError(`index entry of \`${who}\` has a malformed dependency`, { crate: who });
    }
    let platform: Platform | undefined;
    if (d.target != null) {
      try {
        platform = parsePlatform(d.target);
      } catch (e) {
        if (e instanceof CfgParseError) throw new GeneratorError(`dependency \`${d.name}\` of \`${who}\`: ${e.message}`, { crate: who });
        throw e;
      }
    }
    return {
      nameInToml: d.name,
      packageName: d.package ?? d.name,
      renamed: d.package != null,
      req: d.req,
      kind: indexDepKind(d.kind, id, d.name),
      platform,
      optional: d.optional === true,
      usesDefaultFeatures: d.default_features !== false,
      features: d.features ?? [],
      source: { kind: 'registry', registry: d.registry ?? undefined },
    };
  });
  const declared = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries(entry.features ?? {})) declared.set(k, v);
  for (const [k, v] of Object.entries(entry.features2 ?? {})) declared.set(k, [...(declared.get(k) ?? []), ...v]);
  return {
    id,
    dependencies,
    features: buildFeatureMap(declared, dependencies),
    libCrateName: facts.libName === null ? undefined : crateNameOf(facts.libName),
    procMacro: facts.procMacro,
    links: entry.links ?? undefined,
  };
}
