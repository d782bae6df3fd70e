// The worker prepares the Insight views' indexes in idle time after a run (insight-api.ts,
// idle-steps.ts). Answers must not depend on it: a prepared state, a state prepared halfway and a
// state that works everything out on demand answer every question alike, on the two largest golden
// workspaces.
import { describe, expect, it } from 'vitest';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import type { InsightQueries } from '../../worker/browser/insight-types.ts';
import { runInIdleTasks, type NextTask } from '../../worker/browser/idle-steps.ts';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { PLATFORM_PRESET_NAMES } from '../../worker/views/platform-build.ts';
import { backendCase } from '../golden/backends/cases.ts';

/** A scheduler the test drives: each `run()` runs the one task waiting. */
function manualTasks(): { schedule: NextTask; run: () => boolean; readonly waiting: number } {
  const queue: (() => void)[] = [];
  return {
    schedule: (next) => void queue.push(next),
    run: () => {
      const next = queue.shift();
      next?.();
      return next !== undefined;
    },
    get waiting() {
      return queue.length;
    },
  };
}

function fresh(ws: ResolvedWorkspace): { state: InsightState; q: InsightQueries } {
  const state = new InsightState();
  state.set(ws, '');
  return { state, q: insightQueries(state) };
}

/** Every question the Why, Platforms and Native libraries views ask, in one order. */
function everyAnswer(q: InsightQueries, ws: ResolvedWorkspace): unknown[] {
  const out: unknown[] = [q.crates(), q.nativeLibraries()];
  const allFeatures = ws.members.flatMap((m) => m.features.map((f) => `${m.name}/${f}`));
  for (const c of ws.crates) {
    const spec = `${c.id.name}@${c.id.version}`;
    out.push(q.why(spec, undefined, 20));
    const feature = c.features[0];
    if (feature) out.push(q.why(spec, feature.name, 3));
  }
  for (const a of PLATFORM_PRESET_NAMES) {
    out.push(q.plan(a), q.plan(a, allFeatures), q.plan(a, []));
    for (const b of PLATFORM_PRESET_NAMES) out.push(q.planDiff(a, b), q.planDiff(a, b, allFeatures));
  }
  return out;
}

describe.each(['crates-io/bigger-project', 'crates-io/cargo2nix-self'])('insight preparation: %s', async (label) => {
  const { ws } = await backendCase(label);
  const expected = everyAnswer(fresh(ws).q, ws);

  it('a state prepared in idle tasks answers as one that works everything out when asked', async () => {
    const { state, q } = fresh(ws);
    await expect(state.prepareWhenIdle()).resolves.toBe(true);
    expect(everyAnswer(q, ws)).toEqual(expected);
  });

  it('questions asked between preparation steps get the same answers, and preparation carries on', async () => {
    const tasks = manualTasks();
    const { state, q } = fresh(ws);
    const done = state.prepareWhenIdle(tasks.schedule);
    let steps = 0;
    while (tasks.run()) {
      steps++;
      if (steps % 4 === 1) expect(q.why('unicode-ident', undefined, 20)).toEqual(fresh(ws).q.why('unicode-ident', undefined, 20));
    }
    await expect(done).resolves.toBe(true);
    // The why index, seven builds with every feature, the chain counts, seven plans, native libraries; and the last check.
    expect(steps).toBe(1 + 7 + 1 + 7 + 1 + 1);
    expect(everyAnswer(q, ws)).toEqual(expected);
  });

  it('stops at the next step when a new model (or none) replaces the one it prepares for', async () => {
    const tasks = manualTasks();
    const { state, q } = fresh(ws);
    const done = state.prepareWhenIdle(tasks.schedule);
    tasks.run();
    tasks.run();
    state.set(undefined);
    expect(tasks.run()).toBe(true);
    await expect(done).resolves.toBe(false);
    expect(tasks.waiting).toBe(0);
    expect(q.why('unicode-ident')).toBeUndefined();
    state.set(ws, '');
    expect(everyAnswer(q, ws)).toEqual(expected);
  });
});

describe('runInIdleTasks', () => {
  it('runs one step per task, in order, and resolves true after the last', async () => {
    const tasks = manualTasks();
    const ran: number[] = [];
    const done = runInIdleTasks(
      [0, 1, 2].map((i) => () => void ran.push(i)),
      () => true,
      tasks.schedule,
    );
    expect(ran).toEqual([]);
    tasks.run();
    expect(ran).toEqual([0]);
    tasks.run();
    tasks.run();
    expect(ran).toEqual([0, 1, 2]);
    expect(tasks.waiting).toBe(1);
    tasks.run();
    await expect(done).resolves.toBe(true);
    expect(tasks.waiting).toBe(0);
  });

  it('resolves false and runs nothing more after a step throws', async () => {
    const tasks = manualTasks();
    const ran: number[] = [];
    const steps = [
      () => void ran.push(0),
      () => {
        throw new Error('broken input');
      },
      () => void ran.push(2),
    ];
    const done = runInIdleTasks(steps, () => true, tasks.schedule);
    while (tasks.run());
    await expect(done).resolves.toBe(false);
    expect(ran).toEqual([0]);
  });
});
