// What a place in cargo2nix's Cargo.nix names, for "why is this here": a crate's entry
// (`"<registry>".<name>."<version>" = overridableMkRustCrate`), a reference to a crate
// (`rustPackages."<registry>".<name>."<version>"`, also `buildRustPackages.…` and the workspace
// block's bare `rustPackages.unknown.…`) and a feature in a crate's `features = …` list. The crate is
// named by its key (worker/render/cargo2nix/package-set.ts crateKey: `<registry> <name> <version>`),
// which the Why view takes as it is. Pure, and line by line: the editor asks only about the lines
// on screen, so the 5,500-line Cargo.nix of a 388-crate workspace is never read whole.

import { CRATE_ENTRY_END, crateEntryOf, FEATURE_ALWAYS, FEATURE_GATED, type CrateEntry } from '../../../worker/render/cargo2nix/cargo-nix-shapes.ts';

/** A crate or one of its features at a range of the text. */
export interface WhyTarget {
  /** Offsets in the text (end exclusive): the crate's `name."version"`, or the feature's name. */
  readonly from: number;
  readonly to: number;
  /** `<registry> <name> <version>`, as worker/render/cargo2nix/package-set.ts crateKey writes it. */
  readonly crate: string;
  readonly name: string;
  readonly version: string;
  readonly feature?: string;
}

/** The little of a document this needs; CodeMirror's `Text` is one. Lines are 1-based. */
export interface LineSource {
  readonly lines: number;
  line(n: number): { readonly from: number; readonly text: string };
  lineAt(pos: number): { readonly number: number };
}

// A crate reference: cargo2nix writes every crate name bare and every registry and version quoted.
const REFERENCE = /\b(?:rustPackages|buildRustPackages)\.(?:"([^"]*)"|(unknown))\.([A-Za-z0-9_-]+)\."([^"]+)"/g;

/** The length of `name."version"`. */
const spanLength = (c: CrateEntry): number => c.name.length + 2 + c.version.length + 1;

const keyOf = (c: CrateEntry): string => `${c.registry} ${c.name} ${c.version}`;

function target(c: CrateEntry, from: number, to: number, feature?: string): WhyTarget {
  return { from, to, crate: keyOf(c), name: c.name, version: c.version, ...(feature !== undefined ? { feature } : {}) };
}

/**
 * The targets on one line, offsets from `from` (the line's start). `inside` is the crate whose
 * entry the line is in, which a feature line needs.
 */
function lineTargets(text: string, from: number, inside: CrateEntry | undefined): WhyTarget[] {
  const entry = crateEntryOf(text);
  if (entry) {
    // `  "<registry>".` is 2 + registry + 3 characters; the name and quoted version follow.
    const start = 2 + entry.registry.length + 3;
    return [target(entry, from + start, from + start + spanLength(entry))];
  }
  if (inside) {
    const always = FEATURE_ALWAYS.exec(text);
    const gated = always ? null : FEATURE_GATED.exec(text);
    if (always || gated) {
      const name = always ? always[1]! : gated![2]!;
      // The feature's string is the last thing on its line but for `" ]` or `")`.
      const end = text.length - (always ? 3 : 2);
      return [target(inside, from + end - name.length, from + end, name)];
    }
  }
  const out: WhyTarget[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const c: CrateEntry = { registry: m[1] ?? m[2]!, name: m[3]!, version: m[4]! };
    const end = m.index + m[0].length;
    out.push(target(c, from + end - spanLength(c), from + end));
  }
  return out;
}

/** The crate whose entry is still open after line `n` (looking up from it), or undefined. */
function openEntryAfter(doc: LineSource, n: number): CrateEntry | undefined {
  for (let i = n; i >= 1; i--) {
    const text = doc.line(i).text;
    if (text === CRATE_ENTRY_END) return undefined;
    const entry = crateEntryOf(text);
    if (entry) return entry;
  }
  return undefined;
}

/** Every target on lines `first`…`last` (1-based, inclusive), in document order. */
export function targetsInLines(doc: LineSource, first: number, last: number): WhyTarget[] {
  const out: WhyTarget[] = [];
  let inside = openEntryAfter(doc, first - 1);
  for (let n = Math.max(1, first); n <= Math.min(last, doc.lines); n++) {
    const line = doc.line(n);
    inside = crateEntryOf(line.text) ?? inside;
    for (const t of lineTargets(line.text, line.from, inside)) out.push(t);
    if (line.text === CRATE_ENTRY_END) inside = undefined;
  }
  return out;
}

/** The target at a position (its ends included, so a cursor just after a name still names it). */
export function targetAt(doc: LineSource, pos: number): WhyTarget | undefined {
  const n = doc.lineAt(pos).number;
  return targetsInLines(doc, n, n).find((t) => t.from <= pos && pos <= t.to);
}

/** The question a target asks, as the link's tooltip and the announcement say it. */
export function whyQuestion(t: Pick<WhyTarget, 'name' | 'version' | 'feature'>): string {
  return t.feature === undefined ? `Why is ${t.name} ${t.version} here?` : `Why is feature ${t.feature} of ${t.name} ${t.version} on?`;
}

/** A plain string as a LineSource (tests, and callers without an editor). */
export function linesOf(text: string): LineSource {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineText = (n: number) => text.slice(starts[n - 1], n < starts.length ? starts[n]! - 1 : text.length);
  return {
    lines: starts.length,
    line: (n) => ({ from: starts[n - 1]!, text: lineText(n) }),
    lineAt: (pos) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= pos) lo = mid;
        else hi = mid - 1;
      }
      return { number: lo + 1 };
    },
  };
}
