// The Tree view's page helpers: its options as route parameters and back (share links), the edge
// checkboxes as cargo reads `-e`, and finding a crate's entry in Cargo.nix.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cargoNixEntryLine } from '../../src/lib/tree/cargo-nix-entry.ts';
import { edgesValue, paramsFromRequest, requestFromParams, shellWord, tickedEdges } from '../../src/lib/tree/tree-params.ts';
import { specChoices, treePieces } from '../../src/lib/tree/tree-pieces.ts';
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

describe('tree pieces', () => {
  const text = 'app v0.1.0 (/ws)\n├── log v0.4.17\n│   [build-dependencies]\n└── cc v1.0.0 (*)\n\nutil v0.2.0 (/ws/util)\n';
  const spans = [
    { line: 0, start: 0, end: 10, name: 'app', version: '0.1.0' },
    { line: 1, start: 4, end: 15, name: 'log', version: '0.4.17' },
    { line: 3, start: 4, end: 13, name: 'cc', version: '1.0.0' },
    { line: 5, start: 0, end: 11, name: 'util', version: '0.2.0' },
  ];
  const joined = (p: ReturnType<typeof treePieces>) =>
    p
      .flat()
      .map((x) => x.text)
      .join('');
  it('give the text back, with each span a piece of its own', () => {
    const pieces = treePieces(text, spans, 100);
    expect(joined(pieces)).toBe(text);
    expect(
      pieces
        .flat()
        .filter((p) => p.span)
        .map((p) => p.text),
    ).toEqual(['app v0.1.0', 'log v0.4.17', 'cc v1.0.0', 'util v0.2.0']);
    expect(
      pieces
        .flat()
        .filter((p) => p.span)
        .map((p) => p.index),
    ).toEqual([0, 1, 2, 3]);
  });
  it('past the limit, the rest is one plain piece', () => {
    const pieces = treePieces(text, spans, 2);
    expect(joined(pieces)).toBe(text);
    expect(pieces.flat().filter((p) => p.span).length).toBe(2);
    expect(pieces.at(-1)).toEqual([{ text: '│   [build-dependencies]\n└── cc v1.0.0 (*)\n\nutil v0.2.0 (/ws/util)\n' }]);
    expect(joined(treePieces(text, [], 10))).toBe(text);
  });
  it('offer a name alone unless it comes in several versions', () => {
    const c = (name: string, version: string) => ({ key: `${name} ${version}`, name, version, member: false });
    expect(specChoices([c('syn', '1.0.0'), c('syn', '2.0.0'), c('log', '0.4.0')])).toEqual(['log', 'syn@1.0.0', 'syn@2.0.0']);
  });
});

describe('the cargo tree command line shown in the view', () => {
  it('reads back through a real shell word for word, globs unexpanded even where files match them', () => {
    const args = [
      '-p',
      'serde*',
      '-e',
      'normal,build',
      '--features',
      'a b',
      "it's",
      '{p} {f}',
      '',
      '-i',
      'openssl-sys@0.9.1',
      '$HOME',
      'a\\b',
      '[x]',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'shell-word-'));
    try {
      writeFileSync(join(dir, 'serde-json'), '');
      writeFileSync(join(dir, 'x'), '');
      const script = `printf '%s\\0' ${args.map(shellWord).join(' ')}`;
      const out = execFileSync('sh', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: '/nowhere' } });
      expect(out.split('\0').slice(0, -1)).toEqual(args);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves plain words bare', () => {
    expect(['--target', 'x86_64-unknown-linux-gnu', '--depth', '2', 'serde@1.0.1'].map(shellWord)).toEqual([
      '--target',
      'x86_64-unknown-linux-gnu',
      '--depth',
      '2',
      'serde@1.0.1',
    ]);
  });
});
