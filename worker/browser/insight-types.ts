// What the Insight views ask the worker and get back: small, plain answers
// about the last resolved workspace (the page never receives the model).
import type { PlatformPresetName } from '../views/platform-build.ts';
import type { PlatformDiff } from '../views/platform-diff.ts';
import type { NativeLibrary } from '../views/native-libraries.ts';
import type { CrateRef, WhyAnswer, WhyChain, WhyFeature, WhyStep } from '../views/why.ts';
import type { ActivationCondition, MemberFeature } from '../model/model.ts';
import type { ErrorInfo } from '../core/errors.ts';
import type { MetadataSnapshot } from '../metadata/memory-source.ts';
import type { DependencyGraph, GraphFilter } from '../views/graph.ts';
import type { LockDiff } from '../views/lock-diff.ts';
import type { TreeAnswer, TreeRequest, TreeSpan } from './tree-query.ts';
import type { OlderProgress } from './older-lock.ts';

export type {
  ActivationCondition,
  DependencyGraph,
  GraphFilter,
  LockDiff,
  OlderProgress,
  CrateRef,
  MemberFeature,
  NativeLibrary,
  PlatformDiff,
  PlatformPresetName,
  TreeAnswer,
  TreeRequest,
  TreeSpan,
  WhyAnswer,
  WhyChain,
  WhyFeature,
  WhyStep,
};

/** Which resolved workspace the answers are about; `id` changes with every new one. */
export interface InsightSummary {
  readonly id: number;
  readonly members: readonly string[];
  readonly crates: number;
}

export interface PlatformChoice {
  readonly name: PlatformPresetName;
  /** nixpkgs' system double and config triple. */
  readonly system: string;
  readonly config: string;
}

export interface PlanCrate extends CrateRef {
  readonly procMacro: boolean;
  /** Active features, sorted. */
  readonly features: readonly string[];
  /** How many dependency edges are active. */
  readonly dependencies: number;
}

export interface PlatformPlan {
  readonly platform: PlatformChoice;
  /** The rootFeatures the plan was made with (Cargo.nix's default spelled out when none were given). */
  readonly rootFeatures: readonly string[];
  readonly crates: readonly PlanCrate[];
  /** What makes Cargo.nix fail to evaluate there. */
  readonly problems: readonly string[];
}

export interface PlatformPlanDiff extends PlatformDiff {
  readonly a: PlatformChoice;
  readonly b: PlatformChoice;
}

/** An older Cargo.lock resolved against the current manifests: both Cargo.nix texts (for the text diff), or why not (worker/browser/older-lock.ts). */
export type OlderLockResolution =
  | { readonly ok: true; readonly olderCargoNix: string; readonly currentCargoNix: string }
  | { readonly ok: false; readonly cancelled: boolean; readonly error: ErrorInfo };

/** The lock diff against the current file of the same kind (its text comes along for the text diff), or where the older file is broken. */
export type LockDiffAnswer =
  | {
      readonly ok: true;
      readonly diff: LockDiff;
      readonly current: string;
      readonly resolution?: OlderLockResolution;
      /** The run's recorded metadata after the older lock was resolved (only when the run records a share snapshot). */
      readonly snapshot?: MetadataSnapshot;
    }
  | { readonly ok: false; readonly error: ErrorInfo };

/** Every answer is `undefined` when no workspace has been resolved yet (or the last run failed). */
export interface InsightQueries {
  summary(): InsightSummary | undefined;
  crates(): readonly CrateRef[] | undefined;
  why(crate: string, feature?: string, limit?: number): WhyAnswer | undefined;
  platforms(): readonly PlatformChoice[];
  plan(platform: PlatformPresetName, rootFeatures?: readonly string[]): PlatformPlan | undefined;
  planDiff(a: PlatformPresetName, b: PlatformPresetName, rootFeatures?: readonly string[]): PlatformPlanDiff | undefined;
  nativeLibraries(): readonly NativeLibrary[] | undefined;
  /** The dependency graph the members reach over the edges the filter keeps (worker/views/graph.ts). */
  graph(filter: GraphFilter): DependencyGraph | undefined;
  /** The graph's feature filter choices: Cargo.nix's default rootFeatures and every member feature. */
  graphFeatures(): { readonly defaults: readonly string[]; readonly all: readonly string[] } | undefined;
  /** An older Cargo.lock or Cargo.nix against the current one (worker/views/lock-diff.ts). */
  lockDiff(older: string): LockDiffAnswer | undefined;
  /**
   * An older Cargo.lock resolved against the current manifests (metadata through the run's source,
   * progress per crate): the lock diff plus feature and platform changes, or the lock-only diff and why.
   */
  resolvedLockDiff(older: string, onProgress?: (p: OlderProgress) => void): Promise<LockDiffAnswer | undefined>;
  /** Stop the older-lock resolution in flight (its answer is the lock-only diff, marked cancelled). */
  cancelLockDiff(): void;
  /** `cargo tree` with the command line's options (worker/browser/tree-query.ts). */
  tree(request: TreeRequest): TreeAnswer | undefined;
}

/** The same queries seen from the page: every answer comes back from the worker asynchronously. */
export type InsightClient = {
  readonly [K in keyof InsightQueries]: (...args: Parameters<InsightQueries[K]>) => Promise<Awaited<ReturnType<InsightQueries[K]>>>;
};
