// The playground state class with a fake generator and a fake clock: every
// change schedules a run, a failed or superseded run never leaves `running`
// set, outputs are only offered for the inputs on screen, one run per example,
// link parameters used once, persistence debounced and size-aware.
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResponse, RunProgress } from '../../worker/browser/protocol.ts';
import {
  EDIT_DELAY_MS,
  OPTION_DELAY_MS,
  PlaygroundState,
  SAVE_DELAY_MS,
  type GeneratorClient,
  type LoadedExample,
  type PlaygroundDeps,
} from '../../src/lib/playground.svelte.ts';
import { DEFAULT_OPTIONS, loadState, MAX_SAVED_CHARS, type StorageLike } from '../../src/lib/state.ts';
import { FakeClock } from '../support/fake-clock.ts';

interface Call {
  readonly request: GenerateRequest;
  readonly onProgress: (p: RunProgress) => void;
  resolve(r: GenerateResponse | undefined): void;
  reject(e: unknown): void;
}

/** A generator whose runs finish when the test says so. */
class FakeGenerator implements GeneratorClient {
  readonly calls: Call[] = [];
  run(request: GenerateRequest, onProgress: (p: RunProgress) => void): Promise<GenerateResponse | undefined> {
    return new Promise((resolve, reject) => this.calls.push({ request, onProgress, resolve, reject }));
  }
  get last(): Call {
    const c = this.calls.at(-1);
    if (!c) throw new Error('no run was started');
    return c;
  }
}

class MemoryStorage implements StorageLike {
  readonly writes: string[] = [];
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.writes.push(value);
    this.map.set(key, value);
  }
}

/** A successful answer whose Cargo.nix names the lock it was made from, so tests see which inputs it answers. */
function answer(request: GenerateRequest): GenerateResponse {
  const lock = request.files['Cargo.lock'] ?? '';
  return {
    ok: true,
    outputs: [
      { renderer: 'cargo2nix/Cargo.nix', label: 'Cargo.nix', ok: true, files: [{ path: 'Cargo.nix', text: `# lock: ${lock}`, language: 'nix' }] },
      { renderer: 'cargo2nix/flake.nix', label: 'flake.nix', ok: true, files: [{ path: 'flake.nix', text: '{ }', language: 'nix' }] },
    ],
    summary: { crates: 1, members: Object.keys(request.files).filter((p) => p.endsWith('Cargo.toml')), fromCache: 0, fetched: 0, ms: 1 },
    // A "hash" per run that names the lock, so tests see which inputs the git sources answer.
    gitSources: request.network.git
      ? [{ url: 'https://git.example.org/dep', rev: 'a'.repeat(40), packages: ['dep-0.1.0'], sri: `sha256-${lock}` }]
      : [],
  };
}

const MANIFEST = '[package]\nname = "app"\nversion = "0.1.0"\n';
const LOCK = 'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n';

const EXAMPLES: Record<string, LoadedExample> = {
  one: {
    files: [
      { path: 'Cargo.lock', text: 'lock one' },
      { path: 'Cargo.toml', text: '[package]\nname = "one"\n' },
    ],
    snapshot: { index: {}, facts: {}, git: {} },
  },
  two: {
    files: [
      { path: 'Cargo.toml', text: '[package]\nname = "two"\n' },
      { path: 'Cargo.lock', text: 'lock two' },
    ],
    snapshot: { index: { two: [] }, facts: {}, git: {} },
  },
};

