// "Why is this crate here": every chain of dependency edges from a workspace
// member to a crate, each with the member features and platforms under which
// it holds. Everything comes from the model — the activation analysis'
// conditions on each edge and feature, the edges' `[target.…]` platforms — and
// from platform-build.ts for which Nix platforms a chain survives on; nothing
// is worked out again here.
//
// A chain starts at a member and passes only through non-members: a member in
// the middle has its own "why" (one click away), and without members in the
// middle the graph is acyclic (only members have dev-dependencies, the only
// edges that can close a cycle), so chains can be counted exactly without
// being listed. They are listed shortest first, up to a limit.
import { displayPlatform } from '../parse/cfg.ts';
import type { DepKind } from '../core/summary.ts';
import type { ActivationCondition, MemberFeature, ResolvedCrate, ResolvedDependency, ResolvedWorkspace } from '../model/model.ts';
import { crateKey } from '../render/cargo2nix/package-set.ts';
import { PLATFORM_PRESETS, PLATFORM_PRESET_NAMES, platformBuild, platformHolds, type PlatformPresetName } from './platform-build.ts';

/** A crate as the insight views name it: {@link crateKey} plus what people read. */
export interface CrateRef {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly member: boolean;
}

export interface WhyStep {
  readonly from: CrateRef;
  readonly to: CrateRef;
  readonly kind: DepKind;
  /** The name `from`'s code uses for it. */
  readonly externName: string;
  /** When cargo's resolver turns this edge on (the activation analysis' condition). */
  readonly activation: ActivationCondition;
  /** The `[target.…]` platforms it is limited to (any of them), as cargo prints them; undefined for every platform. */
  readonly platforms: readonly string[] | undefined;
}

export interface WhyChain {
  /** From a member (the first step's `from`) to the crate asked about (the last step's `to`). */
  readonly steps: readonly WhyStep[];
  /**
   * The member features under which the whole chain is on: `always` when every step always is;
   * otherwise the member features that each turn on every conditional step by themselves (empty:
   * only a combination of member features does).
   */
  readonly condition: ActivationCondition;
  /** Each platform-limited step's platforms: the chain holds where every one of these lists has a match. */
  readonly platforms: readonly (readonly string[])[];
  /**
   * The platform presets on which every step's platforms hold, read as the generated Nix reads
   * them: with every member feature on, Nix builds the whole chain there.
   */
  readonly presets: readonly PlatformPresetName[];
}

export interface WhyFeature {
  readonly name: string;
  readonly activation: ActivationCondition;
}

export interface WhyResult {
  readonly crate: CrateRef;
  /** The feature asked about, with the member features that turn it on. */
  readonly feature?: WhyFeature;
  /** Its features, each with the member features that turn it on (for picking one). */
  readonly features: readonly WhyFeature[];
  /** Shortest first, at most the limit asked for. */
  readonly chains: readonly WhyChain[];
  /** How many chains there are in all (listed or not). */
  readonly totalChains: number;
  /** The platform presets on which Nix builds the crate with every member feature on. */
  readonly presets: readonly PlatformPresetName[];
}

export type WhyAnswer =
  ({ readonly ok: true } & WhyResult) | { readonly ok: false; readonly error: string; readonly candidates: readonly CrateRef[] };

export const DEFAULT_CHAIN_LIMIT = 50;

interface Edge {
  readonly from: ResolvedCrate;
  readonly fromKey: string;
  readonly dep: ResolvedDependency;
}

/** A partial chain as a list from its member end back to the crate asked about, sharing its tail with the chains it grew from. */
interface Partial {
  readonly head: string;
  readonly edge: Edge | undefined;
  readonly rest: Partial | undefined;
  readonly length: number;
  readonly complete: boolean;
}

