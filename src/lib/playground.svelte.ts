// The playground's one state object: input files, options, the bundled
// example's metadata, runs and their results. Every change to what the
// generator reads goes through here and schedules a run; a run that fails,
// throws or is superseded always clears `running`; outputs remember which
// inputs they came from, so the page never offers outputs of other inputs.
// Components read from it and call its methods; nothing else owns state.
import type {
  ComparisonFacts,
  ErrorInfo,
  GenerateRequest,
  GenerateResponse,
  MetadataSnapshot,
  OutputFile,
  RenderedOutput,
  RunProgress,
  RunSummary,
  GitSourceHash,
} from '../../worker/browser/protocol.ts';
import {
  DEFAULT_OPTIONS,
  emptyWorkspace,
  loadState,
  parseQuery,
  saveState,
  type PlaygroundOptions,
  type SavedState,
  type StorageLike,
} from './state.ts';
import { SYSTEM_CLOCK, type Clock } from '../../worker/metadata/net/clock.ts';
import type { InsightClient } from '../../worker/browser/insight-types.ts';
import { flakeOptionsOf, type BackendId } from '../../worker/options/user-options.ts';
import { backendsIn, outputsOf } from './backend-outputs.ts';
import {
  LOCKFILE,
  looksLikeLockfile,
  looksLikeManifest,
  memberManifestPath,
  memberTemplate,
  projectName,
  ROOT_MANIFEST,
  sameFiles,
  sortFiles,
  type InputFile,
} from './workspace-files.ts';

/** The generator as the state sees it: the Web Worker in the page, a fake in tests. */
export interface GeneratorClient {
  /** Resolves `undefined` when a newer run superseded this one; may reject (the worker died). */
  run(request: GenerateRequest, onProgress: (p: RunProgress) => void): Promise<GenerateResponse | undefined>;
  /** Questions about the last resolved workspace (the Insight views); absent: no Insight. */
  readonly insight?: InsightClient;
}

export interface LoadedExample {
  readonly files: InputFile[];
  readonly snapshot: MetadataSnapshot;
}

export interface PlaygroundDeps {
  readonly client: GeneratorClient;
  readonly loadExample: (id: string) => Promise<LoadedExample>;
  /** Example ids the page offers; `?example=` and the first visit pick from these. */
  readonly exampleIds: readonly string[];
  readonly storage?: StorageLike | undefined;
  /** Timers for debouncing runs and saves, injected so tests move time themselves. */
  readonly clock?: Clock;
  /**
   * The git proxy (isomorphic-git's `corsProxy`) git dependencies are fetched through: the edge
   * function at `<page origin>/api/git` unless given. `null`: none (git dependencies are refused).
   */
  readonly gitProxy?: string | null;
  /**
   * The edge function whose shared cache of crate facts runs ask first (`<base>/api/crates`): the
   * page's origin unless given. `null`: none (crates.io directly, as with the `directCratesIo` option).
   */
  readonly edgeBase?: string | null;
  /** Called once, when the first outputs arrive (a performance mark in the page). */
  readonly onFirstOutput?: () => void;
}

/** What `loadExample` replaced and `restore` puts back (undo). */
export interface PlaygroundSnapshot {
  readonly files: readonly InputFile[];
  readonly exampleId: string | undefined;
  readonly exampleFiles: readonly InputFile[] | undefined;
  readonly metadata: MetadataSnapshot | undefined;
  readonly activePath: string;
}

/** A share link's state as the page opens it (src/lib/share-link.ts decodes the link into this). */
export interface SharedInputs {
  readonly files: readonly InputFile[];
  readonly options: Partial<PlaygroundOptions>;
  /** The tab the sharer was looking at: an input file path or an output file path. */
  readonly tab?: { readonly kind: 'input' | 'output'; readonly id: string } | undefined;
  /** Crate metadata the link carries, consulted before the network. */
  readonly snapshot?: MetadataSnapshot | undefined;
}

/** The shared snapshot on screen, unchanged since the link opened it. */
export interface SharedView {
  /** What the notice calls it, e.g. "a shared link" or "the short link abc123". */
  readonly from: string;
}

export interface Notice {
  readonly text: string;
  readonly action?: { readonly label: string; readonly run: () => void };
}

