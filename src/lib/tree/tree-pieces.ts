// The Tree view's text cut into pieces the page renders: plain text, and each crate's
// `name vX.Y.Z` as a piece of its own (a button). Joined, the pieces give the text back exactly.
import type { CrateRef } from '../../../worker/browser/insight-types.ts';
import type { TreeSpan } from '../../../worker/browser/tree-query.ts';

export interface Piece {
  readonly text: string;
  readonly span?: TreeSpan;
  /** The span's index among the answer's spans. */
  readonly index?: number;
}

/** One list of pieces per line; past `linked` spans the rest of the text is one plain piece. */
export function treePieces(text: string, spans: readonly TreeSpan[], linked: number): Piece[][] {
  const byLine = new Map<number, { span: TreeSpan; index: number }>();
  spans.slice(0, linked).forEach((span, index) => byLine.set(span.line, { span, index }));
  const all = text.split('\n');
  const lastLinked = spans[Math.min(spans.length, linked) - 1]?.line ?? -1;
  const tail = all.slice(lastLinked + 1).join('\n');
  const lines = all.slice(0, lastLinked + 1).map((line, i): Piece[] => {
    const s = byLine.get(i);
    if (!s) return [{ text: `${line}\n` }];
    return [
      { text: line.slice(0, s.span.start) },
      { text: line.slice(s.span.start, s.span.end), span: s.span, index: s.index },
      { text: `${line.slice(s.span.end)}\n` },
    ];
  });
  return tail === '' ? lines : [...lines, [{ text: tail }]];
}

/** Package specs to offer for -p and -i: the name, or name@version when the name comes in several versions. */
export function specChoices(crates: readonly CrateRef[]): string[] {
  const count = new Map<string, number>();
  for (const c of crates) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return [...new Set(crates.map((c) => (count.get(c.name)! > 1 ? `${c.name}@${c.version}` : c.name)))].sort();
}
