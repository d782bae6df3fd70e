// The documentation page's embed links carry a bundled example whole: its files, its metadata
// snapshot (so the embed needs no network) and the output to open on, in the embed page's layout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShare, payloadFromFragment } from '../../worker/share/index.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { docsEmbedLink } from '../../src/docs/embed-link.ts';
import { readEmbedParams } from '../../src/embed/embed-params.ts';
import type { LoadedExample } from '../../src/lib/examples.ts';
import { EXAMPLES_DIR, SMALL_EXAMPLE_SOURCES, type ExampleFile } from '../tools/build-examples.ts';

function bundled(id: string): LoadedExample {
  const data = JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as ExampleFile;
  return { files: Object.entries(data.files).map(([path, text]) => ({ path, text })), snapshot: data.snapshot };
}

describe('docs embed links', () => {
  for (const id of Object.keys(SMALL_EXAMPLE_SOURCES)) {
    it(`${id}: the link decodes to the example, and its snapshot alone generates the same Cargo.nix`, async () => {
      const example = bundled(id);
      const url = new URL(docsEmbedLink('https://docs.example.org/', example, 'flake.nix'));
      expect(url.origin + url.pathname).toBe('https://docs.example.org/embed');
      expect(readEmbedParams(url.search)).toMatchObject({ layout: 'both', readonly: false });
      const state = decodeShare(payloadFromFragment(url.hash)!);
      expect(state.files).toEqual(example.files);
      expect(state.tab).toEqual({ kind: 'output', id: 'flake.nix' });
      const files = new Map(example.files.map((f) => [f.path, f.text]));
      const fromLink = await generateCargoNix(files, { source: new MemorySource(state.snapshot!) });
      expect(fromLink === (await generateCargoNix(files, { source: new MemorySource(example.snapshot) }))).toBe(true);
    });
  }
});