/** A successful run, with the inputs it was made from (the download zips these together). */
export interface RunResult {
  readonly outputs: readonly RenderedOutput[];
  readonly summary: RunSummary;
  /** The prefetched hash of every git source of the lock (lock order). */
  readonly gitSources: readonly GitSourceHash[];
  /** The metadata the run read, when a snapshot was asked for (requestSnapshot). */
  readonly snapshot?: MetadataSnapshot | undefined;
  /** How the backends compare for these inputs (the comparison panel). */
  readonly comparison?: ComparisonFacts | undefined;
  readonly inputs: readonly InputFile[];
  readonly exampleId: string | undefined;
  /** The inputs' version when the run started. */
  readonly version: number;
}

/** One output tab: a generated file, or a renderer's error in place of its files. */
export type OutputTab =
  | { readonly key: string; readonly label: string; readonly file: OutputFile; readonly error?: undefined }
  | { readonly key: string; readonly label: string; readonly file?: undefined; readonly error: ErrorInfo };

export interface EditorDiagnostic {
  readonly line: number;
  readonly column: number | undefined;
  readonly message: string;
}

/** Delays: a keystroke waits for the next one; an option click runs sooner; saving waits for a pause. */
export const EDIT_DELAY_MS = 450;
export const OPTION_DELAY_MS = 150;
export const SAVE_DELAY_MS = 1000;

/**
 * The options, as accessors: `bind:value={pg.options.release}` and
 * `options.targets = [...]` both land in a setter, and every setter schedules a run.
 */
export class OptionsState implements PlaygroundOptions {
  #values: PlaygroundOptions = $state.raw(DEFAULT_OPTIONS);
  readonly #onchange: (key: keyof PlaygroundOptions) => void;

  constructor(initial: PlaygroundOptions, onchange: (key: keyof PlaygroundOptions) => void) {
    this.#values = { ...initial, targets: [...initial.targets] };
    this.#onchange = onchange;
  }

  #set<K extends keyof PlaygroundOptions>(key: K, value: PlaygroundOptions[K]): void {
    if (this.#values[key] === value) return;
    this.#values = { ...this.#values, [key]: value };
    this.#onchange(key);
  }

  get cargo2nixRelease() {
    return this.#values.cargo2nixRelease;
  }
  set cargo2nixRelease(v: string) {
    this.#set('cargo2nixRelease', v);
  }
  get rustVersion() {
    return this.#values.rustVersion;
  }
  set rustVersion(v: string) {
    this.#set('rustVersion', v);
  }
  get targets(): string[] {
    return this.#values.targets;
  }
  set targets(v: string[]) {
    this.#set('targets', [...v]);
  }
  get release() {
    return this.#values.release;
  }
  set release(v: boolean) {
    this.#set('release', v);
  }
  get rootFeatures() {
    return this.#values.rootFeatures;
  }
  set rootFeatures(v: string) {
    this.#set('rootFeatures', v);
  }
  /** Which tool's files the tabs show and the download holds (every run renders them all). */
  get backend(): BackendId {
    return this.#values.backend;
  }
  set backend(v: BackendId) {
    this.#set('backend', v);
  }
  get indexBase() {
    return this.#values.indexBase;
  }
  set indexBase(v: string) {
    this.#set('indexBase', v);
  }
  get downloadBase() {
    return this.#values.downloadBase;
  }
  set downloadBase(v: string) {
    this.#set('downloadBase', v);
  }
  get directCratesIo() {
    return this.#values.directCratesIo;
  }
  set directCratesIo(v: boolean) {
    this.#set('directCratesIo', v);
  }

  /** Set values without scheduling a run (the page's start, before anything ran). */
  assign(values: Partial<PlaygroundOptions>): void {
    this.#values = { ...this.#values, ...values };
  }

  /** A plain copy, for requests and storage. */
  values(): PlaygroundOptions {
    return { ...this.#values, targets: [...this.#values.targets] };
  }
}

export class PlaygroundState {
  readonly #deps: PlaygroundDeps;
  readonly #clock: Clock;

  #files: InputFile[] = $state.raw(emptyWorkspace());
  /** The file the input editor shows. Switching files changes nothing the generator reads. */
  activePath: string = $state(ROOT_MANIFEST);
  #exampleId: string | undefined = $state.raw(undefined);
  /** The example's files as loaded, to tell whether the user changed them. */
  #exampleFiles: readonly InputFile[] | undefined = $state.raw(undefined);
  /** Crate metadata bundled with the example, consulted before the network. */
  #metadata: MetadataSnapshot | undefined = $state.raw(undefined);
  readonly options: OptionsState;