/** Settle every promise callback queued so far (one macrotask turn; no timers involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(over: Partial<PlaygroundDeps> = {}, saved?: Parameters<typeof loadState>[0]) {
  const gen = new FakeGenerator();
  const clock = new FakeClock();
  const storage = (saved as MemoryStorage | undefined) ?? new MemoryStorage();
  const exampleLoads: string[] = [];
  const deps: PlaygroundDeps = {
    client: gen,
    clock,
    storage,
    exampleIds: Object.keys(EXAMPLES),
    loadExample: (id) => {
      exampleLoads.push(id);
      const e = EXAMPLES[id];
      return e ? Promise.resolve(e) : Promise.reject(new Error('404'));
    },
    ...over,
  };
  const pg = new PlaygroundState(deps);
  return { pg, gen, clock, storage, exampleLoads };
}

/** A playground showing MANIFEST + LOCK with a finished, successful run. */
async function withResult() {
  const s = setup();
  s.pg.setText('Cargo.toml', MANIFEST);
  s.pg.setText('Cargo.lock', LOCK);
  s.clock.advance(EDIT_DELAY_MS);
  s.gen.last.resolve(answer(s.gen.last.request));
  await settle();
  expect(s.pg.fresh).toBe(true);
  return s;
}

describe('PlaygroundState: every change schedules a run', () => {
  it('an edit runs after a pause in typing, with the text on screen', async () => {
    const { pg, gen, clock } = setup();
    pg.setText('Cargo.toml', MANIFEST);
    pg.setText('Cargo.lock', LOCK);
    expect(pg.pending).toBe(true);
    clock.advance(EDIT_DELAY_MS - 1);
    expect(gen.calls).toHaveLength(0);
    clock.advance(1);
    expect(gen.calls).toHaveLength(1);
    expect(pg.running).toBe(true);
    expect(pg.pending).toBe(false);
    expect(gen.last.request.files).toEqual({ 'Cargo.toml': MANIFEST, 'Cargo.lock': LOCK });
    gen.last.resolve(answer(gen.last.request));
    await settle();
    expect(pg.running).toBe(false);
    expect(pg.completedRuns).toBe(1);
    expect(pg.outputs.map((o) => o.renderer)).toEqual(['cargo2nix/Cargo.nix', 'cargo2nix/flake.nix']);
    expect(pg.canDownload).toBe(true);
  });

  for (const [what, change] of [
    ['adding a member', (pg: PlaygroundState) => expect(pg.addMember('crates/extra')).toEqual({ path: 'crates/extra/Cargo.toml' })],
    ['renaming a member', (pg: PlaygroundState) => expect(pg.renameFile('crates/a/Cargo.toml', 'tools/b')).toEqual({ path: 'tools/b/Cargo.toml' })],
    ['removing a member', (pg: PlaygroundState) => pg.removeFile('crates/a/Cargo.toml')],
    ['replacing the file list (bind:files)', (pg: PlaygroundState) => (pg.files = pg.files.filter((f) => f.path !== 'crates/a/Cargo.toml'))],
  ] as const) {
    it(`${what} schedules a run, and the old workspace's summary and downloads go at once`, async () => {
      const { pg, gen, clock } = await withResult();
      pg.files = [...pg.files, { path: 'crates/a/Cargo.toml', text: '[package]\nname = "a"\n' }];
      clock.advance(EDIT_DELAY_MS);
      gen.last.resolve(answer(gen.last.request));
      await settle();
      const before = gen.calls.length;
      const members = pg.summary?.members;
      expect(members).toContain('crates/a/Cargo.toml');

      change(pg);
      expect(pg.pending).toBe(true);
      expect(pg.summary).toBeUndefined();
      expect(pg.canDownload).toBe(false);
      clock.advance(EDIT_DELAY_MS);
      expect(gen.calls).toHaveLength(before + 1);
      const paths = Object.keys(gen.last.request.files);
      expect(paths).toEqual(pg.files.map((f) => f.path));
      gen.last.resolve(answer(gen.last.request));
      await settle();
      expect(pg.summary?.members).toEqual(pg.files.filter((f) => f.path.endsWith('Cargo.toml')).map((f) => f.path));
      expect(pg.summary?.members).not.toEqual(members);
    });
  }

  it('rejects bad member paths and duplicates without changing anything', async () => {
    const { pg, gen, clock } = await withResult();
    const version = pg.version;
    expect(pg.addMember('../x')).toEqual({ error: expect.stringMatching(/inside the workspace/) });
    expect(pg.addMember('a')).toEqual({ path: 'a/Cargo.toml' });
    expect(pg.addMember('a/')).toEqual({ error: 'a/Cargo.toml already exists' });
    expect(pg.renameFile('Cargo.lock', 'b')).toEqual({ error: 'Cargo.lock cannot be renamed' });
    expect(pg.version).toBe(version + 1);
    clock.advance(EDIT_DELAY_MS);
    expect(gen.calls).toHaveLength(2);
  });

  it('an option change runs sooner than typing, with the option in the request', async () => {
    const { pg, gen, clock } = await withResult();
    pg.options.release = false;
    pg.options.targets = ['aarch64-unknown-linux-gnu'];
    clock.advance(OPTION_DELAY_MS);
    expect(gen.calls).toHaveLength(2);
    expect(gen.last.request.flake).toMatchObject({ release: false, extraTargets: ['aarch64-unknown-linux-gnu'] });
  });

  it('setting a value an option already has changes nothing', async () => {
    const { pg, gen, clock } = await withResult();
    const version = pg.version;
    pg.options.release = DEFAULT_OPTIONS.release;
    expect(pg.pending).toBe(false);
    expect(pg.version).toBe(version);
    clock.advance(10 * EDIT_DELAY_MS);
    expect(gen.calls).toHaveLength(1);
  });
});

