// What the page remembers between visits (inputs and options, in
// localStorage) and the options the generator takes from the page. The git
// proxy is not among them: it is where the page itself is served (the edge
// function), so it is never saved.
import { DEFAULT_CARGO2NIX_REF } from '../../worker/render/cargo2nix/flake-catalogue.ts';
import { fitChoice } from './flake-choices.ts';
import { LOCKFILE, ROOT_MANIFEST, sortFiles, type InputFile } from './workspace-files.ts';

export interface PlaygroundOptions {
  /** cargo2nix ref the flake pins, one the flake catalogue offers (e.g. `release-0.12`). */
  cargo2nixRelease: string;
  /** Rust toolchain for the flake; empty means "from rust-version, else the default". */
  rustVersion: string;
  /** Extra target triples to build packages for (e.g. x86_64-unknown-linux-musl). */
  targets: string[];
  /** Build in release mode. */
  release: boolean;
  /** Root features, space separated, e.g. `app/default app/tls`; empty means each member's default. */
  rootFeatures: string;
  /** Sparse index and crate download bases: crates.io unless pointed elsewhere (tests, mirrors). */
  indexBase: string;
  downloadBase: string;
  /** Read crates.io directly instead of asking the edge function's shared cache of crate facts first. */
  directCratesIo: boolean;
}

export const DEFAULT_OPTIONS: PlaygroundOptions = {
  cargo2nixRelease: DEFAULT_CARGO2NIX_REF,
  rustVersion: '',
  targets: [],
  release: true,
  rootFeatures: '',
  indexBase: 'https://index.crates.io',
  downloadBase: 'https://static.crates.io/crates',
  directCratesIo: false,
};

const KEY = 'cargo2nix-playground:v1';

/** The part of `Storage` the page uses (tests pass a Map-backed fake). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

export interface SavedState {
  /** Absent when the inputs were too large to keep. */
  readonly files: InputFile[] | undefined;
  readonly options: PlaygroundOptions;
  readonly example: string | undefined;
  /** Characters of input that were not kept because they were too many. */
  readonly tooLarge?: number | undefined;
}

/**
 * Inputs above this many characters are not kept: localStorage holds about
 * 5 MB per site, and writing megabytes on every pause in typing is slow.
 */
export const MAX_SAVED_CHARS = 1_000_000;

export function emptyWorkspace(): InputFile[] {
  return [
    { path: ROOT_MANIFEST, text: '' },
    { path: LOCKFILE, text: '' },
  ];
}

export function loadState(storage: StorageLike | undefined): SavedState | undefined {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<SavedState>;
    const files =
      Array.isArray(parsed.files) && parsed.files.every((f) => typeof f?.path === 'string' && typeof f?.text === 'string') ? parsed.files : undefined;
    if (files === undefined && typeof parsed.tooLarge !== 'number') return undefined;
    const options = { ...DEFAULT_OPTIONS, ...(parsed.options ?? {}) };
    return {
      files: files ? sortFiles(files) : undefined,
      // A choice saved by an older page (release-0.11, a Rust no longer offered) is brought back into what evaluates.
      options: { ...options, ...fitChoice(options) },
      example: typeof parsed.example === 'string' ? parsed.example : undefined,
      ...(typeof parsed.tooLarge === 'number' ? { tooLarge: parsed.tooLarge } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Keep the draft; inputs over MAX_SAVED_CHARS are dropped (counted without serialising them). */
export function saveState(storage: StorageLike | undefined, state: SavedState): void {
  if (!storage) return;
  const size = (state.files ?? []).reduce((n, f) => n + f.path.length + f.text.length, 0);
  const kept: SavedState = size > MAX_SAVED_CHARS ? { files: undefined, options: state.options, example: state.example, tooLarge: size } : state;
  try {
    storage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Full or disabled storage only costs the user their draft on reload.
  }
}

export interface QueryParams {
  readonly example: string | undefined;
  readonly indexBase: string | undefined;
  readonly downloadBase: string | undefined;
  /** `?git=`: the git proxy (isomorphic-git's `corsProxy`) for this visit instead of the page's own `/api/git`. */
  readonly gitProxy: string | undefined;
  /** The search string without the parameters above (`''` or `?…`), for history.replaceState. */
  readonly rest: string;
}

/** `?example=…&index=…&dl=…&git=…` from a link (or a test): read once, then removed from the address. */
export function parseQuery(search: string): QueryParams {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) || undefined;
  const out = { example: get('example'), indexBase: get('index'), downloadBase: get('dl'), gitProxy: get('git') };
  for (const k of ['example', 'index', 'dl', 'git']) q.delete(k);
  const rest = q.toString();
  return { ...out, rest: rest === '' ? '' : `?${rest}` };
}
