// What the page remembers between visits (inputs and options, in
// localStorage) and the options the generator takes from the page. The git
// proxy is not among them: it is where the page itself is served (the edge
// function), so it is never saved.
import { DEFAULT_USER_OPTIONS, parseUserOptions, type UserOptions } from '../../worker/options/user-options.ts';
import { fitChoice } from './flake-choices.ts';
import { LOCKFILE, ROOT_MANIFEST, sortFiles, type InputFile } from './workspace-files.ts';

/**
 * The user's choices (the one JSON shape the Options panel, share links and the command line's
 * `--options` share; the backend among them) plus where crate metadata comes from.
 */
export type PlaygroundOptions = { -readonly [K in Exclude<keyof UserOptions, 'targets'>]: UserOptions[K] } & {
  /** Extra target triples to build packages for (e.g. x86_64-unknown-linux-musl). */
  targets: string[];
  /** Sparse index and crate download bases: crates.io unless pointed elsewhere (tests, mirrors). */
  indexBase: string;
  downloadBase: string;
  /** Read crates.io directly instead of asking the edge function's shared cache of crate facts first. */
  directCratesIo: boolean;
};

export const DEFAULT_OPTIONS: PlaygroundOptions = {
  ...DEFAULT_USER_OPTIONS,
  targets: [...DEFAULT_USER_OPTIONS.targets],
  indexBase: 'https://index.crates.io',
  downloadBase: 'https://static.crates.io/crates',
  directCratesIo: false,
};

/**
 * Saved options, field by field: a field an older page did not have (the backend) takes its
 * default, and a field that no longer reads (a wrong type) is dropped alone instead of costing the
 * user every other choice.
 */
export function savedOptions(value: unknown): PlaygroundOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return DEFAULT_OPTIONS;
  const saved = value as Record<string, unknown>;
  let user: UserOptions = DEFAULT_USER_OPTIONS;
  for (const key of Object.keys(DEFAULT_USER_OPTIONS) as (keyof UserOptions)[]) {
    if (!(key in saved)) continue;
    try {
      user = { ...user, [key]: parseUserOptions({ [key]: saved[key] })[key] };
    } catch {
      // keep the default for this field
    }
  }
  const text = (key: 'indexBase' | 'downloadBase') => (typeof saved[key] === 'string' ? saved[key] : DEFAULT_OPTIONS[key]);
  const directCratesIo = typeof saved.directCratesIo === 'boolean' ? saved.directCratesIo : DEFAULT_OPTIONS.directCratesIo;
  return { ...user, targets: [...user.targets], indexBase: text('indexBase'), downloadBase: text('downloadBase'), directCratesIo };
}

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
    const options = savedOptions(parsed.options);
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