  /** Bumped by every change the generator would see; results and errors carry the version they answer. */
  #version = $state(0);
  #result: RunResult | undefined = $state.raw(undefined);
  #error: { readonly info: ErrorInfo; readonly version: number } | undefined = $state.raw(undefined);
  #running = $state(false);
  #scheduled = $state(false);
  #loadingExample = $state(0);
  #progress: RunProgress | undefined = $state.raw(undefined);
  notice: Notice | undefined = $state.raw(undefined);
  /** Runs that finished (with outputs or an error); tests wait on it instead of guessing timings. */
  completedRuns = $state(0);
  /** Runs that ended without touching the screen because a newer run replaced them. */
  cancelledRuns = $state(0);

  #runSeq = 0;
  #cancelRunTimer = (): void => undefined;
  #cancelSaveTimer = (): void => undefined;
  #exampleSeq = 0;
  /** Network bases from a link apply to this visit only; storage keeps the user's own. */
  #savedNetwork: Pick<PlaygroundOptions, 'indexBase' | 'downloadBase'>;
  /** Where git is fetched through this visit (a link's `?git=` wins); never saved. */
  #gitProxy: string | undefined;
  /** The edge function asked first for crate facts; never saved. */
  readonly #edgeBase: string | undefined;
  #firstOutputSeen = false;
  readonly #hadSaved: boolean;
  /** The output tab to show (OutputPane's choice; a share link sets it). */
  outputTab: string | undefined = $state(undefined);
  /** A shared snapshot on screen; nothing is saved over the user's draft until they edit it. */
  #shared: SharedView | undefined = $state.raw(undefined);
  /** The user's draft as it was before a link opened (for "back to my work"). */
  #beforeShared: SavedState | undefined;
  #onSharedLeave: (() => void) | undefined;
  /** Runs also record the metadata they read (the Share dialog asked for a snapshot). */
  #recordSnapshot = false;

  constructor(deps: PlaygroundDeps, saved: SavedState | undefined = loadState(deps.storage)) {
    this.#deps = deps;
    this.#hadSaved = saved !== undefined;
    this.#clock = deps.clock ?? SYSTEM_CLOCK;
    this.#gitProxy = deps.gitProxy === null ? undefined : (deps.gitProxy ?? defaultGitProxy());
    this.#edgeBase = deps.edgeBase === null ? undefined : (deps.edgeBase ?? pageOrigin());
    const options = saved?.options ?? DEFAULT_OPTIONS;
    this.#savedNetwork = { indexBase: options.indexBase, downloadBase: options.downloadBase };
    this.options = new OptionsState(options, (key) => {
      if (key === 'indexBase' || key === 'downloadBase') this.#savedNetwork = { ...this.#savedNetwork, [key]: this.options[key] };
      // Every run renders every backend: switching only changes what is shown, so it is remembered, not re-run.
      if (key === 'backend') this.#scheduleSave();
      else this.#changed(OPTION_DELAY_MS);
    });
    if (saved?.files) this.#files = sortFiles(saved.files);
    this.#exampleId = saved?.example;
    if (saved?.tooLarge !== undefined) {
      this.notice = {
        text: `Your last inputs (${(saved.tooLarge / 1e6).toFixed(1)} MB) were too large to keep in this browser; paste or open them again.`,
      };
    }
  }

  // ---- reading -------------------------------------------------------------

