// "Why" from a place in Cargo.nix: every crate entry, crate reference and feature of the golden
// Cargo.nix files (written by the real cargo2nix, never by us) names exactly the crate key and
// feature the resolved model has, and reading only a window of lines (what the editor has on
// screen) finds the same targets as reading the whole file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linesOf, targetAt, targetsInLines, whyQuestion, type WhyTarget } from '../../src/lib/tree/cargo-nix-why.ts';
import { crateKey } from '../../worker/render/cargo2nix/package-set.ts';
import { backendCases } from '../golden/backends/cases.ts';

const cases = await backendCases();
const sorted = (l: Iterable<string>) => [...l].sort();

describe('cargo-nix-why on the golden Cargo.nix files', () => {
  for (const c of cases) {
    const text = readFileSync(c.golden.expected, 'utf8');
    const doc = linesOf(text);
    const all = targetsInLines(doc, 1, doc.lines);
    const slice = (t: WhyTarget) => text.slice(t.from, t.to);

    it(`${c.label}: one entry per crate, keyed as crateKey`, () => {
      const entries = all.filter((t) => t.feature === undefined && text.slice(t.to, t.to + 25) === ' = overridableMkRustCrate');
      expect(sorted(entries.map((t) => t.crate))).toEqual(sorted(c.ws.crates.map((k) => crateKey(k.id))));
      for (const t of entries) expect(slice(t)).toBe(`${t.name}."${t.version}"`);
    });

    it(`${c.label}: every dependency reference and workspace member names a crate of the model`, () => {
      const keys = new Set(c.ws.crates.map((k) => crateKey(k.id)));
      const refs = all.filter((t) => t.feature === undefined && text.slice(t.to, t.to + 25) !== ' = overridableMkRustCrate');
      const edges = c.ws.crates.reduce((n, k) => n + k.dependencies.length, 0);
      expect(refs.length).toBe(edges + c.ws.members.length);
      for (const t of refs) {
        expect(keys.has(t.crate), t.crate).toBe(true);
        expect(slice(t)).toBe(`${t.name}."${t.version}"`);
      }
    });

    it(`${c.label}: every feature of every crate, and nothing else, with its crate`, () => {
      const features = all.filter((t) => t.feature !== undefined);
      const want = c.ws.crates.flatMap((k) => k.features.map((f) => `${crateKey(k.id)} / ${f.name}`));
      expect(sorted(features.map((t) => `${t.crate} / ${t.feature!}`))).toEqual(sorted(want));
      for (const t of features) expect(slice(t)).toBe(t.feature);
    });

    it(`${c.label}: a window of lines finds what the whole file finds there`, () => {
      // Windows start anywhere, also inside a long features list, far from its crate's entry line.
      for (let first = 1; first <= doc.lines; first += 37) {
        const last = Math.min(doc.lines, first + 45);
        const from = doc.line(first).from;
        const to = last < doc.lines ? doc.line(last + 1).from : text.length + 1;
        expect(targetsInLines(doc, first, last)).toEqual(all.filter((t) => t.from >= from && t.to < to));
      }
    });

    it(`${c.label}: the target at a position, its ends included`, () => {
      for (const t of all.filter((_, i) => i % 7 === 0)) {
        expect(targetAt(doc, t.from)).toEqual(t);
        expect(targetAt(doc, t.to)).toEqual(t);
        expect(targetAt(doc, (t.from + t.to) >> 1)).toEqual(t);
      }
    });
  }
});

describe('cargo-nix-why by hand', () => {
  const registry = 'registry+https://github.com/rust-lang/crates.io-index';
  const text = [
    '  workspace = {',
    '    app = rustPackages.unknown.app."0.1.0";',
    '  };',
    `  "${registry}".serde."1.0.1" = overridableMkRustCrate (profileName: rec {`,
    '    features = builtins.concatLists [',
    '      [ "std" ]',
    `      (lib.optional (rootFeatures' ? "app/fast" || rootFeatures' ? "app/default") "derive")`,
    '    ];',
    '    buildDependencies = {',
    `      cc = (buildRustPackages."${registry}".cc."1.0.83" { profileName = "__noProfile"; }).out;`,
    '    };',
    '  });',
    '      [ "orphan" ]',
  ].join('\n');
  const doc = linesOf(text);

  it('reads entries, references in both package sets and the bare `unknown` registry', () => {
    const crates = targetsInLines(doc, 1, doc.lines).filter((t) => t.feature === undefined);
    expect(crates.map((t) => t.crate)).toEqual(['unknown app 0.1.0', `${registry} serde 1.0.1`, `${registry} cc 1.0.83`]);
  });

  it("takes a conditional feature's own name, not the member features of its condition", () => {
    const features = targetsInLines(doc, 1, doc.lines).filter((t) => t.feature !== undefined);
    expect(features.map((t) => [t.name, t.feature, text.slice(t.from, t.to)])).toEqual([
      ['serde', 'std', 'std'],
      ['serde', 'derive', 'derive'],
    ]);
    // The member feature in the condition is no target.
    expect(targetAt(doc, text.indexOf('app/fast') + 2)).toBeUndefined();
  });

  it('a feature-like line after an entry has closed belongs to no crate', () => {
    expect(targetsInLines(doc, doc.lines, doc.lines)).toEqual([]);
  });

  it('a position off every name has no target', () => {
    expect(targetAt(doc, text.indexOf('profileName: rec'))).toBeUndefined();
    expect(targetAt(doc, text.indexOf('workspace'))).toBeUndefined();
  });

  it('asks its question in words', () => {
    expect(whyQuestion({ name: 'serde', version: '1.0.1' })).toBe('Why is serde 1.0.1 here?');
    expect(whyQuestion({ name: 'serde', version: '1.0.1', feature: 'std' })).toBe('Why is feature std of serde 1.0.1 on?');
  });
});
