// The Tree view's page helpers: its options as route parameters and back (share links), the edge
// checkboxes as cargo reads `-e`, and finding a crate's entry in Cargo.nix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cargoNixEntryLine } from '../../src/lib/tree/cargo-nix-entry.ts';
import { edgesValue, paramsFromRequest, requestFromParams, tickedEdges } from '../../src/lib/tree/tree-params.ts';
import { treeOptions, type TreeRequest } from '../../worker/browser/tree-query.ts';
import { parseEdgeKinds } from '../../worker/views/tree/tree-options.ts';
import { FIXTURES } from '../support/golden.ts';

const clean = (p: Record<string, string>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== ''));

describe('tree route parameters', () => {
  it('carry every option there and back', () => {
    const full: TreeRequest = {
      package: ['app', 'util'],
      invert: ['syn'],
      edges: ['normal,features'],
      target: ['x86_64-pc-windows-msvc'],
      features: ['extra', 'util/extra'],
      allFeatures: true,
      noDefaultFeatures: true,
      depth: 0,
      prefix: 'depth',
      charset: 'ascii',
      noDedupe: true,
      duplicates: true,
    };
    expect(requestFromParams(clean(paramsFromRequest(full)))).toEqual(full);
    expect(requestFromParams(clean(paramsFromRequest({ workspace: true })))).toEqual({ workspace: true });
    expect(clean(paramsFromRequest({}))).toEqual({});
    expect(requestFromParams({})).toEqual({});
  });

  it('fall back to the defaults on values a hand-edited link may hold', () => {
    expect(requestFromParams({ depth: '-1', prefix: 'sideways', charset: 'ebcdic', d: 'yes' })).toEqual({});
  });

  it('the edge checkboxes give the -e value cargo reads as the ticked kinds', () => {
    const kinds = ['normal', 'build', 'dev', 'features'] as const;
    for (let mask = 1; mask < 16; mask++) {
      const ticked = new Set(kinds.filter((_, i) => mask & (1 << i)));
      const value = edgesValue(ticked);
      const read = parseEdgeKinds(value === '' ? [] : [value]).edgeKinds;
      // `features` alone is cargo's defaults plus features: the checkboxes show what cargo does.
      expect(tickedEdges(value)).toEqual(new Set([...read].map((k) => (k === 'feature' ? 'features' : k))));
      expect(treeOptions({ edges: value === '' ? [] : [value] }).edgeKinds).toEqual(read);
    }
    expect(edgesValue(new Set(['normal', 'build', 'dev']))).toBe('');
    expect(tickedEdges('all')).toEqual(new Set(kinds));
  });
});

describe('Cargo.nix entry', () => {
  const text = readFileSync(join(FIXTURES, 'crates-io', 'cases', 'bigger-project', 'expected', 'Cargo.nix'), 'utf8');
  const lines = text.split('\n');
  it("finds the line of a crate's attribute", () => {
    const line = cargoNixEntryLine(text, 'openssl-sys', '0.9.93')!;
    expect(lines[line - 1]).toContain('"registry+https://github.com/rust-lang/crates.io-index".openssl-sys."0.9.93" = overridableMkRustCrate');
    const member = cargoNixEntryLine(text, 'bigger-project', '0.1.0')!;
    expect(lines[member - 1]).toContain('"unknown".bigger-project."0.1.0" = overridableMkRustCrate');
    expect(lines[cargoNixEntryLine(text, 'openssl-sys', undefined)! - 1]).toContain('.openssl-sys."0.9.93" = ');
  });
  it('answers undefined for a crate Cargo.nix does not have', () => {
    expect(cargoNixEntryLine(text, 'openssl-sys', '9.9.9')).toBeUndefined();
    expect(cargoNixEntryLine(text, 'openssl', '0.9.93')).toBeUndefined();
  });
});
