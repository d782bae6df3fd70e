// The workspace as cargo sees it: the root manifest, its members in cargo's
// discovery order (member globs, then path dependencies found from each,
// then the root package), and every local manifest by package name.
import { GeneratorError } from '../core/errors.ts';
import { joinPath, normaliseManifest, readRawManifest, type Manifest, type RawManifest } from './manifest.ts';

/** Input files keyed by path relative to the workspace root (`Cargo.toml`, `app/Cargo.toml`, `Cargo.lock`). */
export type WorkspaceFiles = ReadonlyMap<string, string>;

/**
 * The binaries a package builds, as cargo names them: declared `[[bin]]`
 * targets, then (with autobins) `src/main.rs` under the package's name and
 * `src/bin/<name>.rs` / `src/bin/<name>/main.rs`. Usually only manifests are
 * given; when no source file of the package is known, a package without a
 * `[lib]` table is taken for a binary, like a fresh `cargo new`.
 */
export function binaryNames(m: Manifest, files: WorkspaceFiles): string[] {
  const names = new Set(m.declaredBins);
  const prefix = m.dir === '' ? 'src/' : `${m.dir}/src/`;
  let sawSource = false;
  for (const f of files.keys()) {
    if (!f.startsWith(prefix)) continue;
    sawSource = true;
    if (!m.autobins) continue;
    const rest = f.slice(prefix.length);
    if (rest === 'main.rs') names.add(m.name);
    const bin = /^bin\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(rest);
    if (bin) names.add(bin[1]!);
  }
  if (!sawSource && m.autobins && !m.declaresLib && names.size === 0) names.add(m.name);
  return [...names];
}

export interface Workspace {
  readonly root: RawManifest;
  /** Members in the order cargo's `Workspace::members()` yields them. */
  readonly members: readonly Manifest[];
  /** Every package manifest found among the files, keyed by directory. */
  readonly localByDir: ReadonlyMap<string, Manifest>;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, close);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const isGlob = (s: string) => /[*?[]/.test(s);

export function manifestDirOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

export function loadWorkspace(files: WorkspaceFiles): Workspace {
  const rootText = files.get('Cargo.toml');
  if (rootText === undefined) throw new GeneratorError('the workspace has no root `Cargo.toml`', { file: 'Cargo.toml' });
  const root = readRawManifest('Cargo.toml', rootText);

  const raws = new Map<string, RawManifest>();
  raws.set('', root);
  for (const [file, text] of files) {
    if (file === 'Cargo.toml' || !(file === 'Cargo.toml' || file.endsWith('/Cargo.toml'))) continue;
    raws.set(manifestDirOf(file), readRawManifest(file, text));
  }

  const localByDir = new Map<string, Manifest>();
  const manifestAt = (dir: string): Manifest | undefined => {
    const cached = localByDir.get(dir);
    if (cached) return cached;
    const raw = raws.get(dir);
    if (!raw || !raw.hasPackage) return undefined;
    // A member of this workspace inherits from the root; a nested workspace is not supported.
    const m = normaliseManifest(raw, root.workspace ? root : undefined);
    localByDir.set(dir, m);
    return m;
  };
  for (const dir of raws.keys()) manifestAt(dir);

  const members: Manifest[] = [];
  const memberDirs = new Set<string>();
  const ws = root.workspace;
  if (!ws) {
    const m = manifestAt('');
    if (m) members.push(m);
    return { root, members, localByDir };
  }

  const excluded = (dir: string) =>
    ws.exclude.some((e) => {
      const ex = joinPath('', e);
      return dir === ex || dir.startsWith(ex + '/');
    });

  // cargo's find_path_deps: a member, then (depth first) its path dependencies inside the root.
  const addMember = (dir: string, isPathDep: boolean, requiredBy: string) => {
    if (memberDirs.has(dir)) return;
    if (isPathDep && dir.startsWith('..')) return;
    if (excluded(dir)) return;
    const raw = raws.get(dir);
    if (!raw) {
      const file = dir === '' ? 'Cargo.toml' : `${dir}/Cargo.toml`;
      throw new GeneratorError(`\`${file}\` is missing: it is ${requiredBy}; add it to the files`, { file: 'Cargo.toml' });
    }
    memberDirs.add(dir);
    const m = manifestAt(dir);
    if (!m) return;
    members.push(m);
    for (const d of m.dependencies) {
      if (d.source.kind === 'path') addMember(d.source.path, true, `a path dependency of \`${m.name}\``);
    }
  };

  const memberPaths: string[] = [];
  for (const pattern of ws.members) {
    const norm = joinPath('', pattern);
    if (isGlob(norm)) {
      const re = globToRegExp(norm);
      const matched = [...raws.keys()].filter((d) => d !== '' && re.test(d)).sort();
      memberPaths.push(...matched);
    } else memberPaths.push(norm);
  }
  for (const p of memberPaths) addMember(p, false, 'listed in `workspace.members`');
  addMember('', false, 'the workspace root');

  return { root, members, localByDir };
}
