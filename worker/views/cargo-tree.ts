// `cargo tree`, answered from the resolved workspace and printed byte for byte as cargo 0.66
// (Debian's cargo 1.65, the reference of test/fixtures/tree/) prints it. Pure: the workspace's
// locked graph with every package's summary in, text out; errors are cargo's own texts.
//
// The steps follow cargo's `ops/tree`: the packages selected (-p/--workspace/default members),
// the members with their command-line features, the dependency resolve for them (all platforms,
// dev-dependencies of the roots), the feature resolve for the requested targets (resolver 1 or 2),
// the graph, the roots (the selection, `-i` specs or `-d` duplicates), then the print.
import { GeneratorError } from '../core/errors.ts';
import { comparePackageId, type PackageId } from '../core/package-id.ts';
import { CRATES_IO_INDEX } from '../core/source-id.ts';
import { resolve, type LockGraph, type Resolve, type RootRequest } from '../resolve/resolver.ts';
import { featureOpts, resolveFeatures, type CompileKind, type MemberRequest, type TargetData } from './tree/feature-resolver.ts';
import { parsePackageIdSpec, querySpec, specMatches, specOfPackage, SpecError, type PackageIdSpec, type SpecFolder } from './tree/package-spec.ts';
import { checkFeatureRequests, unknownFeaturesError } from './tree/feature-errors.ts';
import { globMatches, isGlobPattern, parseGlob, type GlobPattern } from './tree/glob-pattern.ts';
import { KNOWN_TARGETS, targetCfg } from './tree/target-cfg.ts';
import { parseTreeFormat, type PackageMetadata } from './tree/tree-format.ts';
import { buildTreeGraph } from './tree/tree-graph.ts';
import { printTree } from './tree/tree-print.ts';
import { displayCliFeature, parseCliFeatures, type CliFeature, type TreeOptions } from './tree/tree-options.ts';

export type { TreeOptions } from './tree/tree-options.ts';
export type { PackageMetadata } from './tree/tree-format.ts';

/** The platform cargo calls the host; a run without `--target` shows the tree for it. */
export const HOST_TRIPLE = 'x86_64-unknown-linux-gnu';

/** What `cargo tree` needs to know about a workspace beyond the locked graph. */
export interface TreeWorkspace {
  readonly graph: LockGraph;
  /** In cargo's member order. */
  readonly members: readonly PackageId[];
  readonly defaultMembers: readonly PackageId[];
  /** The root manifest's package (cargo run in the workspace root: its "current" package); undefined for a virtual manifest. */
  readonly rootPackage: PackageId | undefined;
  readonly resolverV2: boolean;
  /** Path packages' folders relative to the workspace root, by package key. */
  readonly localDirs: ReadonlyMap<string, string>;
  /** The lib target's crate name (`{lib}`), undefined for a package without a lib. */
  readonly libName: (id: PackageId) => string | undefined;
  /** `license`/`repository` of a package's Cargo.toml (`{l}`, `{r}`); undefined for a package whose manifest is not at hand. */
  readonly metadata?: (id: PackageId) => PackageMetadata | undefined;
  /** Whether a path relative to the workspace root exists (a spec naming one is refused as cargo refuses it); absent: none does. */
  readonly pathExists?: (relative: string) => boolean;
  /** How the workspace root is printed (an absolute path: cargo prints members and path dependencies with theirs). */
  readonly rootPath: string;
}

function pathOf(ws: TreeWorkspace, id: PackageId): string {
  const dir = ws.localDirs.get(id.key) ?? '';
  return dir === '' ? ws.rootPath : `${ws.rootPath}/${dir}`;
}

function specFolder(ws: TreeWorkspace): SpecFolder | undefined {
  const exists = ws.pathExists;
  return exists ? { rootPath: ws.rootPath, exists } : undefined;
}

