// The Insight views' queries, answered in the worker from the last resolved
// workspace, so the page gets small answers instead of the whole model. The
// indexes behind them are built on first use and kept until the next model.
import type { ResolvedWorkspace } from '../model/model.ts';
import { nativeLibraries, type NativeLibrary } from '../views/native-libraries.ts';
import { PLATFORM_PRESETS, PLATFORM_PRESET_NAMES, platformBuild, type PlatformBuild, type PlatformPresetName } from '../views/platform-build.ts';
import { platformDiff } from '../views/platform-diff.ts';
import { WhyIndex } from '../views/why.ts';
import type { InsightQueries, PlatformChoice, PlatformPlan } from './insight-types.ts';

/** The last resolved workspace and what has been worked out from it so far. */
export class InsightState {
  private model: ResolvedWorkspace | undefined;
  private id = 0;
  private whyIndex: WhyIndex | undefined;
  private native: NativeLibrary[] | undefined;
  private readonly builds = new Map<string, PlatformBuild>();

  set(model: ResolvedWorkspace | undefined): void {
    this.model = model;
    this.id++;
    this.whyIndex = undefined;
    this.native = undefined;
    this.builds.clear();
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

/** The queries over one state (the worker's, or a test's). */
export function insightQueries(state: InsightState): InsightQueries {
  return {
    summary: () =>
      state.current ? { id: state.modelId, members: state.current.members.map((m) => m.name), crates: state.current.crates.length } : undefined,
    crates: () => state.why()?.crates(),
    why: (crate, feature, limit) => state.why()?.why(crate, feature, limit),
    platforms: () => PLATFORM_PRESET_NAMES.map(choice),
    plan: (platform, rootFeatures) => {
      const b = state.build(platform, rootFeatures);
      return b && plan(b, platform);
    },
    planDiff: (a, b, rootFeatures) => {
      const ba = state.build(a, rootFeatures);
      const bb = state.build(b, rootFeatures);
      return ba && bb ? { a: choice(a), b: choice(b), ...platformDiff(ba, bb) } : undefined;
    },
    nativeLibraries: () => state.nativeLibraries(),
  };
}

/** The worker's one state: web-worker.ts sets it after every run. */
export const insightState = new InsightState();
export const insightApi: InsightQueries = insightQueries(insightState);
