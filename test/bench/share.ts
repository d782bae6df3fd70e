// Share-link sizes for `npm run bench` (issue 10): for each bundled example (public/examples/) and
// each golden case, the length of its fragment link with and without the metadata snapshot, the
// JSON it inflates to, and how long encoding and decoding take. Every decoded state is compared with
// the encoded one, so a short wrong link cannot pass for a figure.
//
//   tsx test/bench/share.ts      (on its own; run.ts calls shareFigures unless --no-share)
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { parseShareArgs } from '../../worker/node/share-args.ts';
import { sharedStateOf } from '../../worker/node/share-link.ts';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { compactSnapshot, decodeShare, DEFAULT_SHARE_BASE, encodeShare, fragmentLink, type SharedState } from '../../worker/share/index.ts';
import { goldenCases } from '../support/golden.ts';
import { summarise, type Stats } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNS = 9;
/** Chromium's limit on a URL's length; fragment links longer than this need a short link. */
export const CHROMIUM_URL_LIMIT = 2 * 1024 * 1024;

export interface ShareSize {
  readonly name: string;
  readonly files: number;
  /** Characters of `<base>/#s=…` (base DEFAULT_SHARE_BASE). */
  readonly linkChars: number;
  readonly withSnapshot?: {
    readonly linkChars: number;
    readonly crates: number;
    /** Bytes of the JSON the payload inflates to. */
    readonly jsonBytes: number;
    readonly encodeMs: Stats;
    readonly decodeMs: Stats;
  };
}

export interface ShareFigures {
  readonly base: string;
  readonly examples: readonly ShareSize[];
  readonly golden: readonly ShareSize[];
}

function timed(run: () => void, runs: number): Stats {
  run(); // warm-up: JIT and fflate's tables
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return summarise(samples);
}

function checkedLink(state: SharedState): string {
  const payload = encodeShare(state);
  const back = decodeShare(payload);
  const expected = state.snapshot ? { ...state, snapshot: compactSnapshot(state.snapshot) } : state;
  // JSON round trip: the decoded snapshot's records have no prototype, the compacted one's do.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(expected)))) {
    throw new Error('a share link did not decode to its state');
  }
  return fragmentLink(DEFAULT_SHARE_BASE, payload);
}

function sizeOf(name: string, state: SharedState, runs: number): ShareSize {
  const { snapshot, ...bare } = state;
  const size: ShareSize = { name, files: state.files.length, linkChars: checkedLink(bare).length };
  if (!snapshot) return size;
  const link = checkedLink(state);
  const payload = link.slice(link.indexOf('#s=') + 3);
  return {
    ...size,
    withSnapshot: {
      linkChars: link.length,
      crates: Object.values(snapshot.index).reduce((n, entries) => n + entries.length, 0) + Object.keys(snapshot.git ?? {}).length,
      jsonBytes: new TextEncoder().encode(JSON.stringify({ ...state, snapshot: compactSnapshot(snapshot) })).length,
      encodeMs: timed(() => encodeShare(state), runs),
      decodeMs: timed(() => decodeShare(payload), runs),
    },
  };
}

function bundledExamples(): { name: string; state: SharedState }[] {
  const dir = join(ROOT, 'public', 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { files: Record<string, string>; snapshot?: MetadataSnapshot };
      return {
        name: basename(f, '.json'),
        state: {
          files: Object.entries(json.files).map(([path, text]) => ({ path, text })),
          options: DEFAULT_USER_OPTIONS,
          ...(json.snapshot ? { snapshot: json.snapshot } : {}),
        },
      };
    });
}

export async function shareFigures(progress: (s: string) => void = () => {}, runs = RUNS): Promise<ShareFigures> {
  progress('share links: bundled examples');
  const examples = bundledExamples().map(({ name, state }) => sizeOf(name, state, runs));
  const golden: ShareSize[] = [];
  for (const c of goldenCases()) {
    progress(`share links: ${c.set}/${c.name}`);
    const command = parseShareArgs([c.dir, '--snapshot', '--registry', c.registry]);
    if (command.kind !== 'share') throw new Error('expected a share command');
    golden.push(sizeOf(`${c.set}/${c.name}`, await sharedStateOf(command), runs));
  }
  return { base: DEFAULT_SHARE_BASE, examples, golden };
}

export function shareReport(f: ShareFigures): string[] {
  const kb = (chars: number) => `${(chars / 1024).toFixed(1)} K`;
  const row = (s: ShareSize) => {
    const w = s.withSnapshot;
    const cells = [
      s.name.padEnd(30),
      String(s.files).padStart(5),
      kb(s.linkChars).padStart(9),
      (w ? kb(w.linkChars) : '').padStart(10),
      (w ? String(w.crates) : '').padStart(6),
      (w ? kb(w.jsonBytes) : '').padStart(9),
      (w ? w.encodeMs.median.toFixed(1) : '').padStart(9),
      (w ? w.decodeMs.median.toFixed(1) : '').padStart(9),
    ];
    return `  ${cells.join('  ')}`;
  };
  const head = `  ${'state'.padEnd(30)}  ${'files'.padStart(5)}  ${'link'.padStart(9)}  ${'+snapshot'.padStart(10)}  ${'crates'.padStart(6)}  ${'JSON'.padStart(9)}  ${'encode ms'.padStart(9)}  ${'decode ms'.padStart(9)}`;
  const all = [...f.examples, ...f.golden];
  const longest = Math.max(...all.map((s) => s.withSnapshot?.linkChars ?? s.linkChars));
  return [
    `Share links (${f.base}/#s=…; length in characters, K = 1024; JSON = what the payload inflates to; encode/decode medians with snapshot)`,
    head,
    '  bundled examples',
    ...f.examples.map(row),
    '  golden cases',
    ...f.golden.map(row),
    `longest link ${kb(longest)} characters, ${((longest / CHROMIUM_URL_LIMIT) * 100).toFixed(1)}% of Chromium's ${kb(CHROMIUM_URL_LIMIT)} URL limit`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await shareFigures((s) => process.stderr.write(`  … ${s}\n`));
  process.stdout.write(shareReport(f).join('\n') + '\n');
}