/** cargo's `SourceId::url()`, which package ID specs with a URL are compared with. */
function sourceUrl(ws: TreeWorkspace, id: PackageId): string {
  const s = id.source;
  if (s.kind === 'path') return `file://${pathOf(ws, id)}`;
  return s.url;
}

/** What cargo prints after `name vX.Y.Z`: nothing for crates.io, else the source in parentheses. */
function sourceSuffix(ws: TreeWorkspace, id: PackageId): string {
  const s = id.source;
  switch (s.kind) {
    case 'path':
      return ` (${pathOf(ws, id)})`;
    case 'git': {
      const ref = s.reference.kind === 'default' ? '' : `?${s.reference.kind}=${s.reference.value}`;
      return ` (${s.url}${ref}${s.precise ? `#${s.precise.slice(0, 8)}` : ''})`;
    }
    default:
      return s.kind === 'registry' && s.url === CRATES_IO_INDEX ? '' : ` (registry \`${s.url}\`)`;
  }
}

/** Rust's `str` order (by code point; JS's `<` compares UTF-16 units, which differs above U+FFFF). */
function byBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A glob of `-p`/`--exclude` and whether some member matched it. */
interface SelectionPattern {
  readonly glob: GlobPattern;
  matched: boolean;
}

/** cargo's `opt_patterns_and_names`: globs in the order given (the first bad one is the error), names sorted and unique. */
function patternsAndNames(values: readonly string[]): { patterns: SelectionPattern[]; names: string[] } {
  const patterns: SelectionPattern[] = [];
  const names = new Set<string>();
  for (const v of values) {
    if (isGlobPattern(v)) patterns.push({ glob: parseGlob(v), matched: false });
    else names.add(v);
  }
  return { patterns, names: [...names].sort(byBytes) };
}

/** cargo's `match_patterns`: stops at the first pattern that matches, so a later one that would also match stays unmatched. */
function matchPatterns(id: PackageId, patterns: readonly SelectionPattern[]): boolean {
  return patterns.some((p) => {
    const hit = globMatches(p.glob, id.name);
    if (hit) p.matched = true;
    return hit;
  });
}

function notFound(ws: TreeWorkspace, what: 'package(s)' | 'package pattern(s)', missing: readonly string[], excluded: boolean): string | undefined {
  if (missing.length === 0) return undefined;
  return `${excluded ? 'excluded ' : ''}${what} \`${missing.join(', ')}\` not found in workspace \`${ws.rootPath}\``;
}

const unmatched = (patterns: readonly SelectionPattern[]) => patterns.filter((p) => !p.matched).map((p) => p.glob.text);

/** cargo's `Packages::to_package_id_specs`; what `--exclude` names that is not a member is a warning, as cargo's. */
function selectedSpecs(ws: TreeWorkspace, opts: TreeOptions, warn: (message: string) => void): PackageIdSpec[] {
  const urlOf = (id: PackageId) => sourceUrl(ws, id);
  const sel = opts.packages;
  if (sel.kind === 'default') return ws.defaultMembers.map((id) => specOfPackage(id, urlOf));
  if (sel.kind === 'specs') {
    const { patterns, names } = patternsAndNames(sel.specs);
    const specs = names.map((n) => parsePackageIdSpec(n, specFolder(ws)));
    if (patterns.length > 0) for (const id of ws.members) if (matchPatterns(id, patterns)) specs.push(specOfPackage(id, urlOf));
    const missing = notFound(ws, 'package pattern(s)', unmatched(patterns), false);
    if (missing) throw new SpecError(missing);
    return specs;
  }
  const { patterns, names } = patternsAndNames(sel.exclude);
  const left = new Set(names);
  const kept = ws.members.filter((id) => !left.delete(id.name) && !matchPatterns(id, patterns));
  for (const w of [notFound(ws, 'package(s)', [...left], true), notFound(ws, 'package pattern(s)', unmatched(patterns), true)]) if (w) warn(w);
  return kept.map((id) => specOfPackage(id, urlOf));
}

