// What differs between the builds of one Cargo.nix on two platforms: crates
// that build on only one side, and crates built on both with different
// features. Both sides come from platformBuild, so the difference has the
// meaning the generated Nix gives it.
import type { BuiltCrate, PlatformBuild } from './platform-build.ts';

export interface CrateFeatureDiff {
  /** {@link crateKey} of the crate. */
  readonly key: string;
  readonly name: string;
  readonly version: string;
  /** Features on only in `a`'s build, sorted. */
  readonly onlyA: readonly string[];
  /** Features on only in `b`'s build, sorted. */
  readonly onlyB: readonly string[];
}

export interface DiffCrate {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly features: readonly string[];
}

export interface PlatformDiff {
  /** Crates only `a` builds, in the model's order. */
  readonly onlyA: readonly DiffCrate[];
  readonly onlyB: readonly DiffCrate[];
  /** Crates both build with different features, in the model's order. */
  readonly features: readonly CrateFeatureDiff[];
  /** How many crates both build. */
  readonly common: number;
}

const diffCrate = (c: BuiltCrate): DiffCrate => ({ key: c.key, name: c.crate.id.name, version: c.crate.id.version, features: c.features });

/** The difference between two builds of the same workspace. */
export function platformDiff(a: PlatformBuild, b: PlatformBuild): PlatformDiff {
  const inB = new Map(b.crates.map((c) => [c.key, c]));
  const inA = new Set(a.crates.map((c) => c.key));
  const onlyA: DiffCrate[] = [];
  const features: CrateFeatureDiff[] = [];
  let common = 0;
  for (const c of a.crates) {
    const other = inB.get(c.key);
    if (!other) {
      onlyA.push(diffCrate(c));
      continue;
    }
    common++;
    const fb = new Set(other.features);
    const fa = new Set(c.features);
    const onlyFa = c.features.filter((f) => !fb.has(f));
    const onlyFb = other.features.filter((f) => !fa.has(f));
    if (onlyFa.length > 0 || onlyFb.length > 0)
      features.push({ key: c.key, name: c.crate.id.name, version: c.crate.id.version, onlyA: onlyFa, onlyB: onlyFb });
  }
  const onlyB = b.crates.filter((c) => !inA.has(c.key)).map(diffCrate);
  return { onlyA, onlyB, features, common };
}