/** A minimal binary heap by (priority, insertion order), so equal-length chains come out in a stable order. */
class Heap<T> {
  private readonly items: { p: number; seq: number; v: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  private less(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return a.p < b.p || (a.p === b.p && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = t;
  }

  push(p: number, v: T): void {
    this.items.push({ p, seq: this.seq++, v });
    for (let i = this.items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.items.length && this.less(l, m)) m = l;
        if (r < this.items.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top?.v;
  }
}

const mfKey = (mf: MemberFeature) => `${mf.member}/${mf.feature}`;

/** The member features under which every one of the conditions holds, each feature alone. */
export function conjoin(conditions: readonly ActivationCondition[]): ActivationCondition {
  let acc: MemberFeature[] | undefined;
  for (const c of conditions) {
    if (c.kind === 'always') continue;
    if (acc === undefined) acc = [...c.anyOf];
    else {
      const keep = new Set(c.anyOf.map(mfKey));
      acc = acc.filter((mf) => keep.has(mfKey(mf)));
    }
  }
  return acc === undefined ? { kind: 'always' } : { kind: 'memberFeatures', anyOf: acc };
}

/** The model indexed for "why" questions; build once per resolved workspace. */
export class WhyIndex {
  private readonly byKey = new Map<string, ResolvedCrate>();
  private readonly refs = new Map<string, CrateRef>();
  /** Edges into each crate, by crate key, in the model's order. */
  private readonly parents = new Map<string, Edge[]>();
  /** Fewest edges from any member to each non-member crate, through non-members only. */
  private readonly depth = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private presetCrates: Map<PlatformPresetName, ReadonlySet<string>> | undefined;
  /** Per edge: the presets its platforms hold on, and the step it makes in a chain. */
  private readonly edgePresets = new Map<Edge, readonly PlatformPresetName[]>();
  private readonly steps = new Map<Edge, WhyStep>();
  /** Each dependency's target key, in the model's order: crateKey builds a string every call. */
  private readonly depKeys = new Map<ResolvedCrate, readonly string[]>();

  constructor(readonly ws: ResolvedWorkspace) {
    for (const c of ws.crates) {
      const key = crateKey(c.id);
      this.byKey.set(key, c);
      this.refs.set(key, { key, name: c.id.name, version: c.id.version, member: c.member });
      this.depKeys.set(
        c,
        c.dependencies.map((d) => crateKey(d.id)),
      );
    }
    for (const c of ws.crates) {
      const fromKey = crateKey(c.id);
      const keys = this.depKeys.get(c)!;
      c.dependencies.forEach((d, i) => {
        const to = keys[i]!;
        let list = this.parents.get(to);
        if (!list) this.parents.set(to, (list = []));
        list.push({ from: c, fromKey, dep: d });
      });
    }
    // Breadth first from the members, never through one.
    const queue: string[] = [];
    for (const c of ws.crates) {
      if (!c.member) continue;
      for (const to of this.depKeys.get(c)!) {
        if (this.byKey.get(to)?.member === false && !this.depth.has(to)) {
          this.depth.set(to, 1);
          queue.push(to);
        }
      }
    }
    for (let i = 0; i < queue.length; i++) {
      const key = queue[i]!;
      const next = this.depth.get(key)! + 1;
      for (const to of this.depKeys.get(this.byKey.get(key)!)!) {
        if (this.byKey.get(to)?.member === false && !this.depth.has(to)) {
          this.depth.set(to, next);
          queue.push(to);
        }
      }
    }
  }

  /** Every crate, in the model's order. */
  crates(): CrateRef[] {
    return [...this.refs.values()];
  }

  ref(key: string): CrateRef | undefined {
    return this.refs.get(key);
  }

  /**
   * The crates a spec names: a {@link crateKey}, `name@version` or a bare name
   * (every version of it), as `cargo tree -i` takes them.
   */
  find(spec: string): CrateRef[] {
    const exact = this.refs.get(spec);
    if (exact) return [exact];
    const at = spec.lastIndexOf('@');
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    return this.crates().filter((c) => c.name === name && (version === undefined || c.version === version));
  }

  /** Chains ending at a non-member crate, counted through non-members (the graph there is acyclic). */
  private countInto(key: string): number {
    const known = this.counts.get(key);
    if (known !== undefined) return known;
    let n = 0;
    for (const e of this.parents.get(key) ?? []) n += e.from.member ? 1 : this.countInto(e.fromKey);
    this.counts.set(key, n);
    return n;
  }

  private step(e: Edge): WhyStep {
    let s = this.steps.get(e);
    if (!s) {
      s = {
        from: this.refs.get(e.fromKey)!,
        to: this.refs.get(crateKey(e.dep.id))!,
        kind: e.dep.kind,
        externName: e.dep.externName,
        activation: e.dep.activation,
        platforms: e.dep.platforms?.map(displayPlatform),
      };
      this.steps.set(e, s);
    }
    return s;
  }

  /** The crates a preset's Nix build reaches with every member feature on (worked out once per preset, on first use). */
  private presetCrateKeys(name: PlatformPresetName): ReadonlySet<string> {
    this.presetCrates ??= new Map();
    let keys = this.presetCrates.get(name);
    if (!keys) {
      const rootFeatures = this.ws.members.flatMap((m) => [m.name, ...m.features.map((f) => `${m.name}/${f}`)]);
      keys = new Set(platformBuild(this.ws, PLATFORM_PRESETS[name], { rootFeatures }).crates.map((c) => c.key));
      this.presetCrates.set(name, keys);
    }
    return keys;
  }

  // What the first questions would otherwise work out, in steps that can run apart (the worker runs
  // them in idle time after a run, see insight-api.ts). Answers are the same with or without them.

  /** One preset's build with every member feature on. */
  preparePreset(name: PlatformPresetName): void {
    this.presetCrateKeys(name);
  }

  /** Every reachable crate's chain count. */
  prepareCounts(): void {
    for (const key of this.depth.keys()) this.countInto(key);
  }

  private presetsOf(e: Edge): readonly PlatformPresetName[] {
    let presets = this.edgePresets.get(e);
    if (!presets) {
      const platforms = e.dep.platforms;
      presets = platforms ? PLATFORM_PRESET_NAMES.filter((n) => platforms.some((p) => platformHolds(p, PLATFORM_PRESETS[n]))) : PLATFORM_PRESET_NAMES;
      this.edgePresets.set(e, presets);
    }
    return presets;
  }

  private chain(edges: readonly Edge[]): WhyChain {
    const steps = edges.map((e) => this.step(e));
    // With every member feature on, each step is on wherever its platforms hold (even one that only
    // a combination of member features turns on), so the chain is built where all of them hold.
    const presets = PLATFORM_PRESET_NAMES.filter((p) => edges.every((e) => this.presetsOf(e).includes(p)));
    return {
      steps,
      condition: conjoin(steps.map((s) => s.activation)),
      platforms: steps.flatMap((s) => (s.platforms ? [s.platforms] : [])),
      presets,
    };
  }

  /** Why the crate (and, if named, one of its features) is in the build. */
  why(spec: string, feature?: string, limit = DEFAULT_CHAIN_LIMIT): WhyAnswer {
    const found = this.find(spec);
    if (found.length !== 1) {
      return {
        ok: false,
        error: found.length === 0 ? `no crate ${spec} in this workspace` : `${spec} names ${found.length} crates: pick one`,
        candidates: found,
      };
    }
    const target = found[0]!;
    const crate = this.byKey.get(target.key)!;
    const features = crate.features.map((f) => ({ name: f.name, activation: f.activation }));
    let asked: WhyFeature | undefined;
    if (feature !== undefined) {
      asked = features.find((f) => f.name === feature);
      if (!asked)
        return { ok: false, error: `${target.name} ${target.version} has no feature ${feature} turned on in this workspace`, candidates: [] };
    }
    const totalChains = crate.member
      ? (this.parents.get(target.key) ?? []).reduce((n, e) => n + (e.from.member ? 1 : this.countInto(e.fromKey)), 0)
      : this.countInto(target.key);

    // Best first, backwards from the crate: a partial chain's priority is its
    // length plus the fewest edges still needed to reach a member, so chains
    // complete in order of length.
    const heap = new Heap<Partial>();
    heap.push(0, { head: target.key, edge: undefined, rest: undefined, length: 0, complete: false });
    const chains: WhyChain[] = [];
    while (heap.size > 0 && chains.length < limit) {
      const p = heap.pop()!;
      if (p.complete) {
        const edges: Edge[] = [];
        for (let at: Partial | undefined = p; at?.edge; at = at.rest) edges.push(at.edge);
        chains.push(this.chain(edges));
        continue;
      }
      for (const e of this.parents.get(p.head) ?? []) {
        const from = e.fromKey;
        const length = p.length + 1;
        if (e.from.member) heap.push(length, { head: from, edge: e, rest: p, length, complete: true });
        else {
          const rest = this.depth.get(from);
          if (rest !== undefined) heap.push(length + rest, { head: from, edge: e, rest: p, length, complete: false });
        }
      }
    }
    const presets = PLATFORM_PRESET_NAMES.filter((p) => this.presetCrateKeys(p).has(target.key));
    return { ok: true, crate: target, ...(asked ? { feature: asked } : {}), features, chains, totalChains, presets };
  }
}
