// The Tree view's query: `cargo tree` over the last run's parsed inputs and crate summaries, with
// the command line's options as a plain object (what the page's controls and share links hold),
// answered with the exact text `npm run tree` prints plus where each crate sits in it (the page
// turns those spans into links without re-printing anything).
import type { Summary } from '../core/summary.ts';
import type { ParsedInputs } from '../pipeline.ts';
import { cargoTree } from '../views/cargo-tree.ts';
import { SpecError } from '../views/tree/package-spec.ts';
import { DEFAULT_TREE_OPTIONS, parseEdgeKinds, targetSelection, type PackageSelection, type TreeOptions } from '../views/tree/tree-options.ts';
import { treeWorkspace } from '../views/tree/tree-workspace.ts';
import type { TreeWorkspace } from '../views/cargo-tree.ts';
import { errorInfo, type ErrorInfo } from '../core/errors.ts';

/** How the workspace root is printed: the site has no folder, so the reference files' stand-in (test/fixtures/tree). */
export const SITE_ROOT_PATH = '/ws';

/** `cargo tree`'s options as the command line spells them; every field may be left out (cargo's default). */
export interface TreeRequest {
  /** `-p` specs; empty or absent: the default members. */
  readonly package?: readonly string[];
  /** `--workspace`. */
  readonly workspace?: boolean;
  /** `-i` specs. */
  readonly invert?: readonly string[];
  readonly prune?: readonly string[];
  /** `-e` values (`normal`, `build`, `dev`, `features`, `all`, `no-…`), comma lists allowed. */
  readonly edges?: readonly string[];
  /** `--target` values: none is the host, `all` every target. */
  readonly target?: readonly string[];
  readonly features?: readonly string[];
  readonly allFeatures?: boolean;
  readonly noDefaultFeatures?: boolean;
  readonly depth?: number;
  readonly prefix?: 'indent' | 'depth' | 'none';
  readonly charset?: 'utf8' | 'ascii';
  readonly format?: string;
  readonly noDedupe?: boolean;
  readonly duplicates?: boolean;
}

/** A crate's place in the printed text: line (0-based) and the UTF-16 columns of its `name vX.Y.Z`. */
export interface TreeSpan {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** Undefined for a feature node whose crate comes in several versions. */
  readonly version: string | undefined;
}

export type TreeAnswer =
  | { readonly ok: true; readonly text: string; readonly spans: readonly TreeSpan[]; readonly args: readonly string[] }
  /** `cargo` is true for what cargo itself refuses (its `error: …` text), false for a bad request. */
  | { readonly ok: false; readonly cargo: boolean; readonly error: ErrorInfo; readonly args: readonly string[] };

const nonEmpty = (l: readonly string[] | undefined): readonly string[] => (l ?? []).filter((s) => s.trim() !== '');

/** The request as TreeOptions, through the same readings of `-e` and `--target` as the command line. */
export function treeOptions(r: TreeRequest): TreeOptions {
  const { edgeKinds, noProcMacro } = parseEdgeKinds(nonEmpty(r.edges));
  let packages: PackageSelection = { kind: 'default' };
  if (r.workspace) packages = { kind: 'workspace', exclude: [] };
  else if (nonEmpty(r.package).length > 0) packages = { kind: 'specs', specs: nonEmpty(r.package) };
  if (r.depth !== undefined && !(Number.isInteger(r.depth) && r.depth >= 0)) throw new RangeError(`depth must be a whole number ≥ 0, not ${r.depth}`);
  return {
    ...DEFAULT_TREE_OPTIONS,
    packages,
    target: targetSelection(nonEmpty(r.target)),
    edgeKinds,
    noProcMacro,
    invert: nonEmpty(r.invert),
    prune: nonEmpty(r.prune),
    prefix: r.prefix ?? 'indent',
    noDedupe: r.noDedupe ?? false,
    duplicates: r.duplicates ?? false,
    charset: r.charset ?? 'utf8',
    format: r.format ?? '{p}',
    maxDepth: r.depth,
    features: nonEmpty(r.features),
    allFeatures: r.allFeatures ?? false,
    noDefaultFeatures: r.noDefaultFeatures ?? false,
  };
}

/** The same request as `cargo tree` arguments (shown on the page, and what the CLI is given in tests). */
export function treeArgs(r: TreeRequest): string[] {
  const out: string[] = [];
  const each = (flag: string, l: readonly string[] | undefined) => nonEmpty(l).forEach((v) => out.push(flag, v));
  if (r.workspace) out.push('--workspace');
  else each('-p', r.package);
  each('-i', r.invert);
  each('--prune', r.prune);
  each('-e', r.edges);
  each('--target', r.target);
  each('-F', r.features);
  if (r.allFeatures) out.push('--all-features');
  if (r.noDefaultFeatures) out.push('--no-default-features');
  if (r.depth !== undefined) out.push('--depth', String(r.depth));
  if (r.prefix && r.prefix !== 'indent') out.push('--prefix', r.prefix);
  if (r.charset && r.charset !== 'utf8') out.push('--charset', r.charset);
  if (r.format !== undefined && r.format !== '{p}') out.push('-f', r.format);
  if (r.noDedupe) out.push('--no-dedupe');
  if (r.duplicates) out.push('-d');
  return out;
}

