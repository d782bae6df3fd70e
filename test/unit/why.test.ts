// "Why is this crate here", held to hand-written workspaces (conditions and platforms one by one)
// and to cargo itself: the chains that hold on x86_64-linux with the default features are the
// paths of Debian cargo's `cargo tree -i` (test/fixtures/tree, made by cargo, never by us).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedCrate, ResolvedWorkspace } from '../../worker/model/model.ts';
import { packageId } from '../../worker/core/package-id.ts';
import { parsePlatform } from '../../worker/parse/cfg.ts';
import { conjoin, WhyIndex, type WhyChain, type WhyResult } from '../../worker/views/why.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const TREE = join(import.meta.dirname, '..', 'fixtures', 'tree');
const ALL_PRESETS = ['x86_64-linux', 'aarch64-linux', 'aarch64-darwin', 'x86_64-darwin', 'x86_64-windows-gnu', 'x86_64-linux-musl', 'wasm32-wasi'];
const UNIX_PRESETS = ['x86_64-linux', 'aarch64-linux', 'aarch64-darwin', 'x86_64-darwin', 'x86_64-linux-musl'];

async function scenarioModel(name: string): Promise<ResolvedWorkspace> {
  const s = scenario(name);
  return model(s.files, s.snapshot);
}

function ok(index: WhyIndex, spec: string, feature?: string, limit?: number): WhyResult {
  const a = index.why(spec, feature, limit);
  if (!a.ok) throw new Error(a.error);
  return a;
}

const path = (c: WhyChain) =>
  [c.steps[0]!.from.name, ...c.steps.map((s) => (s.kind === 'normal' ? s.to.name : `${s.kind}:${s.to.name}`))].join(' > ');

describe('why: conditions and platforms', async () => {
  const index = new WhyIndex(await scenarioModel('root-features'));

  it('an optional dependency holds under the member features that enable it', () => {
    const quick = ok(index, 'quick');
    expect(quick.totalChains).toBe(1);
    expect(quick.chains.map(path)).toEqual(['app > quick']);
    expect(quick.chains[0]!.condition).toEqual({
      kind: 'memberFeatures',
      anyOf: [
        { member: 'app', feature: 'default' },
        { member: 'app', feature: 'fast' },
        { member: 'app', feature: 'tls' },
      ],
    });
    expect(quick.chains[0]!.platforms).toEqual([]);
    expect(quick.chains[0]!.presets).toEqual(ALL_PRESETS);
  });

  it('a cfg(unix) dependency holds on the unix presets only, and says which cfg', () => {
    const unixy = ok(index, 'unixy@0.3.0');
    // `unixy` is also the implicit feature of the optional dependency.
    expect(unixy.chains[0]!.condition).toEqual({
      kind: 'memberFeatures',
      anyOf: [
        { member: 'app', feature: 'posix' },
        { member: 'app', feature: 'unixy' },
      ],
    });
    expect(unixy.chains[0]!.platforms).toEqual([['cfg(unix)']]);
    expect(unixy.chains[0]!.presets).toEqual(UNIX_PRESETS);
    expect(unixy.presets).toEqual(UNIX_PRESETS);
  });

  it("a feature's own condition is the activation analysis' (the same as Cargo.nix's)", () => {
    const tls = ok(index, 'net', 'tls');
    expect(tls.feature).toEqual({ name: 'tls', activation: { kind: 'memberFeatures', anyOf: [{ member: 'app', feature: 'tls' }] } });
    const serde = ok(index, 'net', 'serde');
    // Cargo.nix: (lib.optional (rootFeatures' ? "app/serde") "serde") — see root-features.test.ts.
    expect(serde.feature!.activation).toEqual({ kind: 'memberFeatures', anyOf: [{ member: 'app', feature: 'serde' }] });
    expect(tls.features.map((f) => f.name)).toEqual(['default', 'serde', 'std', 'tls']);
  });

  it('names what it cannot answer', () => {
    expect(index.why('nosuch')).toEqual({ ok: false, error: 'no crate nosuch in this workspace', candidates: [] });
    expect(index.why('net', 'nosuch')).toMatchObject({ ok: false, error: 'net 2.0.1 has no feature nosuch turned on in this workspace' });
    expect(index.why('net@9.9.9')).toMatchObject({ ok: false, candidates: [] });
  });

  it('a member nobody depends on has no chains', () => {
    const app = ok(index, 'app');
    expect(app.crate.member).toBe(true);
    expect(app.totalChains).toBe(0);
    expect(app.chains).toEqual([]);
  });
});

