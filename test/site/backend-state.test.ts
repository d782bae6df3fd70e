// The backend switch in the state class and the download: the page's options are UserOptions plus
// the network bases (old saved options still load), switching shows the chosen backend's files at
// once without a run and is remembered, requests carry flakeOptionsOf, the comparison facts reach
// the page, and the zip holds one backend's files with its README or every backend in its own
// folder. Outputs come from the real renderers over a golden case, so every backend is exercised.
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendOfRenderer, backendsIn, bundleFileName, outputsOf } from '../../src/lib/backend-outputs.ts';
import { buildBundle } from '../../src/lib/download.ts';
import { EDIT_DELAY_MS, PlaygroundState, SAVE_DELAY_MS, type GeneratorClient } from '../../src/lib/playground.svelte.ts';
import { DEFAULT_OPTIONS, loadState, savedOptions, type StorageLike } from '../../src/lib/state.ts';
import type { GenerateRequest, GenerateResponse, RenderedOutput } from '../../worker/browser/protocol.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { BACKENDS, DEFAULT_USER_OPTIONS, flakeOptionsOf } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { allBackendsReadme, backendReadme } from '../../worker/render/backend-readme.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import { comparisonFacts, type ComparisonFacts } from '../../worker/views/comparison.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { goldenCases } from '../support/golden.ts';

const KEY = 'cargo2nix-playground:v1';
const MANIFEST = '[package]\nname = "app"\nversion = "0.1.0"\n';
const LOCK = 'version = 3\n';

class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

let outputs: RenderedOutput[];
let comparison: ComparisonFacts;

beforeAll(async () => {
  const c = goldenCases().find((x) => x.name === 'workspace')!;
  const model = await resolveWorkspace(await readWorkspaceDir(c.dir), { source: new RegistryDirSource(c.registry) });
  outputs = renderAll(model, { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS), gitHashes: [] });
  comparison = comparisonFacts(model, []);
});