interface CliFeatures {
  readonly features: readonly CliFeature[];
  readonly allFeatures: boolean;
  readonly usesDefaultFeatures: boolean;
}

/** `collect_matching_features`: the requested features a member has (or whose dependency it has). */
function matchingFeatures(ws: TreeWorkspace, member: PackageId, cli: CliFeatures, found: Set<string>): CliFeatures {
  if (cli.features.length === 0) return cli;
  const summary = ws.graph.summary(member.key);
  const depNames = new Set(summary.dependencies.map((d) => d.nameInToml));
  const optional = new Set(summary.dependencies.filter((d) => d.optional).map((d) => d.nameInToml));
  const known = (f: string) => summary.features.has(f) || optional.has(f);
  const features: CliFeature[] = [];
  for (const f of cli.features) {
    if (f.kind === 'feature') {
      if (known(f.name)) {
        features.push(f);
        found.add(displayCliFeature(f));
      }
    } else if (depNames.has(f.dep)) {
      features.push(f);
      found.add(displayCliFeature(f));
    } else if (f.dep === member.name && known(f.feature)) {
      features.push({ kind: 'feature', name: f.feature });
      found.add(displayCliFeature(f));
    }
  }
  return { ...cli, features };
}

/** cargo's `members_with_features`, new (resolver 2 or a virtual manifest) or old behaviour. */
function membersWithFeatures(ws: TreeWorkspace, specs: readonly PackageIdSpec[], cli: CliFeatures): MemberRequest[] {
  const urlOf = (id: PackageId) => sourceUrl(ws, id);
  const selected = ws.members.filter((m) => specs.some((s) => specMatches(s, m, urlOf)));
  if (ws.resolverV2 || ws.rootPackage === undefined) {
    const found = new Set<string>();
    const members = selected.map((id) => ({ id, ...matchingFeatures(ws, id, cli, found) }));
    if (members.length === 0) {
      if (cli.features.length > 0 || cli.allFeatures || !cli.usesDefaultFeatures)
        throw new SpecError('cannot specify features for packages outside of workspace');
      return ws.members.map((id) => ({ id, features: [], allFeatures: false, usesDefaultFeatures: true }));
    }
    if (cli.features.some((f) => !found.has(displayCliFeature(f)))) throw unknownFeaturesError(ws.graph, selected, cli.features, found);
    return members;
  }
  // Old behaviour: features go to the package in the current folder, `member/feat` to a selected member.
  const specific = new Map<string, CliFeature[]>();
  const cwd: CliFeature[] = [];
  for (const f of cli.features) {
    if (f.kind === 'depFeature') {
      const isMember = ws.members.some((m) => m.key !== ws.rootPackage!.key && m.name === f.dep);
      if (isMember && specs.some((s) => s.name === f.dep)) {
        const l = specific.get(f.dep) ?? [];
        if (!l.some((x) => x.kind === 'feature' && x.name === f.feature)) l.push({ kind: 'feature', name: f.feature });
        specific.set(f.dep, l);
        continue;
      }
    }
    cwd.push(f);
  }
  const out: MemberRequest[] = [];
  for (const id of ws.members) {
    if (id.key === ws.rootPackage.key) out.push({ id, features: cwd, allFeatures: cli.allFeatures, usesDefaultFeatures: cli.usesDefaultFeatures });
    else if (selected.includes(id)) out.push({ id, features: specific.get(id.name) ?? [], allFeatures: cli.allFeatures, usesDefaultFeatures: true });
  }
  return out;
}

/** cargo's display of a package id: `name vX.Y.Z (source)`. */
function displayId(ws: TreeWorkspace, id: PackageId): string {
  return `${id.name} v${id.version}${sourceSuffix(ws, id)}`;
}