describe('why: a step only a combination of member features turns on', () => {
  // Built by hand: member m depends on a (normal, cfg(unix)) only when two member features are on together.
  const id = (name: string) => packageId(name, '1.0.0', { kind: 'path', path: name });
  const crate = (name: string, member: boolean, dependencies: ResolvedCrate['dependencies']): ResolvedCrate => ({
    id: id(name),
    source: { kind: 'path', path: name },
    member,
    libName: name,
    procMacro: false,
    links: undefined,
    features: [],
    dependencies,
  });
  const ws: ResolvedWorkspace = {
    members: [{ id: id('m'), name: 'm', version: '1.0.0', path: 'm', rustVersion: undefined, hasBin: false, binNames: [], features: ['x', 'y'] }],
    crates: [
      crate('a', false, []),
      crate('m', true, [
        {
          id: id('a'),
          kind: 'normal',
          externName: 'a',
          procMacro: false,
          activation: { kind: 'memberFeatures', anyOf: [] },
          platforms: [parsePlatform('cfg(unix)')],
        },
      ]),
    ],
    lockHash: '',
    profiles: new Map(),
  };
  it('still holds on the presets its platforms name', () => {
    const r = ok(new WhyIndex(ws), 'a');
    expect(r.chains[0]!.condition).toEqual({ kind: 'memberFeatures', anyOf: [] });
    expect(r.chains[0]!.presets).toEqual(UNIX_PRESETS);
  });
});

describe('conjoin', () => {
  const mf = (feature: string) => ({ member: 'm', feature });
  it('keeps the member features every condition shares; always is neutral', () => {
    expect(conjoin([{ kind: 'always' }, { kind: 'always' }])).toEqual({ kind: 'always' });
    expect(conjoin([{ kind: 'always' }, { kind: 'memberFeatures', anyOf: [mf('a'), mf('b')] }])).toEqual({
      kind: 'memberFeatures',
      anyOf: [mf('a'), mf('b')],
    });
    expect(
      conjoin([
        { kind: 'memberFeatures', anyOf: [mf('a'), mf('b')] },
        { kind: 'memberFeatures', anyOf: [mf('b'), mf('c')] },
      ]),
    ).toEqual({ kind: 'memberFeatures', anyOf: [mf('b')] });
    expect(
      conjoin([
        { kind: 'memberFeatures', anyOf: [mf('a')] },
        { kind: 'memberFeatures', anyOf: [mf('c')] },
      ]),
    ).toEqual({ kind: 'memberFeatures', anyOf: [] });
  });
});

/**
 * The chains in a `cargo tree -i <crate>` output: its tree inverted back, `(*)` expanded from the
 * first place the crate was printed, counted from the crate up to the members (lines with a path).
 * Returns each chain as `member > … > crate`.
 */
