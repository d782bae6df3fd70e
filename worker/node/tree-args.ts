// The arguments of `npm run --silent tree -- <workspace-dir> [--registry <dir>] [cargo tree options]`:
// the workspace and where metadata comes from, then `cargo tree`'s own options with cargo's
// spellings (repeatable flags, comma lists, `-e`, `-i`, `-p`, `-F`).
import { parseArgs } from 'node:util';
import {
  DEFAULT_TREE_OPTIONS,
  parseEdgeKinds,
  targetSelection,
  type PackageSelection,
  type Prefix,
  type TreeOptions,
} from '../views/tree/tree-options.ts';
import { SpecError } from '../views/tree/package-spec.ts';

export const TREE_USAGE = `usage: npm run --silent tree -- <workspace-dir> [--registry <dir>] [options]

Prints what \`cargo tree\` prints for the workspace (cargo 1.65's output, byte for byte).

  --registry <dir>          crate metadata from a registry folder (else crates.io and git hosts)
  --root-path <path>        how the workspace root is printed (default: its absolute path)
  -p, --package <spec>      package(s) to show the tree of (repeatable; a glob such as 'serde*' picks members)
  --workspace               every workspace member; --exclude <name|glob> leaves members out
  -i, --invert <spec>       invert the tree and focus on this package (repeatable)
  --prune <spec>            do not descend into this package (repeatable)
  -e, --edges <kinds>       normal, build, dev, features, all, no-normal, no-build, no-dev, no-proc-macro
  --target <triple>|all     filter dependencies for this target (default: the host, x86_64-unknown-linux-gnu)
  -F, --features <list>     features to activate; --all-features; --no-default-features
  --depth <n>               maximum display depth
  --prefix indent|depth|none
  --charset utf8|ascii
  -f, --format <fmt>        how packages are printed: {p} (default), {f} (enabled features), {lib}, {{ and }},
                            {l} and {r} (license, repository: workspace and path packages only)
  --no-dedupe               repeat shared dependencies instead of marking them (*)
  -d, --duplicates          only packages that come in more than one version (implies -i)`;

export interface TreeCommand {
  readonly dir: string;
  readonly registry: string | undefined;
  readonly rootPath: string | undefined;
  readonly options: TreeOptions;
}

const OPTIONS = {
  registry: { type: 'string' },
  'root-path': { type: 'string' },
  package: { type: 'string', short: 'p', multiple: true },
  workspace: { type: 'boolean' },
  all: { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  invert: { type: 'string', short: 'i', multiple: true },
  prune: { type: 'string', multiple: true },
  edges: { type: 'string', short: 'e', multiple: true },
  target: { type: 'string', multiple: true },
  features: { type: 'string', short: 'F', multiple: true },
  'all-features': { type: 'boolean' },
  'no-default-features': { type: 'boolean' },
  depth: { type: 'string' },
  prefix: { type: 'string' },
  charset: { type: 'string' },
  format: { type: 'string', short: 'f' },
  'no-dedupe': { type: 'boolean' },
  duplicates: { type: 'boolean', short: 'd' },
  locked: { type: 'boolean' },
  offline: { type: 'boolean' },
  frozen: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A usage problem (unknown flag, bad value); printed as `error: …`. */
export class TreeUsageError extends Error {}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new TreeUsageError(`invalid value '${value}' for '--${flag}': possible values are ${allowed.join(', ')}`);
}

/** The command, or 'help'. Throws TreeUsageError for bad usage and SpecError for options cargo itself refuses. */
export function parseTreeArgs(argv: readonly string[]): TreeCommand | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new TreeUsageError(`${e instanceof Error ? e.message : String(e)} (see --help)`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) throw new TreeUsageError('expected one workspace folder (see --help)');
  const { edgeKinds, noProcMacro } = parseEdgeKinds(v.edges ?? []);
  let packages: PackageSelection = { kind: 'default' };
  if (v.workspace || v.all) packages = { kind: 'workspace', exclude: v.exclude ?? [] };
  else if (v.exclude) throw new TreeUsageError('--exclude can only be used together with --workspace');
  else if (v.package && v.package.length > 0) packages = { kind: 'specs', specs: v.package };
  let maxDepth: number | undefined;
  if (v.depth !== undefined) {
    if (!/^\d+$/.test(v.depth)) throw new TreeUsageError(`invalid value '${v.depth}' for '--depth <DEPTH>': invalid digit found in string`);
    maxDepth = Number(v.depth);
  }
  const prefix: Prefix = oneOf('prefix', v.prefix, ['depth', 'indent', 'none'], 'indent');
  const options: TreeOptions = {
    ...DEFAULT_TREE_OPTIONS,
    packages,
    target: targetSelection(v.target ?? []),
    edgeKinds,
    noProcMacro,
    invert: v.invert ?? [],
    prune: v.prune ?? [],
    prefix,
    noDedupe: v['no-dedupe'] ?? false,
    duplicates: v.duplicates ?? false,
    charset: oneOf('charset', v.charset, ['utf8', 'ascii'], 'utf8'),
    format: v.format ?? '{p}',
    maxDepth,
    features: v.features ?? [],
    allFeatures: v['all-features'] ?? false,
    noDefaultFeatures: v['no-default-features'] ?? false,
  };
  return { dir: parsed.positionals[0]!, registry: v.registry, rootPath: v['root-path'], options };
}

export { SpecError };
