// The Insight views' queries, answered in the worker from the last resolved
// workspace, so the page gets small answers instead of the whole model. The
// indexes behind them are prepared in idle time after each run (or built by the
// first question that needs them) and kept until the next model.
import type { ResolvedWorkspace } from '../model/model.ts';
import { nativeLibraries, type NativeLibrary } from '../views/native-libraries.ts';
import { PLATFORM_PRESETS, PLATFORM_PRESET_NAMES, platformBuild, type PlatformBuild, type PlatformPresetName } from '../views/platform-build.ts';
import { platformDiff, type PlatformDiff } from '../views/platform-diff.ts';
import { DEFAULT_CHAIN_LIMIT, WhyIndex } from '../views/why.ts';

import { errorInfo } from '../core/errors.ts';
import { renderCargoNix } from '../render/cargo2nix/cargo-nix.ts';
import { dependencyGraph, graphFeatureChoices } from '../views/graph.ts';
import { detectFormat, lockDiff } from '../views/lock-diff.ts';
import type { InsightQueries, LockDiffAnswer, PlatformChoice, PlatformPlan } from './insight-types.ts';
import { treeQuery, type TreeSource } from './tree-query.ts';
import { nextTask, runInIdleTasks, type NextTask } from './idle-steps.ts';
import { olderLocks as workerOlderLocks, resolvedLockDiff, type OlderLocks } from './older-lock.ts';

/** The most chains one why answer lists. */
export const MAX_CHAIN_LIMIT = 500;

/** The last resolved workspace and what has been worked out from it so far. */
export class InsightState {
  private model: ResolvedWorkspace | undefined;
  private id = 0;
  private whyIndex: WhyIndex | undefined;
  private native: NativeLibrary[] | undefined;
  private readonly builds = new Map<string, PlatformBuild>();
  /** Answers already copied out once: the same build asked again gives the same plan. */
  private readonly plans = new WeakMap<PlatformBuild, PlatformPlan>();
  private readonly diffs = new WeakMap<PlatformBuild, WeakMap<PlatformBuild, PlatformDiff>>();
  private lock: string | undefined;
  private cargoNixText: string | undefined;
  private treeSource: TreeSource | undefined;

  /** `lockText` is the Cargo.lock the model was resolved from (the lock diff compares with it). */
  set(model: ResolvedWorkspace | undefined, lockText?: string, tree?: TreeSource): void {
    this.model = model;
    this.treeSource = model ? tree : undefined;
    this.lock = model ? lockText : undefined;
    this.cargoNixText = undefined;
    this.id++;
    this.whyIndex = undefined;
    this.native = undefined;
    this.builds.clear();
  }

  /**
   * Works out, a step per task in idle time, what the first questions about the current model
   * need: the why index, each preset's build with every member feature and its default plan, the
   * native libraries. Call it once the run's answer is on its way (it must not delay it); a question
   * asked meanwhile waits for one step at most and works out the rest itself. Resolves true when
   * done, false when another model (or none) replaced this one first.
   */
  prepareWhenIdle(schedule: NextTask = nextTask): Promise<boolean> {
    const id = this.id;
    const why = () => this.why()!;
    const steps = [
      () => void why(),
      ...PLATFORM_PRESET_NAMES.map((name) => () => why().preparePreset(name)),
      () => why().prepareCounts(),
      ...PLATFORM_PRESET_NAMES.map((name) => () => void this.plan(name, undefined)),
      () => void this.nativeLibraries(),
    ];
    return runInIdleTasks(steps, () => this.id === id && this.model !== undefined, schedule);
  }

  /** The plan answer for a build (made once per build). */
  plan(platform: PlatformPresetName, rootFeatures: readonly string[] | undefined): PlatformPlan | undefined {
    const b = this.build(platform, rootFeatures);
    if (!b) return undefined;
    let p = this.plans.get(b);
    if (!p) this.plans.set(b, (p = plan(b, platform)));
    return p;
  }

  /** The difference between two builds (made once per pair). */
  diff(a: PlatformBuild, b: PlatformBuild): PlatformDiff {
    let forA = this.diffs.get(a);
    if (!forA) this.diffs.set(a, (forA = new WeakMap()));
    let d = forA.get(b);
    if (!d) forA.set(b, (d = platformDiff(a, b)));
    return d;
  }

  get current(): ResolvedWorkspace | undefined {
    return this.model;
  }

  get modelId(): number {
    return this.id;
  }

  why(): WhyIndex | undefined {
    if (!this.model) return undefined;
    return (this.whyIndex ??= new WhyIndex(this.model));
  }

