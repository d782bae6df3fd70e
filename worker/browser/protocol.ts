// What crosses the boundary between the page and the generator worker. The
// site imports only these types, never the worker's modules.
import type { ErrorInfo } from '../core/errors.ts';
import type { GitSourceHash } from '../model/git-hash.ts';
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import type { FlakeOptions } from '../render/cargo2nix/flake-nix.ts';
import type { OutputFile, RenderedOutput } from '../render/renderer.ts';
import type { BackendFacts, ComparisonFacts } from '../views/comparison.ts';

export type { BackendFacts, ComparisonFacts, ErrorInfo, FlakeOptions, GitSourceHash, MetadataSnapshot, OutputFile, RenderedOutput };

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
    /**
     * The edge function whose shared cache of crate facts (`<base>/api/crates`) is asked first for
     * crates.io packages; it is sent crate names and versions only. Absent: crates.io directly.
     */
    readonly edge?: { readonly base: string } | undefined;
  };
  readonly flake: FlakeOptions;
  /** Record the metadata the run used and answer it as `snapshot` (for a share link that renders offline). */
  readonly recordSnapshot?: boolean;
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
  /** How metadata travelled: requests the worker sent and bytes it read, via the edge or directly. */
  readonly traffic?: { readonly mode: 'edge' | 'direct'; readonly requests: number; readonly bytes: number; readonly fallbacks: number };
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
      /** With `recordSnapshot`: every index entry, crate fact and git manifest the run read, minimal. */
      readonly snapshot?: MetadataSnapshot;
      /** How the backends compare for this workspace (the comparison panel); absent when it could not be computed. */
      readonly comparison?: ComparisonFacts;
    }
  | { readonly ok: false; readonly cancelled: boolean; readonly error: ErrorInfo };