describe('PlaygroundState: runs that fail or are overtaken', () => {
  it('a rejected run clears running and says the generator stopped', async () => {
    const { pg, gen } = await withResult();
    void pg.run();
    expect(pg.running).toBe(true);
    gen.last.reject(new Error('worker crashed'));
    await settle();
    expect(pg.running).toBe(false);
    expect(pg.error?.message).toMatch(/generator stopped unexpectedly: worker crashed/);
  });

  it('a failed run clears running; the outputs are then out of date and only the last good project can be downloaded', async () => {
    const { pg, gen, clock } = await withResult();
    const good = pg.result!;
    pg.setText('Cargo.lock', 'broken');
    clock.advance(EDIT_DELAY_MS);
    gen.last.resolve({ ok: false, cancelled: false, error: { message: 'bad lock', file: 'Cargo.lock', line: 1, column: 1 } });
    await settle();
    expect(pg.running).toBe(false);
    expect(pg.error?.message).toBe('bad lock');
    expect(pg.fresh).toBe(false);
    expect(pg.outputs).toEqual([]);
    expect(pg.canDownload).toBe(false);
    expect(pg.canDownloadLastGood).toBe(true);
    // The last good result keeps its own inputs: zipping it never mixes projects.
    expect(pg.result).toBe(good);
    expect(good.inputs.find((f) => f.path === 'Cargo.lock')?.text).toBe(LOCK);
    expect(pg.diagnosticsFor('Cargo.lock')).toEqual([{ line: 1, column: 1, message: 'bad lock' }]);
    expect(pg.diagnosticsFor('Cargo.toml')).toEqual([]);
  });

  it("an error belongs to its inputs: editing them takes it off the screen until the next run's answer", async () => {
    const { pg, gen, clock } = await withResult();
    pg.setText('Cargo.lock', 'broken');
    clock.advance(EDIT_DELAY_MS);
    gen.last.resolve({ ok: false, cancelled: false, error: { message: 'bad lock' } });
    await settle();
    expect(pg.error).toBeDefined();
    pg.setText('Cargo.lock', LOCK);
    expect(pg.error).toBeUndefined();
    expect(pg.canDownloadLastGood).toBe(false);
  });

  it('a run overtaken by a newer one never lands, is counted as cancelled, and leaves running to the newer run', async () => {
    const { pg, gen, clock } = await withResult();
    pg.setText('Cargo.lock', 'slow');
    clock.advance(EDIT_DELAY_MS);
    const slow = gen.last;
    pg.setText('Cargo.lock', 'fast');
    clock.advance(EDIT_DELAY_MS);
    const fast = gen.last;
    expect(fast).not.toBe(slow);
    fast.resolve(answer(fast.request));
    await settle();
    expect(pg.running).toBe(false);
    slow.resolve(answer(slow.request));
    await settle();
    expect(pg.cancelledRuns).toBe(1);
    expect(pg.outputTabs[0]?.file?.text).toBe('# lock: fast');
    expect(pg.fresh).toBe(true);
  });

  it('a worker answer of "cancelled" for the latest run clears running without an error', async () => {
    const { pg, gen } = await withResult();
    void pg.run();
    gen.last.resolve({ ok: false, cancelled: true, error: { message: 'cancelled' } });
    await settle();
    expect(pg.running).toBe(false);
    expect(pg.error).toBeUndefined();
    expect(pg.cancelledRuns).toBe(1);
  });

  it('progress of an overtaken run is ignored', async () => {
    const { pg, gen, clock } = await withResult();
    pg.setText('Cargo.lock', 'a');
    clock.advance(EDIT_DELAY_MS);
    const old = gen.last;
    void pg.run();
    old.onProgress({ phase: 'metadata', done: 1, total: 9 });
    expect(pg.progress).toBeUndefined();
    gen.last.onProgress({ phase: 'metadata', done: 2, total: 3 });
    expect(pg.progress).toEqual({ phase: 'metadata', done: 2, total: 3 });
  });
});

