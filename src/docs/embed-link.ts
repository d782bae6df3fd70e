// The link each live example on the documentation page loads: the bundled example's files and its
// metadata snapshot in a share payload, so the embed renders with no network and exactly the
// output the command line gives for the same folder. Built in the browser from the bundled JSON,
// so nothing generated is committed.
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { encodeShare, fragmentLink } from '../../worker/share/index.ts';
import { EMBED_DEFAULTS, embedQuery } from '../embed/embed-params.ts';
import type { LoadedExample } from '../lib/examples.ts';

/** The output file a docs embed opens on. */
export type DocsOutput = 'Cargo.nix' | 'flake.nix';

/** `<base>/embed?layout=both#s=<payload>`: inputs (editable) beside the outputs, opened on `output`. */
export function docsEmbedLink(base: string, example: LoadedExample, output: DocsOutput): string {
  const payload = encodeShare({
    files: example.files,
    options: DEFAULT_USER_OPTIONS,
    tab: { kind: 'output', id: output },
    snapshot: example.snapshot,
  });
  const url = new URL(fragmentLink(base, payload, { embed: true }));
  url.search = embedQuery({ ...EMBED_DEFAULTS, layout: 'both' });
  return url.href;
}
