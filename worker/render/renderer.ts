// What every output of the playground is: a renderer reads the resolved model
// (never the inputs) and writes files. Adding a backend is adding renderers.
import type { ErrorInfo } from '../core/errors.ts';
import type { ResolvedWorkspace } from '../model/model.ts';
import type { FlakeOptions } from './cargo2nix/flake-nix.ts';

export type OutputLanguage = 'nix' | 'json' | 'toml' | 'markdown' | 'text';

export interface OutputFile {
  /** Where the file goes, relative to the workspace root (`Cargo.nix`, `nix/package.nix`). */
  readonly path: string;
  readonly text: string;
  readonly language: OutputLanguage;
}

/** Choices the user makes about the outputs; each renderer reads what concerns it. */
export interface RenderOptions {
  readonly flake: FlakeOptions;
}

/** The tool whose files a renderer writes. */
export type BackendId = 'cargo2nix';

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
