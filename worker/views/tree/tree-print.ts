// Printing the tree as `cargo tree` does (cargo 0.66 `ops/tree/mod.rs` and `format/mod.rs` with
// the default `{p}` format): prefixes, `[build-dependencies]`/`[dev-dependencies]` headings, the
// `(*)` mark on a node whose children were already shown, `(proc-macro)` and source suffixes.
import type { PackageId } from '../../core/package-id.ts';
import { SpecError } from './package-spec.ts';
import type { FormatChunk, PackageMetadata } from './tree-format.ts';
import type { TreeGraph } from './tree-graph.ts';
import type { EdgeKind, Prefix } from './tree-options.ts';

export interface PrintOptions {
  /** `--format`, parsed; `{p}` alone by default. */
  readonly format: readonly FormatChunk[];
  readonly prefix: Prefix;
  readonly noDedupe: boolean;
  readonly charset: 'utf8' | 'ascii';
  readonly maxDepth: number | undefined;
  readonly noProcMacro: boolean;
  /** Packages not to descend into (`--prune`). */
  readonly prune: (id: PackageId) => boolean;
  readonly isProcMacro: (id: PackageId) => boolean;
  /** `name vX.Y.Z` plus the source suffix cargo prints after it (` (/path)`, ` (url?branch=…#rev)`), or ''. */
  readonly sourceSuffix: (id: PackageId) => string;
  /** The lib target's crate name, undefined for a package without a lib. */
  readonly libName: (id: PackageId) => string | undefined;
  /** The package's own Cargo.toml fields, undefined when its manifest is not at hand (registry and git packages). */
  readonly metadata: (id: PackageId) => PackageMetadata | undefined;
}

const UTF8 = { down: '│', tee: '├', ell: '└', right: '─' };
const ASCII = { down: '|', tee: '|', ell: '`', right: '-' };

const SECTIONS: readonly [EdgeKind, string | undefined][] = [
  ['normal', undefined],
  ['build', '[build-dependencies]'],
  ['dev', '[dev-dependencies]'],
  ['feature', undefined],
];

/**
 * `{l}`/`{r}` of a package whose Cargo.toml we do not have: the crate index and the crate facts do
 * not carry license or repository, so the run is refused rather than printed with blanks.
 */
function missingManifest(kind: 'license' | 'repository', id: PackageId): SpecError {
  const pattern = kind === 'license' ? '{l}' : '{r}';
  return new SpecError(
    `the \`${pattern}\` format pattern (${kind}) is only supported for workspace and path packages: \`${id.name} v${id.version}\` comes from a registry or git source, whose Cargo.toml is not read here`,
  );
}

export function printTree(graph: TreeGraph, roots: readonly number[], opts: PrintOptions): string {
  const out: string[] = [];
  const symbols = opts.charset === 'utf8' ? UTF8 : ASCII;
  const visited = new Set<number>();
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;

  const display = (i: number): string => {
    const node = graph.nodes[i]!;
    if (node.kind === 'package') {
      const macro = opts.isProcMacro(node.id) ? ' (proc-macro)' : '';
      const chunk = (c: FormatChunk): string => {
        switch (c.kind) {
          case 'text':
            return c.text;
          case 'features':
            return node.features.join(',');
          case 'lib':
            return opts.libName(node.id) ?? '';
          case 'package':
            return `${node.id.name} v${node.id.version}${macro}${opts.sourceSuffix(node.id)}`;
          case 'license':
          case 'repository': {
            const m = opts.metadata(node.id);
            if (!m) throw missingManifest(c.kind, node.id);
            return m[c.kind] ?? '';
          }
        }
      };
      return opts.format.map(chunk).join('');
    }
    const pkg = graph.packageIdOf(node.nodeIndex);
    return `${pkg.name} feature "${node.name}"${graph.cliFeatures.has(i) ? ' (command-line)' : ''}`;
  };

  const printNode = (i: number, levels: boolean[], stack: number[]): void => {
    const isNew = opts.noDedupe || !visited.has(i);
    visited.add(i);
    let line = '';
    if (opts.prefix === 'depth') line += String(levels.length);
    else if (opts.prefix === 'indent' && levels.length > 0) {
      for (const continues of levels.slice(0, -1)) line += `${continues ? symbols.down : ' '}   `;
      line += `${levels[levels.length - 1] ? symbols.tee : symbols.ell}${symbols.right}${symbols.right} `;
    }
    const inCycle = stack.includes(i);
    // A node without children gets no `(*)`: nothing was left out.
    const star = (isNew && !inCycle) || !graph.hasOutgoingEdges(i) ? '' : ' (*)';
    out.push(`${line}${display(i)}${star}\n`);
    if (!isNew || inCycle) return;
    stack.push(i);
    for (const [kind, heading] of SECTIONS) printDependencies(i, kind, heading, levels, stack);
    stack.pop();
  };

  const printDependencies = (i: number, kind: EdgeKind, heading: string | undefined, levels: boolean[], stack: number[]): void => {
    const deps = graph.connectedNodes(i, kind);
    if (deps.length === 0) return;
    if (opts.prefix === 'indent' && heading !== undefined) {
      out.push(`${levels.map((c) => `${c ? symbols.down : ' '}   `).join('')}${heading}\n`);
    }
    if (levels.length + 1 > maxDepth) return;
    const shown = deps.filter((d) => {
      const n = graph.nodes[d]!;
      if (n.kind !== 'package') return true;
      if (opts.noProcMacro && opts.isProcMacro(n.id)) return false;
      return !opts.prune(n.id);
    });
    shown.forEach((d, k) => {
      levels.push(k < shown.length - 1);
      printNode(d, levels, stack);
      levels.pop();
    });
  };

  roots.forEach((root, k) => {
    if (k > 0) out.push('\n');
    printNode(root, [], []);
  });
  return out.join('');
}
