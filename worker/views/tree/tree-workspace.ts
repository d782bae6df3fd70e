// The workspace facts `cargo tree` needs besides the locked graph: members, default members, the
// root package, the resolver version (`resolver = "2"`, or edition 2021 of the root package), and
// where path packages live. Read from the parsed inputs, the same ones the model is built from.
import type { PackageId } from '../../core/package-id.ts';
import type { Summary } from '../../core/summary.ts';
import { isTable, parseTomlFile, type Table } from '../../parse/manifest.ts';
import { localDirs, memberInputs, type ParsedInputs } from '../../pipeline.ts';
import { LockGraph } from '../../resolve/resolver.ts';
import type { PackageMetadata, TreeWorkspace } from '../cargo-tree.ts';

/** cargo's `ResolveBehavior` of the root manifest: an explicit `resolver`, else edition 2021 and later of a root package. */
export function usesResolverV2(inputs: ParsedInputs): boolean {
  const toml = inputs.ws.root.toml;
  const ws = isTable(toml.workspace) ? toml.workspace : undefined;
  const pkg = isTable(toml.package) ? toml.package : undefined;
  const explicit = ws?.resolver ?? pkg?.resolver;
  if (typeof explicit === 'string') return explicit !== '1';
  if (!pkg) return false;
  let edition = pkg.edition;
  // `edition.workspace = true` takes the workspace's `[workspace.package] edition`.
  if (isTable(edition) && edition.workspace === true) edition = isTable(ws?.package) ? ws.package.edition : undefined;
  return typeof edition === 'string' && Number(edition) >= 2021;
}

function dirMatches(pattern: string, dir: string): boolean {
  const norm = (p: string) => p.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return norm(pattern) === dir;
}

/** `license` and `repository` of a package's own manifest, `field.workspace = true` taken from `[workspace.package]`. */
function manifestMetadata(toml: Table, rootToml: Table): PackageMetadata {
  const pkg = isTable(toml.package) ? toml.package : {};
  const ws = isTable(rootToml.workspace) && isTable(rootToml.workspace.package) ? rootToml.workspace.package : {};
  const field = (name: string): string | undefined => {
    let v = pkg[name];
    if (isTable(v) && v.workspace === true) v = ws[name];
    return typeof v === 'string' ? v : undefined;
  };
  return { license: field('license'), repository: field('repository') };
}

export function treeWorkspace(inputs: ParsedInputs, summaries: ReadonlyMap<string, Summary>, rootPath: string): TreeWorkspace {
  const members = memberInputs(inputs);
  const root = members.find((m) => m.path === '');
  const declaredDefault = inputs.ws.root.workspace?.defaultMembers;
  const defaultMembers =
    declaredDefault !== undefined ? members.filter((m) => declaredDefault.some((p) => dirMatches(p, m.path))) : root ? [root] : members;
  const dirs = localDirs(inputs);
  // A workspace package has a lib when its manifest declares one or `src/lib.rs` exists (cargo's auto-discovery).
  const libName = (id: PackageId): string | undefined => {
    const dir = dirs.get(id.key);
    const manifest = dir === undefined ? undefined : inputs.ws.localByDir.get(dir);
    if (!manifest) return summaries.get(id.key)?.libCrateName;
    const hasLib = manifest.declaresLib || inputs.files.has(dir === '' ? 'src/lib.rs' : `${dir}/src/lib.rs`);
    return hasLib ? manifest.libCrateName : undefined;
  };
  // Only workspace and path packages have their Cargo.toml here; the index carries neither field.
  const metadataByDir = new Map<string, PackageMetadata>();
  const metadata = (id: PackageId): PackageMetadata | undefined => {
    const dir = dirs.get(id.key);
    if (dir === undefined) return undefined;
    let m = metadataByDir.get(dir);
    if (!m) {
      const file = dir === '' ? 'Cargo.toml' : `${dir}/Cargo.toml`;
      const text = inputs.files.get(file);
      if (text === undefined) return undefined;
      m = manifestMetadata(dir === '' ? inputs.ws.root.toml : parseTomlFile(file, text), inputs.ws.root.toml);
      metadataByDir.set(dir, m);
    }
    return m;
  };
  // The workspace's files (and the folders holding them) are what exists under the root.
  const pathExists = (relative: string): boolean => {
    const path = relative
      .split('/')
      .filter((c) => c !== '' && c !== '.')
      .join('/');
    if (path === '') return true;
    for (const file of inputs.files.keys()) if (file === path || file.startsWith(`${path}/`)) return true;
    return false;
  };
  return {
    graph: new LockGraph(inputs.lock, summaries),
    members: members.map((m) => m.id),
    defaultMembers: defaultMembers.map((m) => m.id),
    rootPackage: root?.id,
    resolverV2: usesResolverV2(inputs),
    localDirs: dirs,
    libName,
    metadata,
    pathExists,
    rootPath: rootPath.replace(/\/+$/, '') || '/',
  };
}
