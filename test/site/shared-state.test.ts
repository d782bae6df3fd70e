// The playground state opening a share link: the link's files, options, tab and snapshot reach the
// run; the user's saved draft is not written over until they change something; "back to my work"
// brings the draft back; a broken link says why and the page starts as it would without it.
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResponse, RunProgress } from '../../worker/browser/protocol.ts';
import { PlaygroundState, SAVE_DELAY_MS, EDIT_DELAY_MS, type GeneratorClient, type SharedInputs } from '../../src/lib/playground.svelte.ts';
import { DEFAULT_OPTIONS, loadState, saveState, type StorageLike } from '../../src/lib/state.ts';
import { FakeClock } from '../support/fake-clock.ts';

class Generator implements GeneratorClient {
  readonly requests: GenerateRequest[] = [];
  readonly #pending: { request: GenerateRequest; resolve: (r: GenerateResponse) => void }[] = [];
  run(request: GenerateRequest, _onProgress: (p: RunProgress) => void): Promise<GenerateResponse | undefined> {
    this.requests.push(request);
    return new Promise((resolve) => this.#pending.push({ request, resolve }));
  }
  /** Answer every run so far with a Cargo.nix naming its lock. */
  answerAll(): void {
    for (const { request, resolve } of this.#pending) {
      const lock = request.files['Cargo.lock'] ?? '';
      resolve({
        ok: true,
        outputs: [
          { renderer: 'cargo2nix/Cargo.nix', label: 'Cargo.nix', ok: true, files: [{ path: 'Cargo.nix', text: `# ${lock}`, language: 'nix' }] },
        ],
        summary: { crates: 1, members: [], fromCache: 0, fetched: 0, ms: 1 },
        gitSources: [],
        ...(request.recordSnapshot ? { snapshot: { index: { recorded: [] }, facts: {}, git: {} } } : {}),
      });
    }
    this.#pending.length = 0;
  }
}

class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const MY_DRAFT = [
  { path: 'Cargo.toml', text: '[package]\nname = "mine"\n' },
  { path: 'Cargo.lock', text: 'my lock' },
];
const SHARED: SharedInputs = {
  files: [
    { path: 'Cargo.toml', text: '[workspace]\nmembers = ["app"]\n' },
    { path: 'app/Cargo.toml', text: '[package]\nname = "app"\n' },
    { path: 'Cargo.lock', text: 'shared lock' },
  ],
  options: { release: false, rootFeatures: 'app/tls', targets: ['x86_64-unknown-linux-musl'] },
  tab: { kind: 'output', id: 'flake.nix' },
  snapshot: { index: { app: [] }, facts: {}, git: {} },
};

function setup(withDraft = true) {
  const storage = new MemoryStorage();
  if (withDraft) saveState(storage, { files: MY_DRAFT, options: { ...DEFAULT_OPTIONS, release: true }, example: undefined });
  const gen = new Generator();
  const clock = new FakeClock();
  const pg = new PlaygroundState({ client: gen, clock, storage, exampleIds: [], loadExample: () => Promise.reject(new Error('none')) });
  return { pg, gen, clock, storage };
}

describe('opening a share link', () => {
  it('shows the link’s files, options and tab, and runs them with its snapshot', async () => {
    const { pg, gen } = setup();
    let left = 0;
    pg.start('', { inputs: Promise.resolve(SHARED), from: 'a shared link', onLeave: () => left++ });
    await settle();
    expect(pg.files.map((f) => f.path)).toEqual(['Cargo.toml', 'app/Cargo.toml', 'Cargo.lock']);
    expect(pg.shared).toEqual({ from: 'a shared link' });
    expect(pg.outputTab).toBe('flake.nix');
    expect(pg.isDirty).toBe(false);
    const request = gen.requests.at(-1)!;
    expect(request.files['Cargo.lock']).toBe('shared lock');
    expect(request.snapshot).toEqual(SHARED.snapshot);
    expect(request.flake.release).toBe(false);
    expect(request.flake.rootFeatures).toEqual(['app/tls']);
    expect(request.flake.extraTargets).toEqual(['x86_64-unknown-linux-musl']);
    expect(left).toBe(0);
  });

  it('an input tab opens that file', async () => {
    const { pg } = setup();
    pg.start('', { inputs: Promise.resolve({ ...SHARED, tab: { kind: 'input', id: 'app/Cargo.toml' } }), from: 'x' });
    await settle();
    expect(pg.activePath).toBe('app/Cargo.toml');
    expect(pg.outputTab).toBeUndefined();
  });

  it('does not save the snapshot over the draft until the user edits, then says so and can bring the draft back', async () => {
    const { pg, gen, clock, storage } = setup();
    let left = 0;
    pg.start('', { inputs: Promise.resolve(SHARED), from: 'a shared link', onLeave: () => left++ });
    await settle();
    gen.answerAll();
    await settle();
    clock.advance(SAVE_DELAY_MS * 5);
    pg.flushSave(); // the page hides
    expect(loadState(storage)!.files).toEqual(MY_DRAFT);

    pg.setText('Cargo.lock', 'shared lock, edited');
    expect(left).toBe(1);
    expect(pg.shared).toBeUndefined();
    expect(pg.notice?.action?.label).toBe('Bring back my earlier draft');
    clock.advance(SAVE_DELAY_MS);
    expect(loadState(storage)!.files!.find((f) => f.path === 'Cargo.lock')!.text).toBe('shared lock, edited');

    pg.notice!.action!.run();
    expect(pg.files).toEqual(MY_DRAFT);
    expect(loadState(storage)!.files).toEqual(MY_DRAFT);
    expect(pg.options.release).toBe(true);
  });

  it('back to my work restores the draft and its options, and the outputs of the snapshot stop counting', async () => {
    const { pg, gen, storage } = setup();
    let left = 0;
    pg.start('', { inputs: Promise.resolve(SHARED), from: 'a shared link', onLeave: () => left++ });
    await settle();
    gen.answerAll();
    await settle();
    expect(pg.fresh).toBe(true);
    pg.backToMyWork();
    expect(left).toBe(1);
    expect(pg.shared).toBeUndefined();
    expect(pg.files).toEqual(MY_DRAFT);
    expect(pg.options.release).toBe(true);
    expect(pg.fresh).toBe(false);
    expect(gen.requests.at(-1)!.files['Cargo.lock']).toBe('my lock');
    expect(gen.requests.at(-1)!.snapshot).toBeUndefined();
    expect(loadState(storage)!.files).toEqual(MY_DRAFT);
  });

  it('a broken link leaves a notice saying why and the saved draft on screen', async () => {
    const { pg, gen } = setup();
    pg.start('', { inputs: Promise.reject(new Error('This shared link could not be opened: it was cut short.')), from: 'x' });
    await settle();
    expect(pg.notice?.text).toBe('This shared link could not be opened: it was cut short.');
    expect(pg.shared).toBeUndefined();
    expect(pg.files).toEqual(MY_DRAFT);
    expect(gen.requests.at(-1)!.files['Cargo.lock']).toBe('my lock');
  });

  it('edits typed while a short link loads are kept as the draft the link can go back to', async () => {
    const { pg, clock } = setup();
    let arrive: (s: SharedInputs) => void = () => undefined;
    pg.start('', { inputs: new Promise((resolve) => (arrive = resolve)), from: 'x' });
    expect(pg.pending).toBe(true);
    pg.setText('Cargo.lock', 'typed meanwhile');
    clock.advance(EDIT_DELAY_MS);
    arrive(SHARED);
    await settle();
    expect(pg.shared).toBeDefined();
    pg.backToMyWork();
    expect(pg.files.find((f) => f.path === 'Cargo.lock')!.text).toBe('typed meanwhile');
  });

  it('a link without a lock still gets both tabs', async () => {
    const { pg } = setup(false);
    pg.start('', { inputs: Promise.resolve({ files: [{ path: 'Cargo.toml', text: 'x' }], options: {} }), from: 'x' });
    await settle();
    expect(pg.files.map((f) => f.path)).toEqual(['Cargo.toml', 'Cargo.lock']);
  });

  it('requestSnapshot makes runs record their metadata, re-running outputs that came without it', async () => {
    const { pg, gen, clock } = setup();
    pg.start('');
    gen.answerAll();
    await settle();
    expect(pg.fresh).toBe(true);
    expect(gen.requests.at(-1)!.recordSnapshot).toBeUndefined();
    const runs = gen.requests.length;
    pg.requestSnapshot();
    expect(gen.requests).toHaveLength(runs + 1);
    expect(gen.requests.at(-1)!.recordSnapshot).toBe(true);
    expect(pg.recordedSnapshot).toBeUndefined();
    gen.answerAll();
    await settle();
    expect(pg.recordedSnapshot).toEqual({ index: { recorded: [] }, facts: {}, git: {} });
    pg.setText('Cargo.lock', 'changed');
    expect(pg.recordedSnapshot).toBeUndefined();
    clock.advance(EDIT_DELAY_MS);
    expect(gen.requests.at(-1)!.recordSnapshot).toBe(true);
  });
});
