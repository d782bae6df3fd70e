// Cargo.toml files of the workspace (and of git dependencies): parsed with
// smol-toml, then normalised the way cargo does before it builds a Summary —
// dependency tables in cargo's order, `workspace = true` inheritance,
// underscore aliases, target tables, the lib target.
import { parse, TomlError } from 'smol-toml';
import { CfgParseError, parsePlatform } from './cfg.ts';
import type { Platform } from '../core/cfg-types.ts';
import { GeneratorError, type ErrorLocation } from '../core/errors.ts';
import type { GitReference } from '../core/source-id.ts';
import type { Dependency, DepKind, DepSource } from '../core/summary.ts';
import { crateNameOf } from '../core/summary.ts';
import { findKeyLine, findSectionLine } from '../core/text-position.ts';

export type Table = Record<string, unknown>;

/** A manifest file as parsed, before workspace inheritance is applied. */
export interface RawManifest {
  /** Path of the file relative to the workspace root, e.g. `app/Cargo.toml`. */
  readonly file: string;
  /** Its directory relative to the workspace root (`''` for the root). */
  readonly dir: string;
  readonly text: string;
  readonly toml: Table;
  readonly workspace: WorkspaceConfig | undefined;
  readonly hasPackage: boolean;
}

export interface WorkspaceConfig {
  readonly members: readonly string[];
  readonly exclude: readonly string[];
  readonly defaultMembers: readonly string[] | undefined;
  readonly package: Table;
  readonly dependencies: Table;
}

/** A package manifest after normalisation. */
export interface Manifest {
  readonly file: string;
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  readonly links: string | undefined;
  readonly rustVersion: string | undefined;
  readonly libCrateName: string;
  readonly procMacro: boolean;
  readonly features: ReadonlyMap<string, readonly string[]>;
  readonly dependencies: readonly Dependency[];
  /** Names of the `[[bin]]` targets the manifest declares. */
  readonly declaredBins: readonly string[];
  /** cargo's `autobins`: whether src/main.rs and src/bin/ become binaries without being declared. */
  readonly autobins: boolean;
  /** True when the manifest has a `[lib]` table. */
  readonly declaresLib: boolean;
}

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function parseTomlFile(file: string, text: string): Table {
  try {
    return parse(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      throw new GeneratorError(`invalid TOML: ${e.message.split('\n')[0]}`, { file, line: e.line, column: e.column });
    }
    throw e;
  }
}

export function readRawManifest(file: string, text: string): RawManifest {
  const toml = parseTomlFile(file, text);
  const slash = file.lastIndexOf('/');
  const dir = slash < 0 ? '' : file.slice(0, slash);
  let workspace: WorkspaceConfig | undefined;
  if (toml.workspace !== undefined) {
    const ws = toml.workspace;
    if (!isTable(ws)) throw located(file, text, 'workspace', '`workspace` must be a table');
    workspace = {
      members: stringList(ws.members, 'workspace.members', file, text),
      exclude: stringList(ws.exclude, 'workspace.exclude', file, text),
      defaultMembers: ws['default-members'] === undefined ? undefined : stringList(ws['default-members'], 'workspace.default-members', file, text),
      package: isTable(ws.package) ? ws.package : {},
      dependencies: isTable(ws.dependencies) ? ws.dependencies : {},
    };
  }
  if (toml.package === undefined && toml.project !== undefined) toml.package = toml.project;
  const hasPackage = toml.package !== undefined;
  if (hasPackage && !isTable(toml.package)) throw located(file, text, 'package', '`package` must be a table');
  if (!hasPackage && workspace === undefined) {
    throw new GeneratorError('manifest has neither `[package]` nor `[workspace]`', { file, line: 1, column: 1 });
  }
  return { file, dir, text, toml, workspace, hasPackage };
}

function located(file: string, text: string, key: string, message: string): GeneratorError {
  const pos =
    findKeyLine(text, key) ??
    (findSectionLine(text, (h) => h === key) !== undefined ? { line: findSectionLine(text, (h) => h === key)!, column: 1 } : undefined);
  return new GeneratorError(message, { file, ...(pos ?? {}) });
}

function stringList(v: unknown, what: string, file: string, text: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw located(file, text, what.split('.').pop()!, `\`${what}\` must be an array of strings`);
  }
  return v as string[];
}