// The tree drawing before a node (indent: box characters or ASCII, spaces; depth: the number).
const INDENT = /^[\s│├└─|`-]*/;
const PACKAGE = /^([A-Za-z_][\w-]*) v(\d+\.\d+\.\d+[^\s]*)/;
const FEATURE = /^([A-Za-z_][\w-]*) feature "/;

/** Where each crate of the workspace's graph is named at the start of a printed node. */
export function treeSpans(text: string, prefix: TreeRequest['prefix'], ws: TreeWorkspace): TreeSpan[] {
  const versions = new Map<string, Set<string>>();
  for (const id of ws.graph.ids.values()) {
    const s = versions.get(id.name) ?? new Set<string>();
    s.add(id.version);
    versions.set(id.name, s);
  }
  const spans: TreeSpan[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const start = prefix === 'depth' ? (/^\d+/.exec(line)?.[0].length ?? 0) : prefix === 'none' ? 0 : INDENT.exec(line)![0].length;
    const rest = line.slice(start);
    const p = PACKAGE.exec(rest);
    if (p && versions.get(p[1]!)?.has(p[2]!)) {
      spans.push({ line: i, start, end: start + p[0].length, name: p[1]!, version: p[2]! });
      return;
    }
    const f = FEATURE.exec(rest);
    const known = f ? versions.get(f[1]!) : undefined;
    if (f && known) spans.push({ line: i, start, end: start + f[1]!.length, name: f[1]!, version: known.size === 1 ? [...known][0] : undefined });
  });
  return spans;
}

/** What the tree needs from a run, kept beside the model (set by web-worker.ts). */
export class TreeSource {
  private ws: TreeWorkspace | undefined;
  constructor(
    private readonly inputs: ParsedInputs,
    private readonly summaries: ReadonlyMap<string, Summary>,
  ) {}

  /** Built on first use: most runs never open the tree. */
  workspace(): TreeWorkspace {
    return (this.ws ??= treeWorkspace(this.inputs, this.summaries, SITE_ROOT_PATH));
  }
}

/** The most lines the page asks for: `--no-dedupe` without a depth can print millions (bigger-project does). */
export const MAX_TREE_LINES = 200_000;

/**
 * How many lines `--no-dedupe` would print (capped just above `cap`), from the deduplicated tree:
 * a node marked `(*)` stands for the subtree printed at its first appearance, which no-dedupe
 * repeats in full (down to the depth limit).
 */
export function noDedupeLineCount(ws: TreeWorkspace, options: TreeOptions, cap = MAX_TREE_LINES): number {
  const text = cargoTree(ws, { ...options, noDedupe: false, prefix: 'depth', format: '{p}', maxDepth: undefined });
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const stack: string[] = [];
  const expanded = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const m = /^(\d+)(.*)$/.exec(line);
    if (!m) return;
    const depth = Number(m[1]);
    const starred = m[2]!.endsWith(' (*)');
    let key = starred ? m[2]!.slice(0, -4) : m[2]!;
    // Two nodes printed alike (one package, two feature sets): the second is its own subtree.
    if (!starred && expanded.has(key)) key = `${key}\u0000${i}`;
    if (!starred) expanded.add(key);
    stack.length = depth;
    if (depth === 0) roots.push(key);
    else if (stack[depth - 1] !== undefined) {
      const parent = stack[depth - 1]!;
      children.set(parent, [...(children.get(parent) ?? []), key]);
    }
    stack[depth] = key;
  });
  const memo = new Map<string, number>();
  const open = new Set<string>();
  const size = (key: string, depthLeft: number): number => {
    const id = `${depthLeft}\u0000${key}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    // A cycle is printed once with `(*)`, deduplicated or not.
    if (open.has(key) || depthLeft === 0) return 1;
    open.add(key);
    let n = 1;
    for (const c of children.get(key) ?? []) {
      n += size(c, depthLeft - 1);
      if (n > cap) break;
    }
    open.delete(key);
    memo.set(id, Math.min(n, cap + 1));
    return Math.min(n, cap + 1);
  };
  const depthLimit = options.maxDepth ?? Number.POSITIVE_INFINITY;
  let total = Math.max(0, roots.length - 1);
  for (const r of roots) total = Math.min(cap + 1, total + size(r, depthLimit));
  return total;
}

/** `cargo tree` with these options over the source; cargo's refusals come back as its message. */
export function treeQuery(source: TreeSource, request: TreeRequest): TreeAnswer {
  let args: string[] = [];
  try {
    args = treeArgs(request);
    const ws = source.workspace();
    const options = treeOptions(request);
    if (options.noDedupe && noDedupeLineCount(ws, options) > MAX_TREE_LINES)
      throw new RangeError(
        `with --no-dedupe this tree has more than ${MAX_TREE_LINES.toLocaleString('en')} lines (cargo would print them all): set a depth, or leave out --no-dedupe`,
      );
    const text = cargoTree(ws, options);
    return { ok: true, text, spans: treeSpans(text, request.prefix, ws), args };
  } catch (e) {
    return { ok: false, cargo: e instanceof SpecError, error: errorInfo(e), args };
  }
}
