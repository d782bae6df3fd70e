// Summarise a V8 .cpuprofile (from `node --cpu-prof`) into the functions that
// cost the most, by self time and by total time, so hot spots can be read off
// the bench output without opening DevTools.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  /** `function (file:line)`, the file relative to the project. */
  readonly where: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

export interface ProfileSummary {
  readonly sampledMs: number;
  readonly bySelf: readonly HotSpot[];
  readonly byTotal: readonly HotSpot[];
}

function label(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? relative(root, decodeURIComponent(new URL(url).pathname)) : url;
  const name = functionName || '(anonymous)';
  return file ? `${name} (${file}:${lineNumber + 1})` : name;
}

/**
 * `only` keeps total-time rows whose file matches (e.g. the generator's own
 * sources), since the bench harness and module loading dominate otherwise.
 */
export function summariseProfile(path: string, root: string, top = 15, only?: RegExp): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<string, number>();
  const totalUs = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    sampled += dt;
    const self = label(node, root);
    selfUs.set(self, (selfUs.get(self) ?? 0) + dt);
    // A recursive function is on the stack many times but costs the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!, root);
      if (seen.has(l)) continue;
      seen.add(l);
      totalUs.set(l, (totalUs.get(l) ?? 0) + dt);
    }
  });

  const row = (where: string): HotSpot => ({ where, selfMs: (selfUs.get(where) ?? 0) / 1000, totalMs: (totalUs.get(where) ?? 0) / 1000 });
  const skip = (w: string) => w.startsWith('(') || w.startsWith('processTicksAndRejections') || w.startsWith('runMicrotasks');
  return {
    sampledMs: sampled / 1000,
    bySelf: [...selfUs.keys()]
      .filter((w) => !skip(w))
      .map(row)
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    byTotal: [...totalUs.keys()]
      .filter((w) => !skip(w) && (!only || only.test(w)))
      .map(row)
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, top),
  };
}
