// A package's identity: name, exact version and source, ordered as cargo's
// `PackageId` (name, then version, then source) since cargo2nix lists crates
// in that order.
import { compareSourceId, sourceKey, type SourceId } from './source-id.ts';
import { compareVersions } from './version.ts';

export interface PackageId {
  readonly name: string;
  readonly version: string;
  readonly source: SourceId;
  /** Unique string form, usable as a map key. */
  readonly key: string;
}

export function packageId(name: string, version: string, source: SourceId): PackageId {
  return { name, version, source, key: `${name} ${version} ${sourceKey(source)}` };
}

export function comparePackageId(a: PackageId, b: PackageId): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const v = compareVersions(a.version, b.version);
  if (v !== 0) return v;
  return compareSourceId(a.source, b.source);
}

export function displayPackageId(id: PackageId): string {
  return `${id.name}@${id.version}`;
}