class Generator implements GeneratorClient {
  readonly requests: GenerateRequest[] = [];
  readonly #pending: ((r: GenerateResponse) => void)[] = [];
  run(request: GenerateRequest): Promise<GenerateResponse | undefined> {
    this.requests.push(request);
    return new Promise((resolve) => this.#pending.push(resolve));
  }
  answer(): void {
    for (const resolve of this.#pending.splice(0))
      resolve({ ok: true, outputs, comparison, gitSources: [], summary: { crates: 1, members: ['app'], fromCache: 0, fetched: 0, ms: 1 } });
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function shown(storage = new MemoryStorage()) {
  const gen = new Generator();
  const clock = new FakeClock();
  const pg = new PlaygroundState({ client: gen, clock, storage, exampleIds: [], loadExample: () => Promise.reject(new Error('none')) });
  pg.setText('Cargo.toml', MANIFEST);
  pg.setText('Cargo.lock', LOCK);
  clock.advance(EDIT_DELAY_MS);
  gen.answer();
  await settle();
  expect(pg.fresh).toBe(true);
  return { pg, gen, clock, storage };
}

describe('renderer ids name their backend', () => {
  it('every renderer id is `<backend>/…` (the page reads the backend off the id)', () => {
    for (const r of RENDERERS) expect(backendOfRenderer(r.id), r.id).toBe(r.backend);
    expect(backendOfRenderer('nix/x')).toBeUndefined();
    expect(backendOfRenderer('cargo2nix')).toBeUndefined();
  });

  it('groups outputs by backend in the switch’s order', () => {
    expect(backendsIn(outputs)).toEqual(BACKENDS.filter((b) => RENDERERS.some((r) => r.backend === b)));
    expect(outputsOf(outputs, 'cargo2nix').map((o) => o.renderer)).toEqual(['cargo2nix/Cargo.nix', 'cargo2nix/flake.nix']);
  });
});

describe('saved options', () => {
  it('options saved before the backend existed load, with cargo2nix', () => {
    const storage = new MemoryStorage();
    const old = { cargo2nixRelease: 'release-0.12', rustVersion: '', targets: [], release: false, rootFeatures: 'app/tls' };
    storage.setItem(KEY, JSON.stringify({ files: [{ path: 'Cargo.toml', text: MANIFEST }], options: old, example: undefined }));
    expect(loadState(storage)?.options).toEqual({ ...DEFAULT_OPTIONS, release: false, rootFeatures: 'app/tls' });
  });

  it('a bad field is dropped alone; the others and the network bases stay', () => {
    expect(savedOptions({ backend: 'nix', release: false, indexBase: 'http://127.0.0.1:1/index', targets: 'x' })).toEqual({
      ...DEFAULT_OPTIONS,
      release: false,
      indexBase: 'http://127.0.0.1:1/index',
    });
    expect(savedOptions({ backend: 'crane' }).backend).toBe('crane');
    expect(savedOptions('junk')).toEqual(DEFAULT_OPTIONS);
  });
});

describe('PlaygroundState: the backend switch', () => {
  it('starts on cargo2nix and shows only its files', async () => {
    const { pg } = await shown();
    expect(pg.options.backend).toBe('cargo2nix');
    expect(pg.outputTabs.map((t) => t.label)).toEqual(['Cargo.nix', 'flake.nix']);
    expect(pg.backends).toEqual(backendsIn(outputs));
  });

  it('switching shows that backend’s files at once, without a run, and is remembered', async () => {
    const { pg, gen, clock, storage } = await shown();
    const runs = gen.requests.length;
    for (const backend of pg.backends) {
      pg.options.backend = backend;
      const want = outputsOf(outputs, backend).flatMap((o) => (o.ok ? o.files.map((f) => f.path) : [o.label]));
      expect(
        pg.outputTabs.map((t) => t.label),
        backend,
      ).toEqual(want);
      expect(pg.fresh).toBe(true);
    }
    pg.options.backend = 'crane';
    clock.advance(SAVE_DELAY_MS * 2);
    expect(gen.requests).toHaveLength(runs);
    expect(loadState(storage)?.options.backend).toBe('crane');
    // A new page over the same storage opens on crane.
    const again = new PlaygroundState({ client: gen, clock, storage, exampleIds: [], loadExample: () => Promise.reject(new Error('none')) });
    expect(again.options.backend).toBe('crane');
  });

  it('requests carry flakeOptionsOf the options; the comparison of a fresh run reaches the page', async () => {
    const { pg, gen, clock } = await shown();
    expect(pg.comparison).toEqual(comparison);
    pg.options.release = false;
    pg.options.rootFeatures = 'app/default, app/tls';
    expect(pg.comparison).toBeUndefined(); // the facts answer the old options until the run lands
    clock.advance(EDIT_DELAY_MS);
    expect(gen.requests.at(-1)!.flake).toEqual(flakeOptionsOf({ ...DEFAULT_USER_OPTIONS, release: false, rootFeatures: 'app/default, app/tls' }));
  });
});

describe('share links carry the backend', () => {
  it('a link’s backend and output tab are what the page shows; switching away from it is not saved over the draft', async () => {
    const storage = new MemoryStorage();
    const gen = new Generator();
    const clock = new FakeClock();
    const pg = new PlaygroundState({ client: gen, clock, storage, exampleIds: [], loadExample: () => Promise.reject(new Error('none')) });
    const files = [
      { path: 'Cargo.toml', text: MANIFEST },
      { path: 'Cargo.lock', text: LOCK },
    ];
    pg.start('', { inputs: Promise.resolve({ files, options: { backend: 'crane' }, tab: { kind: 'output', id: 'flake.nix' } }), from: 'a link' });
    await settle();
    gen.answer();
    await settle();
    expect(pg.options.backend).toBe('crane');
    const crane = outputsOf(outputs, 'crane').flatMap((o) => (o.ok ? o.files : []));
    expect(pg.outputTabs.map((t) => t.label)).toEqual(crane.map((f) => f.path));
    expect(pg.outputTabs.find((t) => t.key === pg.outputTab)?.file?.text).toBe(crane.find((f) => f.path === 'flake.nix')!.text);
    pg.options.backend = 'naersk';
    clock.advance(SAVE_DELAY_MS * 2);
    expect(storage.map.size).toBe(0);
  });
});

describe('download', () => {
  const inputs = [
    { path: 'Cargo.toml', text: MANIFEST },
    { path: 'Cargo.lock', text: LOCK },
  ];
  const unpack = (zip: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));

  it('holds the chosen backend’s files and its README, nothing of the others', () => {
    for (const backend of backendsIn(outputs)) {
      const files = unpack(buildBundle({ projectName: 'ws', outputs, inputs, backend }));
      const mine = outputsOf(outputs, backend);
      const want: Record<string, string> = { 'ws/Cargo.toml': MANIFEST, 'ws/Cargo.lock': LOCK };
      for (const o of mine) for (const f of o.ok ? o.files : []) want[`ws/${f.path}`] = f.text;
      want['ws/README.md'] = backendReadme({ projectName: 'ws', backend, outputs: mine });
      expect(files, backend).toEqual(want);
    }
  });

  it('`all` holds every backend in its own folder, each with its README, and a README naming the folders', () => {
    const files = unpack(buildBundle({ projectName: 'ws', outputs, inputs, backend: 'all' }));
    const want: Record<string, string> = { 'ws/Cargo.toml': MANIFEST, 'ws/Cargo.lock': LOCK };
    for (const backend of backendsIn(outputs)) {
      const mine = outputsOf(outputs, backend);
      for (const o of mine) for (const f of o.ok ? o.files : []) want[`ws/${backend}/${f.path}`] = f.text;
      want[`ws/${backend}/README.md`] = backendReadme({ projectName: 'ws', backend, outputs: mine });
    }
    want['ws/README.md'] = allBackendsReadme('ws', backendsIn(outputs));
    expect(files).toEqual(want);
    // Two backends both write flake.nix; each keeps its own.
    expect(files['ws/crane/flake.nix']).not.toBe(files['ws/naersk/flake.nix']);
  });

  it('names the zip after the choice (cargo2nix keeps the old name)', () => {
    expect(bundleFileName('ws', 'cargo2nix')).toBe('ws-nix.zip');
    expect(bundleFileName('ws', 'crane')).toBe('ws-crane-nix.zip');
    expect(bundleFileName('ws', 'all', true)).toBe('ws-last-working-all-backends-nix.zip');
  });
});
