// The dependency graph's data, held to the model and to real cargo2nix
// evaluation: on x86_64-linux, following normal and build edges, the nodes
// are the crates real-eval found in cargo2nix-self's closure (336 of 388; 334
// on aarch64-darwin), and the debian workspace case pins clusters, marks and
// the feature and platform filters edge by edge.
import { describe, expect, it } from 'vitest';
import { crateKey } from '../../worker/render/cargo2nix/package-set.ts';
import { dependencyGraph, graphFeatureChoices, SHARED_CLUSTER, type DependencyGraph } from '../../worker/views/graph.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';

const self = (await backendCase('crates-io/cargo2nix-self')).ws;
const workspace = (await backendCase('debian/workspace')).ws;

const names = (g: DependencyGraph) => g.nodes.map((n) => `${n.name} ${n.version}`);
const node = (g: DependencyGraph, name: string) => g.nodes.find((n) => n.name === name);
const edge = (g: DependencyGraph, from: string, to: string) =>
  g.edges.find((e) => g.nodes.find((n) => n.id === e.from)?.name === from && g.nodes.find((n) => n.id === e.to)?.name === to);

describe('dependency graph of cargo2nix-self', () => {
  it('holds every crate and every edge of the model when nothing is filtered', () => {
    const g = dependencyGraph(self);
    expect(self.crates.length).toBe(388);
    const reached = new Set(g.nodes.map((n) => n.id));
    expect(g.nodes.length).toBe(reached.size);
    const modelEdges = self.crates.filter((c) => reached.has(crateKey(c.id))).reduce((n, c) => n + c.dependencies.length, 0);
    expect(g.edges.length).toBe(modelEdges);
    for (const e of g.edges) expect(reached.has(e.to)).toBe(true);
    expect(g.members).toEqual(self.members.map((m) => m.name));
    expect(g.clusters.get(crateKey(self.members[0]!.id))).toBe('cargo2nix');
  });

  it('builds the crates real cargo2nix evaluation builds, per platform', () => {
    expect(dependencyGraph(self, { kinds: ['normal', 'build'], platform: 'x86_64-linux' }).nodes.length).toBe(336);
    expect(dependencyGraph(self, { kinds: ['normal', 'build'], platform: 'aarch64-darwin' }).nodes.length).toBe(334);
  });

  it('loses crates when dev and build edges are left out', () => {
    const all = dependencyGraph(self, { platform: 'x86_64-linux' });
    const normal = dependencyGraph(self, { kinds: ['normal'], platform: 'x86_64-linux' });
    expect(normal.nodes.length).toBeLessThan(all.nodes.length);
    expect(normal.edges.every((e) => e.kind === 'normal')).toBe(true);
    expect(all.edges.some((e) => e.kind === 'build')).toBe(true);
  });
});

describe('dependency graph of the debian workspace', () => {
  const g = dependencyGraph(workspace);

  it('clusters crates by the one member that reaches them, else shared', () => {
    expect(g.clusters.get(node(g, 'app')!.id)).toBe('app');
    expect(g.clusters.get(node(g, 'util')!.id)).toBe('util');
    expect(g.clusters.get(node(g, 'rand')!.id)).toBe('app');
    // util reaches once_cell, and app reaches util.
    expect(g.clusters.get(node(g, 'once_cell')!.id)).toBe(SHARED_CLUSTER);
  });

  it('marks proc-macros, root-feature gates and platforms on edges', () => {
    expect(edge(g, 'app', 'macros')).toMatchObject({ kind: 'normal', procMacro: true, optional: false, platforms: [] });
    expect(node(g, 'macros')).toMatchObject({ member: true, procMacro: true });
    expect(edge(g, 'util', 'log')).toMatchObject({ optional: true, gates: ['app/extra', 'util/extra'] });
    expect(edge(g, 'getrandom', 'libc')).toMatchObject({ optional: false, platforms: ['cfg(unix)'] });
  });

  it('filters by root features and platform as Cargo.nix decides', () => {
    const plain = dependencyGraph(workspace, { rootFeatures: ['app/default', 'macros/default', 'util/default'] });
    expect(names(plain)).not.toContain('log 0.4.17');
    expect(names(dependencyGraph(workspace, { rootFeatures: ['util/extra'] }))).toContain('log 0.4.17');
    expect(names(dependencyGraph(workspace, { platform: 'x86_64-linux' }))).toContain('libc 0.2.139');
    expect(names(dependencyGraph(workspace, { platform: 'x86_64-windows-gnu' }))).not.toContain('libc 0.2.139');
  });

  it('offers Cargo.nix default root features and every member feature', () => {
    const choices = graphFeatureChoices(workspace);
    expect(choices.defaults).toEqual(['app/default', 'macros/default', 'util/default']);
    expect(choices.all).toContain('app/extra');
    expect(choices.all).toContain('util/extra');
  });
});

describe('graph through the insight queries', () => {
  it('answers for the last resolved workspace only', () => {
    const state = new InsightState();
    const q = insightQueries(state);
    expect(q.graph({})).toBeUndefined();
    state.set(workspace, undefined);
    expect(q.graph({ platform: 'x86_64-windows-gnu' })!.nodes.map((n) => n.name)).toEqual(
      dependencyGraph(workspace, { platform: 'x86_64-windows-gnu' }).nodes.map((n) => n.name),
    );
    expect(q.graphFeatures()!.defaults).toEqual(['app/default', 'macros/default', 'util/default']);
  });
});

describe('graph layout and member focus (the page side)', () => {
  it('places every crate in its own box and routes every edge between its two boxes', async () => {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    const { layoutGraph, elkInput, NODE_HEIGHT } = await import('../../src/lib/graph/layout.ts');
    const g = dependencyGraph(workspace);
    const input = elkInput(g);
    expect(input.children!.length).toBe(g.nodes.length);
    const placed = await layoutGraph(new ELK(), g);
    expect(placed.nodes.size).toBe(g.nodes.length);
    expect(placed.edges.length).toBe(g.edges.length);
    for (const pe of placed.edges) {
      const from = placed.nodes.get(pe.edge.from)!;
      const to = placed.nodes.get(pe.edge.to)!;
      const start = pe.points[0]!;
      const end = pe.points[pe.points.length - 1]!;
      // Left to right: an edge leaves its crate's right side and enters its dependency's left side.
      expect(start.x).toBeCloseTo(from.x + from.width, 0);
      expect(end.x).toBeCloseTo(to.x, 0);
      expect(start.y).toBeGreaterThanOrEqual(from.y - 0.5);
      expect(start.y).toBeLessThanOrEqual(from.y + NODE_HEIGHT + 0.5);
    }
  });

  it('keeps what one member reaches', async () => {
    const { focusOnMember } = await import('../../src/lib/graph/focus.ts');
    const g = dependencyGraph(workspace);
    const util = focusOnMember(g, 'util');
    expect(util.nodes.map((n) => n.name).sort()).toEqual(['cfg-if', 'log', 'once_cell', 'util']);
    expect(util.edges.every((e) => util.nodes.some((n) => n.id === e.from) && util.nodes.some((n) => n.id === e.to))).toBe(true);
    expect(focusOnMember(g, 'macros').nodes.map((n) => n.name)).toEqual(['macros', 'proc-macro2', 'quote', 'syn', 'unicode-ident']);
    // app depends on both other members, so it reaches every crate.
    expect(focusOnMember(g, 'app').nodes.length).toBe(g.nodes.length);
  });
});