/** Join and normalise relative paths (`a/b` + `../c` → `a/c`); `..` past the root is kept. */
export function joinPath(base: string, rel: string): string {
  const out: string[] = [];
  for (const seg of [...base.split('/'), ...rel.split('/')]) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

interface NormaliseContext {
  readonly raw: RawManifest;
  /** The workspace root manifest, for `workspace = true` inheritance. */
  readonly root: RawManifest | undefined;
}

function inheritPackageField(ctx: NormaliseContext, key: string): unknown {
  const pkg = ctx.raw.toml.package as Table;
  const v = pkg[key];
  if (isTable(v) && v.workspace === true) {
    const ws = ctx.root?.workspace;
    if (!ws)
      throw located(ctx.raw.file, ctx.raw.text, key, `\`package.${key}\` is inherited with \`workspace = true\` but no workspace root was found`);
    if (ws.package[key] === undefined) {
      throw located(
        ctx.raw.file,
        ctx.raw.text,
        key,
        `\`package.${key}\` is inherited, but \`workspace.package.${key}\` is not set in ${ctx.root!.file}`,
      );
    }
    return ws.package[key];
  }
  return v;
}

export function normaliseManifest(raw: RawManifest, root: RawManifest | undefined): Manifest {
  const ctx: NormaliseContext = { raw, root };
  const { file, text, toml } = raw;
  const pkg = toml.package as Table;
  const name = pkg.name;
  if (typeof name !== 'string' || name.length === 0) throw located(file, text, 'name', '`package.name` must be a non-empty string');
  const versionValue = inheritPackageField(ctx, 'version');
  // Since cargo 1.75 a package without a version is 0.0.0.
  const version = versionValue === undefined ? '0.0.0' : versionValue;
  if (typeof version !== 'string') throw located(file, text, 'version', '`package.version` must be a string');
  const rustVersion = inheritPackageField(ctx, 'rust-version');
  const links = pkg.links;

  const lib = isTable(toml.lib) ? toml.lib : {};
  const libName = typeof lib.name === 'string' ? lib.name : name;
  const procMacro = lib['proc-macro'] === true || lib.proc_macro === true;

  const features = new Map<string, string[]>();
  if (toml.features !== undefined) {
    if (!isTable(toml.features)) throw located(file, text, 'features', '`features` must be a table');
    for (const [f, values] of Object.entries(toml.features)) {
      if (!Array.isArray(values) || values.some((x) => typeof x !== 'string')) {
        throw located(file, text, f, `feature \`${f}\` must be an array of strings`);
      }
      features.set(f, values as string[]);
    }
  }

  const dependencies: Dependency[] = [];
  const gather = (table: unknown, kind: DepKind, platform: Platform | undefined, section: string) => {
    if (table === undefined) return;
    if (!isTable(table)) throw locatedSection(file, text, section, `\`${section}\` must be a table`);
    for (const key of Object.keys(table).sort(byBytes)) {
      dependencies.push(normaliseDependency(ctx, key, table[key], kind, platform, section));
    }
  };
  gather(toml.dependencies, 'normal', undefined, 'dependencies');
  gather(toml['dev-dependencies'] ?? toml.dev_dependencies, 'dev', undefined, 'dev-dependencies');
  gather(toml['build-dependencies'] ?? toml.build_dependencies, 'build', undefined, 'build-dependencies');
  if (toml.target !== undefined) {
    if (!isTable(toml.target)) throw located(file, text, 'target', '`target` must be a table');
    for (const key of Object.keys(toml.target).sort(byBytes)) {
      const t = toml.target[key];
      if (!isTable(t)) continue;
      let platform: Platform;
      try {
        platform = parsePlatform(key);
      } catch (e) {
        if (e instanceof CfgParseError) {
          const line = findSectionLine(text, (h) => h.startsWith('target.') && h.includes(key));
          throw new GeneratorError(e.message, { file, ...(line !== undefined ? { line, column: 1 } : {}) });
        }
        throw e;
      }
      gather(t.dependencies, 'normal', platform, `target.${key}.dependencies`);
      gather(t['build-dependencies'] ?? t.build_dependencies, 'build', platform, `target.${key}.build-dependencies`);
      gather(t['dev-dependencies'] ?? t.dev_dependencies, 'dev', platform, `target.${key}.dev-dependencies`);
    }
  }

  return {
    file,
    dir: raw.dir,
    name,
    version,
    links: typeof links === 'string' ? links : undefined,
    rustVersion: typeof rustVersion === 'string' ? rustVersion : undefined,
    libCrateName: crateNameOf(libName),
    procMacro,
    features,
    dependencies,
    declaredBins: Array.isArray(toml.bin) ? toml.bin.flatMap((b) => (isTable(b) && typeof b.name === 'string' ? [b.name] : [])) : [],
    autobins: pkg.autobins !== false,
    declaresLib: isTable(toml.lib),
  };
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function locatedSection(file: string, text: string, section: string, message: string): GeneratorError {
  const line = findSectionLine(text, (h) => h.replace(/\s/g, '') === section);
  return new GeneratorError(message, { file, ...(line !== undefined ? { line, column: 1 } : {}) });
}

const headerKey = (h: string) => h.replace(/[\s"']/g, '');

/** Where `key` is declared in `[section]`: its own `[section.key]` header, or its line inside the section. */
function locateDependency(raw: RawManifest, section: string, key: string): ErrorLocation {
  const { file, text } = raw;
  const own = findSectionLine(text, (h) => headerKey(h) === headerKey(`${section}.${key}`));
  if (own !== undefined) return { file, line: own, column: 1 };
  const sectionLine = findSectionLine(text, (h) => headerKey(h) === headerKey(section));
  const pos = findKeyLine(text, key, sectionLine ?? 1, sectionLine !== undefined) ?? findKeyLine(text, key);
  return { file, ...(pos ?? {}) };
}

function depError(ctx: NormaliseContext, section: string, key: string, message: string): GeneratorError {
  return new GeneratorError(`dependency \`${key}\` in \`[${section}]\`: ${message}`, { ...locateDependency(ctx.raw, section, key), crate: key });
}

function normaliseDependency(
  ctx: NormaliseContext,
  key: string,
  spec: unknown,
  kind: DepKind,
  platform: Platform | undefined,
  section: string,
): Dependency {
  let baseDir = ctx.raw.dir;
  let table: Table;
  if (typeof spec === 'string') {
    table = { version: spec };
  } else if (isTable(spec)) {
    table = spec;
  } else {
    throw depError(ctx, section, key, 'must be a version string or a table');
  }

  let memberFeatures: unknown[] = [];
  let optional = table.optional;
  if (table.workspace !== undefined) {
    if (table.workspace !== true) throw depError(ctx, section, key, '`workspace` must be `true`');
    const ws = ctx.root?.workspace;
    const inherited = ws?.dependencies[key];
    if (inherited === undefined) {
      throw depError(ctx, section, key, `is inherited with \`workspace = true\` but \`workspace.dependencies.${key}\` is not defined`);
    }
    memberFeatures = Array.isArray(table.features) ? table.features : [];
    optional = table.optional;
    table = typeof inherited === 'string' ? { version: inherited } : isTable(inherited) ? inherited : {};
    baseDir = ctx.root!.dir;
  }

  const packageName = table.package === undefined ? key : table.package;
  if (typeof packageName !== 'string') throw depError(ctx, section, key, '`package` must be a string');
  const version = table.version;
  if (version !== undefined && typeof version !== 'string') throw depError(ctx, section, key, '`version` must be a string');

  let source: DepSource;
  if (typeof table.path === 'string') {
    source = { kind: 'path', path: joinPath(baseDir, table.path) };
  } else if (typeof table.git === 'string') {
    let reference: GitReference = { kind: 'default' };
    if (typeof table.branch === 'string') reference = { kind: 'branch', value: table.branch };
    else if (typeof table.tag === 'string') reference = { kind: 'tag', value: table.tag };
    else if (typeof table.rev === 'string') reference = { kind: 'rev', value: table.rev };
    source = { kind: 'git', url: table.git, reference };
  } else if (version !== undefined || table.registry !== undefined) {
    source = { kind: 'registry', registry: typeof table.registry === 'string' ? table.registry : undefined };
  } else {
    throw depError(ctx, section, key, 'needs `version`, `path`, `git` or `workspace = true`');
  }

  const defaultFeatures = table['default-features'] ?? table.default_features ?? true;
  if (typeof defaultFeatures !== 'boolean') throw depError(ctx, section, key, '`default-features` must be a boolean');
  if (optional !== undefined && typeof optional !== 'boolean') throw depError(ctx, section, key, '`optional` must be a boolean');
  const features = [...(Array.isArray(table.features) ? table.features : []), ...memberFeatures];
  if (features.some((f) => typeof f !== 'string')) throw depError(ctx, section, key, '`features` must be an array of strings');

  return {
    nameInToml: key,
    packageName,
    renamed: table.package !== undefined,
    req: version ?? '*',
    kind,
    platform,
    optional: optional === true,
    usesDefaultFeatures: defaultFeatures,
    features: features as string[],
    source,
    declaredAt: locateDependency(ctx.raw, section, key),
  };
}
