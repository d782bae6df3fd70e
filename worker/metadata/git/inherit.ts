// A git package's manifest made self-contained: every `workspace = true`
// (package fields and dependencies) replaced by what the repository's root
// workspace says, so the pipeline can read it like a published crate's
// manifest. Inheritance is checked first by the same normalisation the
// workspace's own members go through, which gives located errors.
import { stringify } from 'smol-toml';
import { isTable, joinPath, normaliseManifest, type Manifest, type RawManifest } from '../../parse/manifest.ts';

type Table = Record<string, unknown>;

const DEP_SECTIONS = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

/** `to` relative to `from` (both folder paths relative to the repository root). */
function relativePath(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

function inheritDependency(member: Table, inherited: unknown, root: RawManifest, memberDir: string): Table {
  const base: Table = typeof inherited === 'string' ? { version: inherited } : isTable(inherited) ? { ...inherited } : {};
  const features = [...(Array.isArray(base.features) ? base.features : []), ...(Array.isArray(member.features) ? member.features : [])];
  if (features.length > 0) base.features = features;
  if (member.optional !== undefined) base.optional = member.optional;
  if (typeof base.path === 'string') base.path = relativePath(memberDir, joinPath(root.dir, base.path));
  return base;
}

function inheritSection(section: unknown, root: RawManifest, memberDir: string): void {
  if (!isTable(section)) return;
  const deps = root.workspace?.dependencies ?? {};
  for (const [key, spec] of Object.entries(section)) {
    if (isTable(spec) && spec.workspace === true) section[key] = inheritDependency(spec, deps[key], root, memberDir);
  }
}

/** The checked manifest and its text with inheritance applied (unchanged text when nothing is inherited). */
export function selfContainedManifest(raw: RawManifest, root: RawManifest | undefined): { manifest: Manifest; text: string } {
  const manifest = normaliseManifest(raw, root);
  if (!root?.workspace) return { manifest, text: raw.text };
  // Reparse-free deep copy: the raw TOML is shared with other packages of the scan.
  const toml = structuredCloneTable(raw.toml);
  const pkg = toml.package as Table;
  let changed = false;
  for (const [key, value] of Object.entries(pkg)) {
    if (isTable(value) && value.workspace === true && root.workspace.package[key] !== undefined) {
      pkg[key] = root.workspace.package[key];
      changed = true;
    }
  }
  const before = JSON.stringify(toml);
  for (const name of DEP_SECTIONS) inheritSection(toml[name], root, raw.dir);
  if (isTable(toml.target))
    for (const t of Object.values(toml.target)) if (isTable(t)) for (const name of DEP_SECTIONS) inheritSection(t[name], root, raw.dir);
  changed ||= JSON.stringify(toml) !== before;
  return { manifest, text: changed ? stringify(toml) : raw.text };
}

function structuredCloneTable(t: Table): Table {
  const out: Table = {};
  for (const [k, v] of Object.entries(t))
    out[k] = isTable(v) ? structuredCloneTable(v) : Array.isArray(v) ? v.map((x: unknown) => (isTable(x) ? structuredCloneTable(x) : x)) : v;
  return out;
}
