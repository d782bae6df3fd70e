// A worker_threads stand-in for the site's Web Worker (worker/browser/web-worker.ts), for the
// Insight bench: the same InsightState and insight API behind comlink, so every answer crosses a
// thread by structured clone as it does in the page. `run` does the CPU part of a run as
// web-worker.ts does it (parse, resolve, every renderer, the comparison facts; the metadata is
// loaded once at start, where the page would fetch it) and, like it, schedules the Insight
// preparation after its answer is posted, unless asked not to.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { Summary } from '../../worker/core/summary.ts';
import type { NextTask } from '../../worker/browser/idle-steps.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import { TreeSource } from '../../worker/browser/tree-query.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { buildModel, loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import { DEFAULT_USER_OPTIONS, flakeOptionsOf } from '../../worker/options/user-options.ts';
import { renderAll } from '../../worker/render/index.ts';
import { comparisonFacts } from '../../worker/views/comparison.ts';
import { goldenCases } from '../support/golden.ts';

const state = new InsightState();
let files: Map<string, string> | undefined;
let summaries: ReadonlyMap<string, Summary> | undefined;
let prepared: Promise<boolean> = Promise.resolve(false);
/** How long each preparation step of the last run took, and from the run's answer to the last step's end. */
let steps: number[] = [];
let preparedAt = 0;
let answeredAt = 0;

// nextTask (idle-steps.ts) with each step timed.
const timedTask: NextTask = (next) =>
  void setTimeout(() => {
    const t = performance.now();
    next();
    const end = performance.now();
    steps.push(end - t);
    preparedAt = end;
  }, 0);

export interface BenchRunAnswer {
  readonly crates: number;
  /** Bytes of the rendered files (what the run's answer carries). */
  readonly outputChars: number;
  /** When the worker started the run (timeOrigin + now, comparable across threads). */
  readonly startedAt: number;
}

const api = {
  async load(label: string): Promise<void> {
    const golden = goldenCases().find((g) => `${g.set}/${g.name}` === label);
    if (!golden) throw new Error(`no golden case ${label}`);
    files = await readWorkspaceDir(golden.dir);
    summaries = await loadSummaries(parseInputs(files), { source: new RegistryDirSource(golden.registry) });
  },
  /** One run; `prepare` false leaves the Insight indexes to the first questions. */
  async run(prepare: boolean): Promise<BenchRunAnswer & { readonly outputs: unknown }> {
    const startedAt = performance.timeOrigin + performance.now();
    if (!files || !summaries) throw new Error('load a case first');
    const inputs = parseInputs(files);
    const model = await buildModel(inputs, summaries);
    state.set(model, files.get('Cargo.lock'), new TreeSource(inputs, summaries));
    const outputs = renderAll(model, { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS) });
    comparisonFacts(model, []);
    steps = [];
    answeredAt = performance.now();
    prepared = prepare ? state.prepareWhenIdle(timedTask) : Promise.resolve(false);
    return { crates: model.crates.length, outputChars: JSON.stringify(outputs).length, startedAt, outputs };
  },
  /** Resolves when the preparation scheduled by the last run has finished (true) or was left off. */
  prepared: () => prepared,
  /** The last preparation's steps (ms each) and its span from the run's answer to its end. */
  preparation: () => ({ steps, spanMs: preparedAt - answeredAt }),
  insight: Comlink.proxy(insightQueries(state)),
};

export type InsightBenchWorker = typeof api;

Comlink.expose(api, nodeEndpoint(parentPort!));