function requestedKinds(opts: TreeOptions): CompileKind[] {
  if (opts.target.kind !== 'triples') return [{ kind: 'host' }];
  const kinds: CompileKind[] = [];
  for (const triple of opts.target.triples) {
    const cfg = targetCfg(triple);
    if (!cfg) throw new SpecError(`unknown target \`${triple}\`: the known targets are ${KNOWN_TARGETS.join(', ')}`);
    if (!kinds.some((k) => k.kind === 'target' && k.cfg.triple === triple)) kinds.push({ kind: 'target', cfg });
  }
  return kinds;
}

function idsOf(ws: TreeWorkspace, resolved: Resolve): PackageId[] {
  return [...resolved.packages].map((k) => ws.graph.ids.get(k)!).sort(comparePackageId);
}

/** `cargo tree` with these options: the text cargo prints on stdout, or a SpecError/GeneratorError with cargo's message. */
export function cargoTree(ws: TreeWorkspace, opts: TreeOptions, warn: (message: string) => void = () => {}): string {
  const graphFeatures = opts.edgeKinds.has('feature');
  const cli: CliFeatures = { features: parseCliFeatures(opts.features), allFeatures: opts.allFeatures, usesDefaultFeatures: !opts.noDefaultFeatures };
  if (graphFeatures && opts.duplicates) throw new SpecError('the `-e features` flag does not support `--duplicates`');

  const requested = requestedKinds(opts);
  const host = targetCfg(HOST_TRIPLE)!;
  const targets: TargetData = { host, requested };
  const specs = selectedSpecs(ws, opts, warn);
  if (specs.length === 0) throw new SpecError('no packages to compile');
  const hasDev = opts.edgeKinds.has('dev');
  const members = membersWithFeatures(ws, specs, cli);
  checkFeatureRequests(ws.graph, members, (id) => displayId(ws, id));

  const roots: RootRequest[] = members.map((m) => ({
    id: m.id,
    allFeatures: m.allFeatures,
    features: m.features.map(displayCliFeature),
    usesDefaultFeatures: m.usesDefaultFeatures,
  }));
  const resolved = resolve(ws.graph, roots, true);
  const features = resolveFeatures(ws.graph, resolved, members, featureOpts(ws.resolverV2, hasDev, opts.target.kind === 'all'), targets);

  let graph = buildTreeGraph(
    { graph: ws.graph, resolved, features, targets, edgeKinds: opts.edgeKinds, showAllTargets: opts.target.kind === 'all', graphFeatures },
    members,
  );

  const urlOf = (id: PackageId) => sourceUrl(ws, id);
  const ids = idsOf(ws, resolved);
  const rootSpecs = opts.invert.length === 0 ? specs : opts.invert.map((s) => parsePackageIdSpec(s, specFolder(ws)));
  const rootIds = rootSpecs.map((s) => querySpec(s, ids, urlOf));
  let rootIndexes = graph.indexesFromIds(rootIds);
  if (opts.duplicates) {
    graph = graph.fromReachable(rootIndexes);
    rootIndexes = graph.findDuplicates();
  }
  if (opts.invert.length > 0 || opts.duplicates) graph.invert();

  const prune = opts.prune.map((s) => parsePackageIdSpec(s, specFolder(ws)));
  for (const p of prune) querySpec(p, ids, urlOf);

  const format = parseTreeFormat(opts.format);
  return printTree(graph, rootIndexes, {
    format,
    prefix: opts.prefix,
    noDedupe: opts.noDedupe,
    charset: opts.charset,
    maxDepth: opts.maxDepth,
    noProcMacro: opts.noProcMacro,
    prune: (id) => prune.some((p) => specMatches(p, id, urlOf)),
    isProcMacro: (id) => ws.graph.summary(id.key).procMacro,
    sourceSuffix: (id) => sourceSuffix(ws, id),
    libName: ws.libName,
    metadata: (id) => ws.metadata?.(id),
  });
}

export { GeneratorError, SpecError };
