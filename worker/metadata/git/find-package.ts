// Find the packages of a git checkout the way cargo's git source does
// (cargo/src/cargo/sources/path.rs, `read_packages`): walk every folder for a
// Cargo.toml with a `[package]`, skipping hidden folders below the top,
// folders that are repositories of their own (`.git` inside), and `target/`
// next to a manifest; the first package of a name wins. Each package's
// workspace root is the manifest `package.workspace` names, or the nearest
// enclosing folder whose Cargo.toml has a `[workspace]`.
import { GeneratorError } from '../../core/errors.ts';
import type { FileTree } from '../../hash/file-tree.ts';
import { joinPath, readRawManifest, type RawManifest } from '../../parse/manifest.ts';

type Directory = Extract<FileTree, { type: 'directory' }>;

export interface FoundPackage {
  readonly name: string;
  readonly manifest: RawManifest;
  /** The workspace root manifest it inherits from, when there is one. */
  readonly root: RawManifest | undefined;
}

export interface PackageScan {
  /** Packages by name, first found wins. */
  readonly packages: ReadonlyMap<string, FoundPackage>;
  /** Manifests that could not be read (a package the lock needs may be among them). */
  readonly unreadable: readonly GeneratorError[];
}

const decoder = new TextDecoder();

function manifestText(dir: Directory): string | undefined {
  const file = dir.entries.get('Cargo.toml');
  return file?.type === 'regular' ? decoder.decode(file.contents) : undefined;
}

function directoryAt(tree: Directory, path: string): Directory | undefined {
  let dir: FileTree = tree;
  for (const seg of path.split('/').filter(Boolean)) {
    if (dir.type !== 'directory') return undefined;
    const next: FileTree | undefined = dir.entries.get(seg);
    if (!next) return undefined;
    dir = next;
  }
  return dir.type === 'directory' ? dir : undefined;
}

/** Every package manifest of the checkout. `label` prefixes file names in errors (e.g. the repository URL). */
export function scanPackages(tree: FileTree, label: string): PackageScan {
  if (tree.type !== 'directory') throw new GeneratorError(`${label}: the checkout is not a folder`);
  const manifests = new Map<string, RawManifest | null>();
  const unreadable: GeneratorError[] = [];
  const read = (path: string): RawManifest | undefined => {
    const cached = manifests.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const dir = directoryAt(tree, path);
    const text = dir && manifestText(dir);
    let raw: RawManifest | null = null;
    if (text !== undefined) {
      try {
        raw = readRawManifest(path === '' ? `${label}/Cargo.toml` : `${label}/${path}/Cargo.toml`, text);
        raw = { ...raw, dir: path };
      } catch (e) {
        if (!(e instanceof GeneratorError)) throw e;
        unreadable.push(e);
      }
    }
    manifests.set(path, raw);
    return raw ?? undefined;
  };

  const found: { path: string; raw: RawManifest }[] = [];
  const walk = (dir: Directory, path: string) => {
    if (manifestText(dir) !== undefined) {
      const raw = read(path);
      if (raw?.hasPackage) found.push({ path, raw });
    }
    const hasManifest = manifestText(dir) !== undefined;
    for (const name of [...dir.entries.keys()].sort()) {
      const child = dir.entries.get(name)!;
      if (child.type !== 'directory') continue;
      if (name.startsWith('.')) continue;
      if (child.entries.has('.git')) continue;
      if (name === 'target' && hasManifest) continue;
      walk(child, path === '' ? name : `${path}/${name}`);
    }
  };
  walk(tree, '');

  const workspaceRoot = (path: string, raw: RawManifest): RawManifest | undefined => {
    const pkg = raw.toml.package as Record<string, unknown>;
    if (typeof pkg.workspace === 'string') return read(joinPath(path, pkg.workspace));
    if (raw.workspace) return raw;
    let at = path;
    while (at !== '') {
      const slash = at.lastIndexOf('/');
      at = slash < 0 ? '' : at.slice(0, slash);
      const candidate = read(at);
      if (candidate?.workspace) return candidate;
    }
    return undefined;
  };

  const packages = new Map<string, FoundPackage>();
  for (const { path, raw } of found) {
    const name = (raw.toml.package as Record<string, unknown>).name;
    if (typeof name !== 'string' || packages.has(name)) continue;
    packages.set(name, { name, manifest: raw, root: workspaceRoot(path, raw) });
  }
  return { packages, unreadable };
}
