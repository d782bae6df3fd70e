// What every output of the playground is: a renderer reads the resolved model
// (never the inputs) and writes files. Adding a backend is adding renderers.
import type { ErrorInfo } from '../core/errors.ts';
import type { GitSourceHash } from '../model/git-hash.ts';
import type { ResolvedWorkspace } from '../model/model.ts';
import type { BackendId } from '../options/user-options.ts';
import type { FlakeOptions } from './cargo2nix/flake-nix.ts';

export type { BackendId };

export type OutputLanguage = 'nix' | 'json' | 'toml' | 'markdown' | 'text';

export interface OutputFile {
  /** Where the file goes, relative to the workspace root (`Cargo.nix`, `nix/package.nix`); each backend's files are laid out as if alone. */
  readonly path: string;
  readonly text: string;
  readonly language: OutputLanguage;
}

/** Choices the user makes about the outputs; each renderer reads what concerns it. */
export interface RenderOptions {
  readonly flake: FlakeOptions;
  /**
   * The Nix hash of every git repository of the lock (the git prefetch's result), for backends that
   * pin git sources by hash. Absent or missing an entry: such a renderer says which hash it lacks.
   */
  readonly gitHashes?: readonly GitSourceHash[];
}

export interface Renderer {
  /** Stable id, used in URLs, share links and the command line (`cargo2nix/Cargo.nix`). */
  readonly id: string;
  readonly backend: BackendId;
  /** Short human name for tabs and errors. */
  readonly label: string;
  /** May throw (a GeneratorError or an option error); the caller keeps the other renderers' files. */
  files(model: ResolvedWorkspace, options: RenderOptions): OutputFile[];
}

/** One renderer's result: its files, or why it wrote none. */
export type RenderedOutput =
  | { readonly renderer: string; readonly label: string; readonly ok: true; readonly files: readonly OutputFile[] }
  | { readonly renderer: string; readonly label: string; readonly ok: false; readonly error: ErrorInfo };