describe('PlaygroundState: empty inputs are checked before the generator', () => {
  it('an empty Cargo.lock gives a located error without a run, and nothing is left generating', async () => {
    const { pg, gen } = setup();
    pg.setText('Cargo.toml', MANIFEST);
    await pg.run();
    expect(gen.calls).toHaveLength(0);
    expect(pg.running).toBe(false);
    expect(pg.pending).toBe(false);
    expect(pg.error).toMatchObject({ file: 'Cargo.lock', line: 1, message: expect.stringMatching(/Cargo\.lock is empty/) });
    expect(pg.completedRuns).toBe(1);
  });

  it('an empty Cargo.toml likewise', async () => {
    const { pg, gen } = setup();
    pg.setText('Cargo.lock', LOCK);
    await pg.run();
    expect(gen.calls).toHaveLength(0);
    expect(pg.error).toMatchObject({ file: 'Cargo.toml', message: expect.stringMatching(/Cargo\.toml is empty/) });
  });

  it('emptying the inputs while a run is in flight drops its outputs when it lands', async () => {
    const { pg, gen, clock } = await withResult();
    pg.setText('Cargo.lock', 'x');
    clock.advance(EDIT_DELAY_MS);
    const inFlight = gen.last;
    pg.setText('Cargo.lock', '');
    pg.setText('Cargo.toml', '');
    clock.advance(EDIT_DELAY_MS);
    expect(pg.running).toBe(false);
    inFlight.resolve(answer(inFlight.request));
    await settle();
    expect(pg.result).toBeUndefined();
    expect(pg.outputTabs).toEqual([]);
  });
});

