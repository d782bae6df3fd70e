// What the page remembers between visits (inputs and options, in
// localStorage) and the options the generator takes from the page.
import { LOCKFILE, ROOT_MANIFEST, sortFiles, type InputFile } from './workspace-files.ts';

export interface PlaygroundOptions {
  /** cargo2nix release branch the flake pins, e.g. `release-0.12`. */
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
}

export const DEFAULT_OPTIONS: PlaygroundOptions = {
  cargo2nixRelease: 'release-0.12',
  rustVersion: '',
  targets: [],
  release: true,
  rootFeatures: '',
  indexBase: 'https://index.crates.io',
  downloadBase: 'https://static.crates.io/crates',
};

export const CARGO2NIX_RELEASES = ['release-0.12', 'release-0.11', 'main'] as const;
export const RUST_VERSIONS = ['', '1.88.0', '1.85.0', '1.84.1', '1.83.0', '1.82.0', '1.80.1', '1.75.0'] as const;

const KEY = 'cargo2nix-playground:v1';

export interface SavedState {
  readonly files: InputFile[];
  readonly options: PlaygroundOptions;
  readonly example: string | undefined;
}

export function emptyWorkspace(): InputFile[] {
  return [
    { path: ROOT_MANIFEST, text: '' },
    { path: LOCKFILE, text: '' },
  ];
}

export function loadState(storage: Storage | undefined): SavedState | undefined {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<SavedState>;
    if (!Array.isArray(parsed.files) || !parsed.files.every((f) => typeof f?.path === 'string' && typeof f?.text === 'string')) return undefined;
    return { files: sortFiles(parsed.files), options: { ...DEFAULT_OPTIONS, ...(parsed.options ?? {}) }, example: parsed.example };
  } catch {
    return undefined;
  }
}

export function saveState(storage: Storage | undefined, state: SavedState): void {
  try {
    storage?.setItem(KEY, JSON.stringify(state));
  } catch {
    // Full or disabled storage only costs the user their draft on reload.
  }
}

/** Options that URL query parameters may override (`?index=…&dl=…&example=…`), for links and tests. */
export function optionsFromQuery(search: string, base: PlaygroundOptions): { options: PlaygroundOptions; example: string | undefined } {
  const q = new URLSearchParams(search);
  const options = { ...base };
  const index = q.get('index');
  const dl = q.get('dl');
  if (index) options.indexBase = index;
  if (dl) options.downloadBase = dl;
  return { options, example: q.get('example') ?? undefined };
}