  /** The parsed inputs and summaries the model came from (`cargo tree` resolves them itself). */
  get tree(): TreeSource | undefined {
    return this.treeSource;
  }

  get lockText(): string | undefined {
    return this.lock;
  }

  /** cargo2nix's Cargo.nix of the current model (rendered on first use: the page may show another backend). */
  cargoNix(): string | undefined {
    if (!this.model) return undefined;
    return (this.cargoNixText ??= renderCargoNix(this.model));
  }

  nativeLibraries(): NativeLibrary[] | undefined {
    if (!this.model) return undefined;
    return (this.native ??= nativeLibraries(this.model));
  }

  build(platform: PlatformPresetName, rootFeatures: readonly string[] | undefined): PlatformBuild | undefined {
    if (!this.model) return undefined;
    if (!PLATFORM_PRESET_NAMES.includes(platform)) throw new Error(`unknown platform ${platform}: one of ${PLATFORM_PRESET_NAMES.join(', ')}`);
    const key = `${platform}\u0000${rootFeatures?.join('\u0000') ?? ''}\u0000${rootFeatures === undefined}`;
    let b = this.builds.get(key);
    if (!b) {
      b = platformBuild(this.model, PLATFORM_PRESETS[platform], rootFeatures ? { rootFeatures } : {});
      this.builds.set(key, b);
    }
    return b;
  }
}

const choice = (name: PlatformPresetName): PlatformChoice => ({ name, system: PLATFORM_PRESETS[name].system, config: PLATFORM_PRESETS[name].config });

function plan(build: PlatformBuild, name: PlatformPresetName): PlatformPlan {
  return {
    platform: choice(name),
    rootFeatures: build.rootFeatures,
    crates: build.crates.map((c) => ({
      key: c.key,
      name: c.crate.id.name,
      version: c.crate.id.version,
      member: c.crate.member,
      procMacro: c.crate.procMacro,
      features: c.features,
      dependencies: c.dependencies.length,
    })),
    problems: build.problems,
  };
}

function diffAgainstCurrent(state: InsightState, older: string): LockDiffAnswer | undefined {
  if (!state.current) return undefined;
  try {
    if (detectFormat(older) === 'Cargo.nix') {
      const current = state.cargoNix()!;
      return { ok: true, diff: lockDiff(older, { lock: '', cargoNix: current }, 'older Cargo.nix'), current };
    }
    const current = state.lockText;
    if (current === undefined) return { ok: false, error: { message: 'the current Cargo.lock is not known to the worker' } };
    return { ok: true, diff: lockDiff(older, { lock: current, cargoNix: undefined }, 'older Cargo.lock'), current };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
}

/** The queries over one state (the worker's, or a test's); `olderLocks` resolves older Cargo.lock files against the run. */
export function insightQueries(state: InsightState, olderLocks: OlderLocks = workerOlderLocks): InsightQueries {
  return {
    summary: () =>
      state.current ? { id: state.modelId, members: state.current.members.map((m) => m.name), crates: state.current.crates.length } : undefined,
    crates: () => state.why()?.crates(),
    // A limit from a link is capped: each chain listed is copied to the page.
    why: (crate, feature, limit) => state.why()?.why(crate, feature, Math.min(limit ?? DEFAULT_CHAIN_LIMIT, MAX_CHAIN_LIMIT)),
    platforms: () => PLATFORM_PRESET_NAMES.map(choice),
    plan: (platform, rootFeatures) => state.plan(platform, rootFeatures),
    planDiff: (a, b, rootFeatures) => {
      const ba = state.build(a, rootFeatures);
      const bb = state.build(b, rootFeatures);
      return ba && bb ? { a: choice(a), b: choice(b), ...state.diff(ba, bb) } : undefined;
    },
    nativeLibraries: () => state.nativeLibraries(),
    graph: (filter) => (state.current ? dependencyGraph(state.current, filter) : undefined),
    graphFeatures: () => (state.current ? graphFeatureChoices(state.current) : undefined),
    lockDiff: (older) => diffAgainstCurrent(state, older),
    resolvedLockDiff: (older, onProgress) =>
      state.current
        ? resolvedLockDiff({ lockText: state.lockText, cargoNix: () => state.cargoNix() }, olderLocks, older, onProgress)
        : Promise.resolve(undefined),
    cancelLockDiff: () => olderLocks.cancel(),
    tree: (request) => (state.tree ? treeQuery(state.tree, request) : undefined),
  };
}

/** The worker's one state: web-worker.ts sets it after every run. */
export const insightState = new InsightState();
export const insightApi: InsightQueries = insightQueries(insightState);