describe('PlaygroundState: examples', () => {
  it('selecting an example runs the generator once, with its bundled metadata, and returns what it replaced', async () => {
    const { pg, gen, clock } = await withResult();
    const before = pg.files;
    const replaced = await pg.loadExample('two');
    clock.advance(10 * EDIT_DELAY_MS);
    expect(gen.calls).toHaveLength(2);
    expect(gen.last.request.snapshot).toBe(EXAMPLES.two!.snapshot);
    expect(gen.last.request.files['Cargo.lock']).toBe('lock two');
    expect(pg.exampleId).toBe('two');
    expect(pg.isDirty).toBe(false);
    expect(replaced?.files).toBe(before);

    pg.restore(replaced!);
    expect(pg.files).toEqual(before);
    expect(pg.exampleId).toBeUndefined();
    expect(gen.calls).toHaveLength(3);
    expect(gen.last.request.snapshot).toBeUndefined();
  });

  it('is dirty once the example is edited, not before', async () => {
    const { pg } = setup();
    expect(pg.isDirty).toBe(false);
    await pg.loadExample('one');
    expect(pg.isDirty).toBe(false);
    pg.setText('Cargo.lock', 'edited');
    expect(pg.isDirty).toBe(true);
  });

  it('a later choice wins over an earlier one still loading', async () => {
    let release!: () => void;
    const slow = new Promise<LoadedExample>((r) => (release = () => r(EXAMPLES.one!)));
    const { pg, gen } = setup({ loadExample: (id) => (id === 'one' ? slow : Promise.resolve(EXAMPLES[id]!)) });
    const first = pg.loadExample('one');
    expect(pg.pending).toBe(true);
    await pg.loadExample('two');
    release();
    expect(await first).toBeUndefined();
    expect(pg.exampleId).toBe('two');
    expect(gen.calls).toHaveLength(1);
    expect(pg.pending).toBe(false);
  });

  it('an example that cannot load leaves the inputs alone and says why', async () => {
    const { pg } = await withResult();
    const files = pg.files;
    await expect(pg.loadExample('missing')).rejects.toThrow('404');
    expect(pg.files).toBe(files);
    expect(pg.notice?.text).toMatch(/missing could not be loaded: 404/);
    expect(pg.pending).toBe(false);
  });
});

describe('PlaygroundState: start and link parameters', () => {
  it('a first visit opens the first example; the link parameters are removed from the address and not saved', async () => {
    const { pg, gen, clock, storage } = setup();
    const rest = pg.start('?index=http%3A%2F%2F127.0.0.1%3A9%2Findex&dl=http%3A%2F%2F127.0.0.1%3A9%2Fdl&keep=1');
    expect(rest).toBe('?keep=1');
    await settle();
    expect(pg.exampleId).toBe('one');
    expect(gen.calls).toHaveLength(1);
    expect(gen.last.request.network).toEqual({ indexBase: 'http://127.0.0.1:9/index', downloadBase: 'http://127.0.0.1:9/dl' });
    clock.advance(SAVE_DELAY_MS);
    expect(loadState(storage)?.options.indexBase).toBe(DEFAULT_OPTIONS.indexBase);
    expect(loadState(storage)?.options.downloadBase).toBe(DEFAULT_OPTIONS.downloadBase);
  });

  it("git goes through the page's own edge function unless ?git= names another proxy for this visit, never saved", async () => {
    const own = setup({ gitProxy: 'https://play.example/api/git' });
    own.pg.setText('Cargo.toml', MANIFEST);
    own.pg.setText('Cargo.lock', LOCK);
    own.clock.advance(EDIT_DELAY_MS);
    expect(own.gen.last.request.network.git).toEqual({ corsProxy: 'https://play.example/api/git' });

    const linked = setup({ gitProxy: 'https://play.example/api/git' });
    expect(linked.pg.start('?git=http%3A%2F%2F127.0.0.1%3A9%2Fproxy&keep=1')).toBe('?keep=1');
    await settle();
    expect(linked.gen.last.request.network.git).toEqual({ corsProxy: 'http://127.0.0.1:9/proxy' });
    linked.clock.advance(SAVE_DELAY_MS);
    expect(linked.storage.writes.join('')).not.toContain('127.0.0.1:9/proxy');

    const none = setup({ gitProxy: null });
    none.pg.setText('Cargo.toml', MANIFEST);
    none.pg.setText('Cargo.lock', LOCK);
    none.clock.advance(EDIT_DELAY_MS);
    expect(none.gen.last.request.network.git).toBeUndefined();
  });

  it("git sources' hashes are offered only for the inputs on screen", async () => {
    const { pg, gen, clock } = setup({ gitProxy: 'https://play.example/api/git' });
    pg.setText('Cargo.toml', MANIFEST);
    pg.setText('Cargo.lock', LOCK);
    clock.advance(EDIT_DELAY_MS);
    gen.last.resolve(answer(gen.last.request));
    await settle();
    expect(pg.gitSources.map((g) => g.sri)).toEqual([`sha256-${LOCK}`]);
    expect(pg.result?.gitSources).toHaveLength(1);
    pg.setText('Cargo.lock', `${LOCK}\n`);
    expect(pg.gitSources).toEqual([]);
  });

  it('a saved draft from an example is kept on reload, run once with the example metadata', async () => {
    const first = setup();
    await first.pg.loadExample('two');
    first.pg.setText('Cargo.lock', 'my edit');
    first.pg.flushSave();

    const { pg, gen, exampleLoads } = setup({}, first.storage);
    expect(pg.start('')).toBe('');
    await settle();
    expect(exampleLoads).toEqual(['two']);
    expect(pg.files.find((f) => f.path === 'Cargo.lock')?.text).toBe('my edit');
    expect(gen.calls).toHaveLength(1);
    expect(gen.last.request.snapshot).toBe(EXAMPLES.two!.snapshot);
    expect(pg.isDirty).toBe(true);
  });

  it('?example= over a dirty draft loads the example with an undo that restores the draft', async () => {
    const first = setup();
    first.pg.setText('Cargo.toml', MANIFEST);
    first.pg.setText('Cargo.lock', LOCK);
    first.pg.flushSave();

    const { pg } = setup({}, first.storage);
    expect(pg.start('?example=one')).toBe('');
    await settle();
    expect(pg.exampleId).toBe('one');
    expect(pg.notice?.action?.label).toBe('Undo');
    pg.notice!.action!.run();
    expect(pg.files.find((f) => f.path === 'Cargo.lock')?.text).toBe(LOCK);
  });

  it('an unknown ?example= says so and keeps the draft', () => {
    const { pg } = setup();
    pg.start('?example=nope');
    expect(pg.notice?.text).toMatch(/no example called “nope”/);
  });
});

