// The site's bundled examples are in sync with the golden fixtures, and their
// metadata snapshots alone reproduce the golden Cargo.nix (no network).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import { EXAMPLES } from '../../src/lib/examples.ts';
import { assertSameFile, FIXTURES } from '../support/golden.ts';
import { buildExample, EXAMPLE_SOURCES, EXAMPLES_DIR, exampleJson, SMALL_EXAMPLE_SOURCES, type ExampleFile } from '../tools/build-examples.ts';

describe('bundled examples', () => {
  it('the menu lists exactly the built examples', () => {
    expect(EXAMPLES.map((e) => e.id).sort()).toEqual([...Object.keys(EXAMPLE_SOURCES), ...Object.keys(SMALL_EXAMPLE_SOURCES)].sort());
  });

  for (const id of Object.keys(EXAMPLE_SOURCES)) {
    it(`${id}: committed JSON matches the fixtures (rebuild with tsx test/tools/build-examples.ts)`, async () => {
      const committed = readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8');
      expect(committed === exampleJson(await buildExample(id))).toBe(true);
    });

    it(`${id}: its snapshot alone reproduces the golden Cargo.nix`, async () => {
      const ex = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as ExampleFile;
      const src = EXAMPLE_SOURCES[id]!;
      const nix = await generateCargoNix(new Map(Object.entries(ex.files)), { source: new MemorySource(ex.snapshot) });
      assertSameFile(`${id}/Cargo.nix`, nix, readFileSync(join(FIXTURES, src.set, 'cases', src.name, 'expected', 'Cargo.nix'), 'utf8'));
    });
  }
});
