// Every file of every backend other than cargo2nix (whose files test/nix/cargo-nix.test.ts and
// flake.test.ts check) parses with real Nix (`nix-instantiate --parse`; JSON files with JSON.parse),
// for every golden case and scenario; and every backend, cargo2nix included, renders every example
// the site bundles (public/examples/*.json, read as the page reads them) with the page's default
// options, each file parsing. It loops over RENDERERS, so a new backend's renderer is covered by
// adding it there. Golden cases get their prefetched git hashes (test/golden/backends/git-hashes.json);
// scenarios, whose git repositories do not exist, get a made-up hash per repository: parsing needs none real.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/lib/examples.ts';
import { MemorySource, type MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import type { GitSourceHash } from '../../worker/model/git-hash.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { DEFAULT_USER_OPTIONS, flakeOptionsOf } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import type { RenderedOutput } from '../../worker/render/renderer.ts';
import { gitHashFixture } from '../golden/backends/cases.ts';
import { nixCases } from './cases.ts';
import { parseNix } from './nix.ts';

const renderers = RENDERERS.filter((r) => r.backend !== 'cargo2nix');
const fixtureHashes = gitHashFixture();
const cases = await nixCases();
const root = mkdtempSync(join(tmpdir(), 'backends-parse-'));
const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'public', 'examples');

/** Writes each Nix file under `dir` (returning their paths) and holds each JSON file to JSON.parse. */
function writeNixFiles(dir: string, outputs: readonly RenderedOutput[]): string[] {
  const files: string[] = [];
  for (const o of outputs) {
    if (!o.ok) continue;
    for (const f of o.files) {
      if (f.language === 'json') expect(() => JSON.parse(f.text), `${o.renderer}: ${f.path}`).not.toThrow();
      if (f.language !== 'nix') continue;
      const path = join(dir, o.renderer.replace(/\//g, '_'), f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
      files.push(path);
    }
  }
  return files;
}

function madeUpHashes(ws: ResolvedWorkspace): GitSourceHash[] {
  const out = new Map<string, GitSourceHash>();
  for (const c of ws.crates) {
    if (c.source.kind !== 'git') continue;
    const key = `${c.source.url}#${c.source.rev}`;
    const pkg = `${c.id.name}-${c.id.version}`;
    const known = out.get(key);
    out.set(key, {
      url: c.source.url,
      rev: c.source.rev,
      packages: [...(known?.packages ?? []), pkg],
      sri: 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    });
  }
  return [...out.values()];
}

describe('backend files parse with nix-instantiate --parse', () => {
  it('has renderers to check', () => {
    expect(renderers.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(c.label, async () => {
      const golden = c.golden !== undefined;
      const gitHashes = golden ? (fixtureHashes[c.label] ?? []) : madeUpHashes(c.ws);
      const outputs = renderAll(c.ws, { flake: {}, gitHashes }, renderers);
      for (const o of outputs) {
        if (o.ok) continue;
        // A golden case must render with every backend; a scenario may be refused, but only with a located reason.
        expect(golden, `${o.renderer} failed for golden case ${c.label}: ${o.error.message}`).toBe(false);
        expect(o.error.file ?? o.error.crate, `${o.renderer}: ${o.error.message}`).toBeDefined();
      }
      const files = writeNixFiles(join(root, c.label.replace(/\//g, '_')), outputs);
      if (golden) expect(files.length).toBeGreaterThan(0);
      if (files.length > 0) await parseNix(files, `parse ${c.label}`);
    });
  }
});

describe('every backend renders every bundled example, and its files parse', () => {
  const bundled = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));

  it('covers exactly the examples the site offers', () => {
    expect(bundled.sort()).toEqual(EXAMPLES.map((e) => e.id).sort());
  });

  for (const id of bundled) {
    it(id, async () => {
      const data = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as {
        files: Record<string, string>;
        snapshot: MetadataSnapshot;
      };
      const ws = await resolveWorkspace(new Map(Object.entries(data.files)), { source: new MemorySource(data.snapshot) });
      const outputs = renderAll(ws, { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS), gitHashes: madeUpHashes(ws) });
      for (const o of outputs) expect(o.ok, `${o.renderer}: ${o.ok ? '' : o.error.message}`).toBe(true);
      // Every backend wrote files, each Nix, JSON (both checked below) or a Markdown note: nothing else goes unchecked.
      for (const o of outputs)
        for (const f of o.ok ? o.files : []) expect(['nix', 'json', 'markdown'], `${o.renderer}: ${f.path}`).toContain(f.language);
      expect(new Set(outputs.map((o) => o.renderer.slice(0, o.renderer.indexOf('/'))))).toEqual(new Set(RENDERERS.map((r) => r.backend)));
      const files = writeNixFiles(join(root, `example_${id}`), outputs);
      expect(files.length).toBeGreaterThanOrEqual(new Set(RENDERERS.map((r) => r.backend)).size);
      await parseNix(files, `parse example ${id}`);
    });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));
