// A metadata snapshot inside a share link: checked on the way in (a link is outside input, and
// MemorySource trusts its snapshot), and compacted on the way out — only the fields the engine reads,
// defaults left out, keys sorted — so links are short and the same metadata always encodes the same.
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import type { CrateFacts, IndexDependency, IndexEntry } from '../metadata/source.ts';
import { crateNameOf } from '../core/summary.ts';
import { ShareLinkError } from './errors.ts';

function bad(message: string): ShareLinkError {
  return new ShareLinkError('bad-field', `the link's snapshot: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
const optionalBool = (v: unknown) => v === undefined || v === null || typeof v === 'boolean';
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function checkFeatureMap(value: unknown, where: string): void {
  if (!isRecord(value) || !Object.values(value).every(stringList)) throw bad(`${where} must map feature names to lists of strings`);
}

function checkDependency(d: unknown, where: string): void {
  if (!isRecord(d) || typeof d.name !== 'string' || typeof d.req !== 'string') throw bad(`${where} must have string name and req`);
  for (const k of ['target', 'kind', 'registry', 'package'] as const) if (!optionalString(d[k])) throw bad(`${where}.${k} must be a string`);
  for (const k of ['optional', 'default_features'] as const) if (!optionalBool(d[k])) throw bad(`${where}.${k} must be true or false`);
  if (d.features !== undefined && d.features !== null && !stringList(d.features)) throw bad(`${where}.features must be a list of strings`);
}

function checkEntry(e: unknown, crate: string, i: number): void {
  const where = `index[${JSON.stringify(crate)}][${i}]`;
  if (!isRecord(e) || e.name !== crate || typeof e.vers !== 'string') throw bad(`${where} must be an index line of ${crate} with a version`);
  if (!Array.isArray(e.deps)) throw bad(`${where}.deps must be a list`);
  e.deps.forEach((d, j) => checkDependency(d, `${where}.deps[${j}]`));
  checkFeatureMap(e.features ?? {}, `${where}.features`);
  if (e.features2 !== undefined && e.features2 !== null) checkFeatureMap(e.features2, `${where}.features2`);
  if (!optionalString(e.links)) throw bad(`${where}.links must be a string`);
}

export function checkSnapshot(value: unknown): MetadataSnapshot {
  if (!isRecord(value) || !isRecord(value.index)) throw bad('must be an object with an `index`');
  for (const [crate, entries] of Object.entries(value.index)) {
    if (!Array.isArray(entries)) throw bad(`index[${JSON.stringify(crate)}] must be a list`);
    entries.forEach((e, i) => checkEntry(e, crate, i));
  }
  if (value.facts !== undefined) {
    if (!isRecord(value.facts)) throw bad('`facts` must be an object');
    for (const [key, f] of Object.entries(value.facts)) {
      if (!isRecord(f) || !(f.libName === null || typeof f.libName === 'string') || typeof f.procMacro !== 'boolean') {
        throw bad(`facts[${JSON.stringify(key)}] must be {libName: string | null, procMacro: boolean}`);
      }
    }
  }
  if (value.git !== undefined && (!isRecord(value.git) || !Object.values(value.git).every((t) => typeof t === 'string'))) {
    throw bad('`git` must map name@version to Cargo.toml text');
  }
  // Every field was checked above against the shapes MemorySource and summaryFromRegistry read.
  const snapshot = value as unknown as MetadataSnapshot;
  return {
    index: withoutPrototype(snapshot.index),
    ...(snapshot.facts ? { facts: withoutPrototype(snapshot.facts) } : {}),
    ...(snapshot.git ? { git: withoutPrototype(snapshot.git) } : {}),
  };
}

function sortedRecord<T, U>(record: Readonly<Record<string, T>>, map: (value: T, key: string) => U | undefined): Record<string, U> {
  const out: [string, U][] = [];
  for (const key of Object.keys(record).sort()) {
    const v = map(record[key]!, key);
    if (v !== undefined) out.push([key, v]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays a key.
  return Object.fromEntries(out);
}

/** Lookups by crate name must not find Object.prototype's members (a crate may be called `constructor`). */
function withoutPrototype<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

/** A dependency with the values summaryFromRegistry would assume anyway left out. */
function compactDependency(d: IndexDependency): IndexDependency {
  return {
    name: d.name,
    req: d.req,
    ...(d.features && d.features.length > 0 ? { features: d.features } : {}),
    ...(d.optional === true ? { optional: true } : {}),
    ...(d.default_features === false ? { default_features: false } : {}),
    ...(d.target != null ? { target: d.target } : {}),
    ...(d.kind != null && d.kind !== 'normal' ? { kind: d.kind } : {}),
    ...(d.registry != null ? { registry: d.registry } : {}),
    ...(d.package != null ? { package: d.package } : {}),
  };
}

function compactEntry(e: IndexEntry): IndexEntry {
  const features2 = e.features2 && Object.keys(e.features2).length > 0 ? e.features2 : undefined;
  return {
    name: e.name,
    vers: e.vers,
    deps: e.deps.map(compactDependency),
    features: sortedRecord(e.features ?? {}, (v) => v),
    ...(features2 ? { features2: sortedRecord(features2, (v) => v) } : {}),
    ...(e.links != null ? { links: e.links } : {}),
  };
}

/** Facts equal to what MemorySource assumes for a missing entry are left out. */
function isDefaultFacts(key: string, f: CrateFacts): boolean {
  const name = key.slice(0, key.lastIndexOf('@'));
  return !f.procMacro && f.libName === crateNameOf(name);
}

export function compactSnapshot(snapshot: MetadataSnapshot): MetadataSnapshot {
  const facts = sortedRecord(snapshot.facts ?? {}, (f, key) => (isDefaultFacts(key, f) ? undefined : { libName: f.libName, procMacro: f.procMacro }));
  const git = sortedRecord(snapshot.git ?? {}, (t) => t);
  return {
    index: sortedRecord(snapshot.index, (entries) => [...entries].sort((a, b) => (a.vers < b.vers ? -1 : a.vers > b.vers ? 1 : 0)).map(compactEntry)),
    ...(Object.keys(facts).length > 0 ? { facts } : {}),
    ...(Object.keys(git).length > 0 ? { git } : {}),
  };
}
