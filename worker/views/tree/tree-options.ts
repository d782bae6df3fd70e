// What `cargo tree` is asked for, with cargo 0.66's reading of `-e/--edges` and of `--features`
// (and its error texts for what it refuses).
import type { DepKind } from '../../core/summary.ts';
import { SpecError } from './package-spec.ts';

/** An edge section of the tree: a dependency kind, or the feature edges of `-e features`. */
export type EdgeKind = DepKind | 'feature';

export type PackageSelection =
  | { readonly kind: 'default' }
  /** `--workspace` (minus `--exclude`). */
  | { readonly kind: 'workspace'; readonly exclude: readonly string[] }
  /** `-p <spec>…` */
  | { readonly kind: 'specs'; readonly specs: readonly string[] };

export type TargetSelection =
  { readonly kind: 'host' } | { readonly kind: 'all' } | { readonly kind: 'triples'; readonly triples: readonly string[] };

export type Prefix = 'indent' | 'depth' | 'none';

export interface TreeOptions {
  readonly packages: PackageSelection;
  readonly target: TargetSelection;
  readonly edgeKinds: ReadonlySet<EdgeKind>;
  /** `-e no-proc-macro`. */
  readonly noProcMacro: boolean;
  /** `-i <spec>…` (empty: not inverted). */
  readonly invert: readonly string[];
  readonly prune: readonly string[];
  readonly prefix: Prefix;
  readonly noDedupe: boolean;
  readonly duplicates: boolean;
  readonly charset: 'utf8' | 'ascii';
  /** `-f/--format`. */
  readonly format: string;
  /** `--depth`; undefined for no limit. */
  readonly maxDepth: number | undefined;
  /** `--features`, as given (each may hold several, split on spaces and commas). */
  readonly features: readonly string[];
  readonly allFeatures: boolean;
  readonly noDefaultFeatures: boolean;
}

export const DEFAULT_TREE_OPTIONS: TreeOptions = {
  packages: { kind: 'default' },
  target: { kind: 'host' },
  edgeKinds: new Set<EdgeKind>(['normal', 'build', 'dev']),
  noProcMacro: false,
  invert: [],
  prune: [],
  prefix: 'indent',
  noDedupe: false,
  duplicates: false,
  charset: 'utf8',
  format: '{p}',
  maxDepth: undefined,
  features: [],
  allFeatures: false,
  noDefaultFeatures: false,
};

/** The target list of `--target` flags: none is the host, a lone `all` is every target. */
export function targetSelection(targets: readonly string[]): TargetSelection {
  if (targets.length === 0) return { kind: 'host' };
  if (targets.length === 1 && targets[0] === 'all') return { kind: 'all' };
  return { kind: 'triples', triples: targets };
}

/** `-e` values (each may be comma-separated) → the edge kinds and `no-proc-macro`, as cargo reads them. */
export function parseEdgeKinds(values: readonly string[]): { edgeKinds: Set<EdgeKind>; noProcMacro: boolean } {
  let noProcMacro = false;
  const kinds: string[] = [];
  for (const v of values) {
    for (const k of v.split(',')) {
      // cargo remembers only whether the last one was `no-proc-macro`.
      noProcMacro = k === 'no-proc-macro';
      if (!noProcMacro) kinds.push(k);
    }
  }
  if (kinds.length === 0) kinds.push('normal', 'build', 'dev');
  const result = new Set<EdgeKind>();
  const defaults = () => {
    result.add('normal');
    result.add('build');
    result.add('dev');
  };
  const unknown = (k: string) =>
    new SpecError(
      `unknown edge kind \`${k}\`, valid values are "normal", "build", "dev", "no-normal", "no-build", "no-dev", "no-proc-macro", "features", or "all"`,
    );
  if (kinds.some((k) => k.startsWith('no-'))) {
    defaults();
    for (const k of kinds) {
      if (k === 'no-normal') result.delete('normal');
      else if (k === 'no-build') result.delete('build');
      else if (k === 'no-dev') result.delete('dev');
      else if (k === 'features') result.add('feature');
      else if (k === 'normal' || k === 'build' || k === 'dev' || k === 'all')
        throw new SpecError(`\`${k}\` dependency kind cannot be mixed with "no-normal", "no-build", or "no-dev" dependency kinds`);
      else throw unknown(k);
    }
    return { edgeKinds: result, noProcMacro };
  }
  for (const k of kinds) {
    if (k === 'all') {
      defaults();
      result.add('feature');
    } else if (k === 'features') result.add('feature');
    else if (k === 'normal' || k === 'build' || k === 'dev') result.add(k);
    else throw unknown(k);
  }
  if (kinds.length === 1 && kinds[0] === 'features') defaults();
  return { edgeKinds: result, noProcMacro };
}

/** A `--features` value: a feature, `dep/feature` or `dep?/feature` (`dep:` is refused on the command line). */
export type CliFeature =
  | { readonly kind: 'feature'; readonly name: string }
  | { readonly kind: 'depFeature'; readonly dep: string; readonly feature: string; readonly weak: boolean };

export function displayCliFeature(f: CliFeature): string {
  return f.kind === 'feature' ? f.name : `${f.dep}${f.weak ? '?' : ''}/${f.feature}`;
}

/** cargo's `FeatureValue` order (Feature < DepFeature, then by fields), which its BTreeSet keeps. */
function compareCliFeature(a: CliFeature, b: CliFeature): number {
  if (a.kind !== b.kind) return a.kind === 'feature' ? -1 : 1;
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  if (a.kind === 'feature' && b.kind === 'feature') return cmp(a.name, b.name);
  if (a.kind === 'depFeature' && b.kind === 'depFeature') return cmp(a.dep, b.dep) || cmp(a.feature, b.feature) || Number(a.weak) - Number(b.weak);
  return 0;
}

/** `CliFeatures::from_command_line`: split, parse, refuse `dep:` and double slashes; sorted, without repeats. */
export function parseCliFeatures(values: readonly string[]): CliFeature[] {
  const out: CliFeature[] = [];
  for (const v of values) {
    for (const word of v.split(/\s+/)) {
      for (const s of word.split(',')) {
        if (s === '') continue;
        let f: CliFeature;
        const slash = s.indexOf('/');
        if (slash >= 0) {
          const dep = s.slice(0, slash);
          const feature = s.slice(slash + 1);
          f = dep.endsWith('?')
            ? { kind: 'depFeature', dep: dep.slice(0, -1), feature, weak: true }
            : { kind: 'depFeature', dep, feature, weak: false };
          if (feature.includes('/')) throw new SpecError(`multiple slashes in feature \`${s}\` is not allowed`);
        } else if (s.startsWith('dep:')) {
          throw new SpecError(`feature \`${s}\` is not allowed to use explicit \`dep:\` syntax`);
        } else f = { kind: 'feature', name: s };
        if (!out.some((o) => compareCliFeature(o, f) === 0)) out.push(f);
      }
    }
  }
  return out.sort(compareCliFeature);
}
