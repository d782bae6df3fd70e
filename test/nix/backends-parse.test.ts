// Every file of every backend other than cargo2nix (whose files test/nix/cargo-nix.test.ts and
// flake.test.ts check) parses with real Nix (`nix-instantiate --parse`), for every golden case and
// scenario. It loops over RENDERERS, so a new backend's renderer is covered by adding it there.
// Golden cases get their prefetched git hashes (test/golden/backends/git-hashes.json); scenarios,
// whose git repositories do not exist, get a made-up hash per repository: parsing needs none real.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GitSourceHash } from '../../worker/model/git-hash.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import { gitHashFixture } from '../golden/backends/cases.ts';
import { nixCases } from './cases.ts';
import { parseNix } from './nix.ts';

const renderers = RENDERERS.filter((r) => r.backend !== 'cargo2nix');
const fixtureHashes = gitHashFixture();
const cases = await nixCases();
const root = mkdtempSync(join(tmpdir(), 'backends-parse-'));

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
      const files: string[] = [];
      for (const o of outputs) {
        if (!o.ok) {
          // A golden case must render with every backend; a scenario may be refused, but only with a located reason.
          expect(golden, `${o.renderer} failed for golden case ${c.label}: ${o.error.message}`).toBe(false);
          expect(o.error.file ?? o.error.crate, `${o.renderer}: ${o.error.message}`).toBeDefined();
          continue;
        }
        for (const f of o.files) {
          if (f.language !== 'nix') continue;
          const path = join(root, c.label.replace(/\//g, '_'), o.renderer.replace(/\//g, '_'), f.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.text);
          files.push(path);
        }
      }
      if (golden) expect(files.length).toBeGreaterThan(0);
      if (files.length > 0) await parseNix(files, `parse ${c.label}`);
    });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));