function cargoTreeChains(text: string): string[] {
  const lines = text.split('\n').filter((l) => l !== '');
  interface Node {
    name: string;
    member: boolean;
    dependents: Node[];
  }
  const byName = new Map<string, Node>();
  const stack: Node[] = [];
  const expanded = new Set<string>();
  for (const line of lines) {
    const m = /^((?:[│ ] {3})*)(?:[├└]── )?(\S+) v(\S+)(?: \(([^)]*)\))?(?: \(\*\))?$/u.exec(line);
    if (!m) throw new Error(`cannot read ${line}`);
    const depth = line.startsWith('[') ? -1 : m[1]!.length / 4 + (line.includes('── ') ? 1 : 0);
    const key = `${m[2]} ${m[3]}`;
    let node = byName.get(key);
    if (!node) byName.set(key, (node = { name: m[2]!, member: m[4] !== undefined && m[4].startsWith('/'), dependents: [] }));
    if (depth > 0 && !line.endsWith('(*)')) expanded.add(key);
    if (depth > 0 && !stack[depth - 1]!.dependents.includes(node)) stack[depth - 1]!.dependents.push(node);
    stack[depth] = node;
    stack.length = depth + 1;
  }
  const out: string[] = [];
  const walk = (n: Node, suffix: string[]) => {
    for (const d of n.dependents) {
      if (d.member) out.push([d.name, ...suffix].join(' > '));
      else walk(d, [d.name, ...suffix]);
    }
  };
  const root = byName.values().next().value!;
  walk(root, [root.name]);
  return out.sort();
}

describe('why: the chains cargo tree -i prints (Debian cargo 1.65, bigger-project, x86_64-linux, default features)', async () => {
  const c = await backendCase('crates-io/bigger-project');
  const index = new WhyIndex(c.ws);
  for (const [file, spec] of [
    ['target_x86_64-unknown-linux-gnu_i_bytes@0.5.6.txt', 'bytes@0.5.6'],
    ['target_x86_64-unknown-linux-gnu_i_openssl-sys.txt', 'openssl-sys'],
  ] as const) {
    it(spec, () => {
      const expected = cargoTreeChains(readFileSync(join(TREE, 'crates-io', 'bigger-project', file), 'utf8'));
      const all = ok(index, spec, undefined, Infinity);
      expect(all.chains.length).toBe(all.totalChains);
      const holding = all.chains.filter(
        (ch) =>
          ch.presets.includes('x86_64-linux') &&
          (ch.condition.kind === 'always' || ch.condition.anyOf.some((f) => f.member === 'bigger-project' && f.feature === 'default')),
      );
      expect(
        holding
          .map((ch) =>
            ch.steps
              .map((s) => s.from.name)
              .concat(ch.steps.at(-1)!.to.name)
              .join(' > '),
          )
          .sort(),
      ).toEqual(expected);
      expect(expected.length).toBeGreaterThan(5);
    });
  }

  it('chains come shortest first, and the count covers those left out', () => {
    const r = ok(index, 'unicode-ident', undefined, 10);
    expect(r.chains).toHaveLength(10);
    expect(r.totalChains).toBe(ok(index, 'unicode-ident', undefined, Infinity).chains.length);
    const lengths = r.chains.map((ch) => ch.steps.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const full = ok(index, 'unicode-ident', undefined, Infinity).chains.map((ch) => ch.steps.length);
    expect(lengths[0]).toBe(Math.min(...full));
  });
});

describe('why: cargo2nix-self (388 packages)', async () => {
  const c = await backendCase('crates-io/cargo2nix-self');
  const index = new WhyIndex(c.ws);
  it('counts chains without listing them, and lists the limit', () => {
    const r = ok(index, 'unicode-ident');
    expect(r.chains).toHaveLength(50);
    expect(r.totalChains).toBeGreaterThan(10_000);
    // serde is a direct dependency of the cargo2nix member: the shortest chain is one step.
    expect(ok(index, 'serde@1.0.218').chains[0]!.steps.map((s) => `${s.from.name} > ${s.to.name}`)).toEqual(['cargo2nix > serde']);
  });
  it('a crate named by several versions asks which', () => {
    const a = index.why('windows-sys');
    expect(a.ok).toBe(false);
    if (a.ok) return;
    expect(a.candidates.map((x) => x.version)).toEqual(['0.48.0', '0.52.0', '0.59.0']);
    expect(ok(index, 'windows-sys@0.59.0').presets).toEqual(['x86_64-windows-gnu']);
  });
});