describe('PlaygroundState: persistence', () => {
  it('writes once after a pause in typing, not on every keystroke', async () => {
    const { pg, clock, storage } = setup();
    for (let i = 0; i < 20; i++) {
      pg.setText('Cargo.toml', `${MANIFEST}# ${i}\n`);
      clock.advance(SAVE_DELAY_MS / 4);
    }
    expect(storage.writes).toHaveLength(0);
    clock.advance(SAVE_DELAY_MS);
    expect(storage.writes).toHaveLength(1);
    expect(loadState(storage)?.files?.find((f) => f.path === 'Cargo.toml')?.text).toBe(`${MANIFEST}# 19\n`);
  });

  it('inputs too large to keep are not written; the next visit says so', () => {
    const { pg, storage } = setup();
    pg.setText('Cargo.lock', 'x'.repeat(MAX_SAVED_CHARS + 1));
    pg.flushSave();
    expect(storage.writes.at(-1)!.length).toBeLessThan(2000);
    const next = setup({}, storage);
    expect(next.pg.files.every((f) => f.text === '')).toBe(true);
    expect(next.pg.notice?.text).toMatch(/too large to keep/);
  });
});

describe('saved options from an older page', () => {
  it('are brought back into what the flake catalogue offers before the first run', () => {
    const storage = new Map<string, string>();
    const fake: StorageLike = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) };
    const old = { ...DEFAULT_OPTIONS, cargo2nixRelease: 'release-0.11', rustVersion: '1.70.0', targets: ['wasm32-wasip1'] };
    fake.setItem('cargo2nix-playground:v1', JSON.stringify({ files: [], options: old }));
    const options = loadState(fake)?.options;
    expect(options?.cargo2nixRelease).toBe(DEFAULT_OPTIONS.cargo2nixRelease);
    expect(options?.rustVersion).toBe('');
    // With Rust from rust-version the default toolchain is judged, and it has WASI.
    expect(options?.targets).toEqual(['wasm32-wasip1']);
  });
});