  get files(): InputFile[] {
    return this.#files;
  }
  /** For `bind:files`: replacing the list (add, rename, remove a member) is a change like any other. */
  set files(files: InputFile[]) {
    this.#setFiles(sortFiles(files));
    this.#changed(EDIT_DELAY_MS);
  }
  get activeFile(): InputFile | undefined {
    return this.#files.find((f) => f.path === this.activePath) ?? this.#files[0];
  }
  get exampleId(): string | undefined {
    return this.#exampleId;
  }
  get running(): boolean {
    return this.#running;
  }
  /** A run is due (debounced edit, example loading) but has not started. */
  get pending(): boolean {
    return this.#scheduled || this.#loadingExample > 0;
  }
  get progress(): RunProgress | undefined {
    return this.#running ? this.#progress : undefined;
  }
  get version(): number {
    return this.#version;
  }
  /** The error of the inputs on screen (an error of older inputs is gone once they change). */
  get error(): ErrorInfo | undefined {
    return this.#error?.version === this.#version ? this.#error.info : undefined;
  }
  /** The last successful run, whatever inputs it came from; see `fresh`. */
  get result(): RunResult | undefined {
    return this.#result;
  }
  /** The outputs answer exactly the inputs and options on screen. */
  get fresh(): boolean {
    return this.#result !== undefined && this.#result.version === this.#version;
  }
  /** Outputs of the inputs on screen, or none. */
  get outputs(): readonly RenderedOutput[] {
    return this.fresh ? this.#result!.outputs : [];
  }
  get summary(): RunSummary | undefined {
    return this.fresh ? this.#result!.summary : undefined;
  }
  /** Prefetched hashes of the git sources, for the inputs on screen. */
  get gitSources(): readonly GitSourceHash[] {
    return this.fresh ? this.#result!.gitSources : [];
  }
  /** The shared snapshot on screen, until the user edits it or goes back to their work. */
  get shared(): SharedView | undefined {
    return this.#shared;
  }
  /** The git proxy runs use (shown when a git fetch fails). */
  get gitProxy(): string | undefined {
    return this.#gitProxy;
  }
  /** How the backends compare for the inputs on screen. */
  /** The Insight views' queries, when the generator answers them. */
  get insight(): InsightClient | undefined {
    return this.#deps.client.insight;
  }
  /** The last finished run (or input check) failed, whatever inputs it had: the worker then keeps no workspace for Insight. */
  get lastRunFailed(): boolean {
    return this.#error !== undefined;
  }
  get comparison(): ComparisonFacts | undefined {
    return this.fresh ? this.#result!.comparison : undefined;
  }
  /** The backends the last run wrote files for, in the switch's order. */
  get backends(): BackendId[] {
    return backendsIn(this.#result?.outputs ?? []);
  }
  /** The chosen backend's outputs of the last run (see `fresh`). */
  get backendOutputs(): RenderedOutput[] {
    return outputsOf(this.#result?.outputs ?? [], this.options.backend);
  }
  /** The chosen backend's files, and each of its failed outputs in place of its files, in renderer order. */
  get outputTabs(): OutputTab[] {
    const tabs: OutputTab[] = [];
    for (const o of this.backendOutputs) {
      if (o.ok) for (const file of o.files) tabs.push({ key: file.path, label: file.path, file });
      else tabs.push({ key: `error:${o.renderer}`, label: o.label, error: o.error });
    }
    return tabs;
  }
  /** Download and copy offer only outputs of the inputs on screen. */
  get canDownload(): boolean {
    return this.fresh && this.#result!.outputs.some((o) => o.ok);
  }
  /** The inputs have an error and an earlier run worked: its whole project can still be downloaded, named as such. */
  get canDownloadLastGood(): boolean {
    return !this.fresh && this.error !== undefined && this.#result !== undefined;
  }
  /** Both the root manifest and the lock have text (the placeholder explains what to paste otherwise). */
  get hasInput(): boolean {
    return this.#textOf(ROOT_MANIFEST).trim() !== '' && this.#textOf(LOCKFILE).trim() !== '';
  }
  get isEmpty(): boolean {
    return this.#files.every((f) => f.text.trim() === '');
  }
  /** Would replacing the inputs lose work? (An untouched example loses nothing.) */
  get isDirty(): boolean {
    if (this.isEmpty) return false;
    return this.#exampleFiles === undefined || !sameFiles(this.#exampleFiles, this.#files);
  }
  get projectName(): string {
    return projectName(this.#files, this.#exampleId);
  }
  diagnosticsFor(path: string): EditorDiagnostic[] {
    const e = this.error;
    return e && e.file === path && e.line !== undefined ? [{ line: e.line, column: e.column, message: e.message }] : [];
  }

  // ---- changing the inputs -------------------------------------------------

  selectFile(path: string): void {
    if (this.#files.some((f) => f.path === path)) this.activePath = path;
  }

  setText(path: string, text: string): void {
    const i = this.#files.findIndex((f) => f.path === path);
    if (i < 0 || this.#files[i]!.text === text) return;
    const next = [...this.#files];
    next[i] = { path, text };
    this.#files = next;
    this.#changed(EDIT_DELAY_MS);
  }

  /** Add `<dir>/Cargo.toml` with a minimal package; returns its path or why not. */
  addMember(dir: string): { path: string } | { error: string } {
    const r = memberManifestPath(dir);
    if ('error' in r) return r;
    if (this.#files.some((f) => f.path === r.path)) return { error: `${r.path} already exists` };
    this.#setFiles(sortFiles([...this.#files, { path: r.path, text: memberTemplate(r.path) }]));
    this.activePath = r.path;
    this.#changed(EDIT_DELAY_MS);
    return r;
  }

  /** Move a member manifest to `<dir>/Cargo.toml`. */
  renameFile(from: string, toDir: string): { path: string } | { error: string } {
    const r = memberManifestPath(toDir);
    if ('error' in r) return r;
    if (from === ROOT_MANIFEST || from === LOCKFILE) return { error: `${from} cannot be renamed` };
    if (r.path === from) return r;
    if (this.#files.some((f) => f.path === r.path)) return { error: `${r.path} already exists` };
    this.#setFiles(sortFiles(this.#files.map((f) => (f.path === from ? { ...f, path: r.path } : f))));
    if (this.activePath === from) this.activePath = r.path;
    this.#changed(EDIT_DELAY_MS);
    return r;
  }

  removeFile(path: string): void {
    if (path === ROOT_MANIFEST || path === LOCKFILE || !this.#files.some((f) => f.path === path)) return;
    this.#setFiles(this.#files.filter((f) => f.path !== path));
    this.#changed(EDIT_DELAY_MS);
  }

  /** Files from a folder or archive replace the workspace; they are no example's, so its metadata goes too. */
  importFiles(files: readonly InputFile[], message: string): void {
    this.#exampleId = undefined;
    this.#exampleFiles = undefined;
    this.#metadata = undefined;
    this.#setFiles(sortFiles(files));
    this.activePath = ROOT_MANIFEST;
    this.notice = { text: message };
    this.#changed(0);
  }

  /** After `bind:files` replaced the files with an import: forget the example, say what happened, run now. */
  imported(message: string): void {
    this.#exampleId = undefined;
    this.#exampleFiles = undefined;
    this.#metadata = undefined;
    this.notice = { text: message };
    this.#changed(0);
  }

  /** A lock pasted into a manifest (or the reverse) goes where it belongs; true when it was moved. */
  handlePaste(text: string): boolean {
    const path = this.activeFile?.path;
    if (path && path !== LOCKFILE && looksLikeLockfile(text)) {
      this.setText(LOCKFILE, text);
      this.activePath = LOCKFILE;
      this.notice = { text: 'That looked like a Cargo.lock, so it went into the Cargo.lock tab.' };
      return true;
    }
    if (path === LOCKFILE && looksLikeManifest(text) && !looksLikeLockfile(text)) {
      this.setText(ROOT_MANIFEST, text);
      this.activePath = ROOT_MANIFEST;
      this.notice = { text: 'That looked like a Cargo.toml, so it went into the Cargo.toml tab.' };
      return true;
    }
    return false;
  }

  snapshot(): PlaygroundSnapshot {
    return {
      files: this.#files,
      exampleId: this.#exampleId,
      exampleFiles: this.#exampleFiles,
      metadata: this.#metadata,
      activePath: this.activePath,
    };
  }

  /** Put back what `loadExample` replaced (undo), and run. */
  restore(s: PlaygroundSnapshot): void {
    this.#exampleSeq++;
    this.#exampleId = s.exampleId;
    this.#exampleFiles = s.exampleFiles;
    this.#metadata = s.metadata;
    this.#setFiles(sortFiles(s.files));
    this.activePath = s.activePath;
    this.#changed(0);
  }

  /**
   * Replace the inputs with a bundled example and run once. Resolves to what
   * was replaced (for undo), or `undefined` when a newer choice overtook it.
   * Rejects when the example cannot be loaded; the inputs are then untouched.
   */
  async loadExample(id: string): Promise<PlaygroundSnapshot | undefined> {
    const seq = ++this.#exampleSeq;
    this.#loadingExample++;
    let loaded: LoadedExample;
    try {
      loaded = await this.#deps.loadExample(id);
    } catch (e) {
      if (seq === this.#exampleSeq) this.notice = { text: `The example ${id} could not be loaded: ${(e as Error).message}` };
      throw e;
    } finally {
      this.#loadingExample--;
    }
    if (seq !== this.#exampleSeq) return undefined;
    const replaced = this.snapshot();
    const files = sortFiles(loaded.files);
    this.#exampleId = id;
    this.#exampleFiles = files;
    this.#metadata = loaded.snapshot;
    this.#setFiles(files);
    this.activePath = ROOT_MANIFEST;
    this.#changed(0);
    return replaced;
  }

  // ---- shared links ---------------------------------------------------------

  /**
   * Show a share link's state and run it (its snapshot before the network). The user's draft is not
   * saved over until they change something; `onLeave` runs when the snapshot stops being on screen
   * unchanged (an edit, or back to their work), e.g. to take the link out of the address.
   */
  openShared(inputs: SharedInputs, from: string, onLeave?: () => void): void {
    this.#exampleSeq++; // an example still loading must not land over the link
    this.#cancelSaveTimer();
    if (!this.#shared)
      this.#beforeShared = { files: this.#files, options: { ...this.options.values(), ...this.#savedNetwork }, example: this.#exampleId };
    const files = sortFiles(withRequiredFiles(inputs.files));
    this.#exampleId = undefined;
    this.#exampleFiles = files; // unchanged, it is not "work" a later example would lose
    this.#metadata = inputs.snapshot;
    this.options.assign(inputs.options);
    this.#setFiles(files);
    const tab = inputs.tab;
    this.activePath = tab?.kind === 'input' && files.some((f) => f.path === tab.id) ? tab.id : ROOT_MANIFEST;
    this.outputTab = tab?.kind === 'output' ? tab.id : undefined;
    this.#shared = { from };
    this.#onSharedLeave = onLeave;
    this.#version++;
    void this.run();
  }

  /** Leave the shared snapshot for the draft this browser had before the link opened (or a first visit's example). */
  backToMyWork(): void {
    const saved = this.#beforeShared;
    this.#leaveShared();
    this.notice = undefined;
    this.#exampleSeq++;
    this.#exampleId = saved?.example;
    this.#exampleFiles = undefined;
    this.#metadata = undefined;
    this.options.assign({ ...(saved?.options ?? DEFAULT_OPTIONS), indexBase: this.options.indexBase, downloadBase: this.options.downloadBase });
    this.#setFiles(saved?.files ?? emptyWorkspace());
    this.activePath = ROOT_MANIFEST;
    this.outputTab = undefined;
    this.#version++;
    this.flushSave(); // the draft may have been replaced by an edit of the snapshot
    this.start('');
  }

  /**
   * From now on, runs also answer the metadata they read (a share link's snapshot); runs once more
   * if the outputs on screen came without it. See `recordedSnapshot`.
   */
  requestSnapshot(): void {
    if (this.#recordSnapshot) return;
    this.#recordSnapshot = true;
    if (this.fresh && this.#result!.snapshot === undefined) void this.run();
  }

  /**
   * The worker recorded more metadata for the outputs on screen after their run (the lock diff
   * resolved an older lock through the run's recording): later share links carry it too.
   */
  recordedSnapshotGrew(snapshot: MetadataSnapshot): void {
    if (this.fresh && this.#result!.snapshot !== undefined) this.#result = { ...this.#result!, snapshot };
  }

  /** The metadata the outputs on screen were made from, once requestSnapshot asked for it. */
  get recordedSnapshot(): MetadataSnapshot | undefined {
    return this.fresh ? this.#result!.snapshot : undefined;
  }

  // ---- runs ---------------------------------------------------------------

  /** Run after `delay` ms unless another change comes first. */
  schedule(delay: number = EDIT_DELAY_MS): void {
    this.#cancelRunTimer();
    this.#scheduled = true;
    this.#cancelRunTimer = this.#clock.setTimer(() => void this.run(), delay);
  }

  /** Run now with the inputs on screen; a run in flight is superseded. */
  async run(): Promise<void> {
    this.#cancelRunTimer();
    this.#scheduled = false;
    const seq = ++this.#runSeq;
    const version = this.#version;
    const inputs = this.#files;
    const exampleId = this.#exampleId;

    const problem = this.#inputProblem();
    if (problem !== undefined || !this.hasInput) {
      if (this.#running) this.cancelledRuns++; // the run in flight can no longer land
      this.#running = false;
      this.#result = undefined;
      this.#error = problem ? { info: problem, version } : undefined;
      if (problem) this.completedRuns++;
      return;
    }

    this.#running = true;
    this.#progress = undefined;
    const options = this.options.values();
    let response: GenerateResponse | undefined;
    try {
      response = await this.#deps.client.run(this.#request(inputs, options), (p) => {
        if (seq === this.#runSeq) this.#progress = p;
      });
    } catch (e) {
      response = {
        ok: false,
        cancelled: false,
        error: { message: `The generator stopped unexpectedly: ${e instanceof Error ? e.message : String(e)}` },
      };
    }
    if (seq !== this.#runSeq) {
      this.cancelledRuns++;
      return;
    }
    this.#running = false;
    this.#progress = undefined;
    if (response === undefined || (!response.ok && response.cancelled)) {
      this.cancelledRuns++;
      return;
    }
    this.completedRuns++;
    if (response.ok) {
      this.#result = {
        outputs: response.outputs,
        summary: response.summary,
        gitSources: response.gitSources,
        inputs,
        exampleId,
        version,
        snapshot: response.snapshot,
        comparison: response.comparison,
      };
      this.#error = undefined;
      if (!this.#firstOutputSeen) {
        this.#firstOutputSeen = true;
        this.#deps.onFirstOutput?.();
      }
    } else {
      this.#error = { info: response.error, version };
    }
  }

  /**
   * The first thing the page does: apply a link's `?example=`, `?index=`,
   * `?dl=`, `?git=` (this visit only), then show the saved draft, or an example on a
   * first visit. Returns the URL search to keep, with those parameters removed,
   * so a reload neither reloads the example over the user's edits nor keeps the link's registry.
   */
  start(search: string, link?: SharedLinkOpening): string {
    const q = parseQuery(search);
    if (q.gitProxy !== undefined) this.#gitProxy = q.gitProxy;
    this.options.assign({
      ...(q.indexBase !== undefined ? { indexBase: q.indexBase } : {}),
      ...(q.downloadBase !== undefined ? { downloadBase: q.downloadBase } : {}),
    });
    if (link !== undefined) {
      // A share link wins over the draft and `?example=`; a broken one says why, then the page starts as without it.
      this.#loadingExample++;
      void link.inputs
        .then(
          (inputs) => this.openShared(inputs, link.from, link.onLeave),
          (e: unknown) => {
            this.start(search);
            this.notice = { text: e instanceof Error ? e.message : String(e) };
          },
        )
        .finally(() => this.#loadingExample--);
      return q.rest;
    }
    const wanted = q.example !== undefined && this.#deps.exampleIds.includes(q.example) ? q.example : undefined;
    if (q.example !== undefined && wanted === undefined) this.notice = { text: `There is no example called “${q.example}”.` };
    if (wanted !== undefined) {
      const dirty = this.isDirty;
      void this.loadExample(wanted).then(
        (replaced) => {
          if (replaced && dirty)
            this.notice = { text: `Opened the ${wanted} example from the link.`, action: { label: 'Undo', run: () => this.restore(replaced) } };
        },
        () => undefined,
      );
    } else if (this.#exampleId !== undefined && this.hasInput) {
      // The saved draft came from an example: its bundled metadata saves a trip to the network.
      const id = this.#exampleId;
      this.#loadingExample++;
      this.#cancelRunTimer();
      this.#scheduled = false;
      void this.#deps
        .loadExample(id)
        .then(
          (l) => {
            if (this.#exampleId !== id) return;
            this.#metadata = l.snapshot;
            this.#exampleFiles = sortFiles(l.files);
          },
          () => undefined,
        )
        .finally(() => {
          this.#loadingExample--;
          void this.run();
        });
    } else if (this.hasInput || !this.isEmpty) {
      void this.run();
    } else if (!this.#hadSaved && this.#deps.exampleIds[0] !== undefined) {
      // A first visit shows something working rather than two empty editors.
      void this.loadExample(this.#deps.exampleIds[0]).catch(() => undefined);
    }
    return q.rest;
  }

  // ---- persistence --------------------------------------------------------

  /** Write the draft now (the page calls this when it is hidden). */
  flushSave(): void {
    this.#cancelSaveTimer();
    if (this.#shared) return; // an unchanged shared snapshot is not the user's draft
    const options = { ...this.options.values(), ...this.#savedNetwork };
    saveState(this.#deps.storage, { files: this.#files, options, example: this.#exampleId });
  }

  // ---- internals ----------------------------------------------------------

  #setFiles(files: InputFile[]): void {
    this.#files = files;
    if (!files.some((f) => f.path === this.activePath)) this.activePath = ROOT_MANIFEST;
  }

  /** Something the generator reads changed: outputs and errors of the old inputs stop counting. */
  #changed(delay: number): void {
    if (this.#shared) {
      // From the first change on, what is on screen is the user's draft and is saved over the earlier one.
      this.#leaveShared();
      const before = this.#beforeShared;
      if (before?.files !== undefined && !before.files.every((f) => f.text.trim() === ''))
        this.notice = {
          text: 'What is on screen is now your draft in this browser, in place of your earlier one.',
          action: { label: 'Bring back my earlier draft', run: () => this.backToMyWork() },
        };
    }
    this.#version++;
    this.#scheduleSave();
    if (delay === 0) void this.run();
    else this.schedule(delay);
  }

  #leaveShared(): void {
    if (!this.#shared) return;
    this.#shared = undefined;
    const leave = this.#onSharedLeave;
    this.#onSharedLeave = undefined;
    leave?.();
  }

  #scheduleSave(): void {
    if (!this.#deps.storage) return;
    this.#cancelSaveTimer();
    this.#cancelSaveTimer = this.#clock.setTimer(() => this.flushSave(), SAVE_DELAY_MS);
  }

  #textOf(path: string): string {
    return this.#files.find((f) => f.path === path)?.text ?? '';
  }

  /** Checks that need no generator: one of the two files the generator needs is empty. */
  #inputProblem(): ErrorInfo | undefined {
    const manifest = this.#textOf(ROOT_MANIFEST).trim() !== '';
    const lock = this.#textOf(LOCKFILE).trim() !== '';
    if (manifest === lock) return undefined; // both present (the worker checks the rest) or both empty (nothing to say)
    if (!manifest) return { file: ROOT_MANIFEST, line: 1, column: 1, message: 'Cargo.toml is empty: paste the workspace’s root Cargo.toml' };
    return {
      file: LOCKFILE,
      line: 1,
      column: 1,
      message: 'Cargo.lock is empty: paste the workspace’s Cargo.lock (`cargo generate-lockfile` writes one)',
    };
  }

  #request(files: readonly InputFile[], options: PlaygroundOptions): GenerateRequest {
    return {
      files: Object.fromEntries(files.map((f) => [f.path, f.text])),
      snapshot: this.#metadata,
      network: {
        indexBase: options.indexBase,
        downloadBase: options.downloadBase,
        ...(this.#gitProxy !== undefined ? { git: { corsProxy: this.#gitProxy } } : {}),
        ...(this.#edgeBase !== undefined && !options.directCratesIo ? { edge: { base: this.#edgeBase } } : {}),
      },
      ...(this.#recordSnapshot ? { recordSnapshot: true } : {}),
      flake: flakeOptionsOf(options),
    };
  }
}

/** A share link being opened: its state once fetched and decoded (rejects with a message for the user). */
export interface SharedLinkOpening {
  readonly inputs: Promise<SharedInputs>;
  /** What the notice calls the link. */
  readonly from: string;
  readonly onLeave?: () => void;
}

/** A link without a Cargo.toml or Cargo.lock still gets both tabs (empty), as a first visit does. */
function withRequiredFiles(files: readonly InputFile[]): InputFile[] {
  const out = files.map((f) => ({ path: f.path, text: f.text }));
  for (const required of emptyWorkspace()) if (!out.some((f) => f.path === required.path)) out.push(required);
  return out;
}

/** The edge function beside the page (`npm start` and production serve both from one origin). */
function defaultGitProxy(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? `${origin}/api/git` : undefined;
}

/** The page's own origin, where the edge function answers `/api/*` (undefined outside a page). */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}
