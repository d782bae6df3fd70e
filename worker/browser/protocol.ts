// What crosses the boundary between the page and the generator worker. The
// site imports only these types, never the worker's modules.
import type { ErrorInfo } from '../core/errors.ts';
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import type { FlakeOptions } from '../render/cargo2nix/flake-nix.ts';
import type { OutputFile, RenderedOutput } from '../render/renderer.ts';

export type { ErrorInfo, FlakeOptions, MetadataSnapshot, OutputFile, RenderedOutput };

export interface GenerateRequest {
  /** Input files by relative path (`Cargo.toml`, `Cargo.lock`, `app/Cargo.toml`). */
  readonly files: Readonly<Record<string, string>>;
  /** Metadata bundled with an example, consulted before the network. */
  readonly snapshot: MetadataSnapshot | undefined;
  readonly network: {
    readonly indexBase: string;
    readonly downloadBase: string;
    /**
     * How git dependencies are fetched: isomorphic-git's `corsProxy`, the edge function's
     * `<origin>/api/git`. Absent: a lock with git packages the snapshot does not cover is refused.
     */
    readonly git?: { readonly corsProxy: string } | undefined;
  };
  readonly flake: FlakeOptions;
}

export interface RunProgress {
  readonly phase: 'metadata' | 'resolve' | 'render';
  readonly done: number;
  readonly total: number;
  readonly crate?: string;
}

export interface RunSummary {
  readonly crates: number;
  readonly members: readonly string[];
  readonly fromCache: number;
  readonly fetched: number;
  readonly ms: number;
}

/**
 * One git repository at one commit of the lock, with the Nix hash of its whole tree ("prefetched
 * hash": what `nix hash path` gives for a clean checkout without `.git`, i.e. fetchgit's / builtins.fetchGit's
 * `narHash`). Kept in the response, not in the resolved model the renderers read: the outputs
 * renderAll makes today do not need it; the download carries it as `nix-hashes.json` for tools that
 * do (buildRustPackage's `cargoLock.outputHashes`, crate2nix's `crate-hashes.json`).
 */
export interface GitSourceHash {
  /** The repository URL as the lock names it (no `git+`, no query). */
  readonly url: string;
  /** The locked commit (40 hex digits). */
  readonly rev: string;
  /** The lock's packages from this commit, `name-version` (buildRustPackage's `outputHashes` keys). */
  readonly packages: readonly string[];
  /** `sha256-…` (SRI), absent when `error` says why the tree could not be hashed. */
  readonly sri?: string;
  /** The same hash in Nix base32 (52 characters). */
  readonly base32?: string;
  /** Why there is no hash (network, submodules); the run itself does not fail for it. */
  readonly error?: string;
}

/**
 * `ok` means the workspace resolved; each output then carries its own files
 * or its own error. A failed run (bad input, network) has no outputs at all.
 */
export type GenerateResponse =
  | {
      readonly ok: true;
      readonly outputs: readonly RenderedOutput[];
      readonly summary: RunSummary;
      /** Every git repository and commit of the lock, in lock order, when the request named a git client; else empty. */
      readonly gitSources: readonly GitSourceHash[];
    }
  | { readonly ok: false; readonly cancelled: boolean; readonly error: ErrorInfo };
