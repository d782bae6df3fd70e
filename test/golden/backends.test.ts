// The whole-workspace backends' files (buildRustPackage, crane, naersk) for every golden case,
// byte for byte against the reviewed files in test/golden/backends/<backend>/<case>/ (written once
// by test/golden/backends/write-golden.ts, then pinned). Each renderer gets the case's prefetched
// git hashes (git-hashes.json), as the site and the CLI give them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERERS } from '../../worker/render/index.ts';
import { assertSameFile } from '../support/golden.ts';
import { BACKENDS_GOLDEN, backendCases } from './backends/cases.ts';
import { GOLDEN_BACKENDS } from './backends/golden-backends.ts';

const cases = await backendCases();

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('backend golden files', () => {
  for (const backend of GOLDEN_BACKENDS) {
    const renderers = RENDERERS.filter((r) => r.backend === backend);
    for (const c of cases) {
      it(`${backend}: ${c.label}`, () => {
        expect(renderers.length).toBeGreaterThan(0);
        const dir = join(BACKENDS_GOLDEN, backend, c.label);
        const rendered = renderers.flatMap((r) => r.files(c.ws, { flake: {}, gitHashes: c.gitHashes }));
        // Every pinned file is written, and nothing else.
        expect(rendered.map((f) => f.path).sort()).toEqual(filesUnder(dir));
        for (const f of rendered) assertSameFile(`${backend}/${c.label}/${f.path}`, f.text, readFileSync(join(dir, f.path), 'utf8'));
      });
    }
  }
});
