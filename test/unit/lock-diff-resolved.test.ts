// An older Cargo.lock resolved against the current manifests: bigger-project's
// own lock (older) against the same manifests locked after a tempfile upgrade
// (test/fixtures/lock-diff/bigger-project-tempfile, made by cargo). Every
// feature and platform change reported is checked against the two Cargo.nix
// files; the older one is cargo2nix's own golden file for bigger-project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PackageId } from '../../worker/core/package-id.ts';
import { OLDER_LOCK_FILE, OlderLocks, resolvedLockDiff, type RunContext } from '../../worker/browser/older-lock.ts';
import { InsightState, insightQueries } from '../../worker/browser/insight-api.ts';
import type { LockDiffAnswer, OlderLockResolution } from '../../worker/browser/insight-types.ts';
import { LayeredSource } from '../../worker/metadata/layered-source.ts';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import { NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { RecordingSource } from '../../worker/metadata/recording-source.ts';
import type { MetadataSource, RegistryCrate } from '../../worker/metadata/source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { buildModel, generateCargoNix, loadSummaries, parseInputs } from '../../worker/pipeline.ts';
import { cargoNixCrates, lockDiff, type CrateChange, type LockDiff } from '../../worker/views/lock-diff.ts';
import { unreachableOrigin } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';

const read = (...p: string[]) => readFileSync(join(FIXTURES, ...p), 'utf8');
const manifest = read('crates-io', 'cases', 'bigger-project', 'Cargo.toml');
const olderLock = read('crates-io', 'cases', 'bigger-project', 'Cargo.lock');
const olderGoldenNix = read('crates-io', 'cases', 'bigger-project', 'expected', 'Cargo.nix');
const currentLock = read('lock-diff', 'bigger-project-tempfile', 'Cargo.lock');
const registry = () => new RegistryDirSource(join(FIXTURES, 'crates-io', 'registry'));
const files = new Map([
  ['Cargo.toml', manifest],
  ['Cargo.lock', currentLock],
]);

/** Replaces exactly one occurrence, so an edit that silently misses fails the test. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`\`${from}\` is not in the text exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

async function compare(older: string, source: MetadataSource = registry(), olders = new OlderLocks()) {
  const currentNix = await generateCargoNix(files, { source: registry() });
  olders.setRun({ files, source });
  const answer = await resolvedLockDiff({ lockText: currentLock, cargoNix: () => currentNix }, olders, older);
  if (!answer?.ok) throw new Error(`no diff: ${JSON.stringify(answer)}`);
  return answer;
}

function resolved(a: LockDiffAnswer): Extract<OlderLockResolution, { ok: true }> {
  if (!a.ok || !a.resolution?.ok) throw new Error(`not resolved: ${JSON.stringify(a.ok ? a.resolution : a.error)}`);
  return a.resolution;
}

function problem(a: LockDiffAnswer): Extract<OlderLockResolution, { ok: false }> {
  if (!a.ok || a.resolution === undefined || a.resolution.ok) throw new Error('expected an unresolved older lock');
  return a.resolution;
}

const change = (d: LockDiff, name: string, from?: string): CrateChange => {
  const c = d.changes.find((x) => x.name === name && (from === undefined || x.from === from));
  if (!c) throw new Error(`no change for ${name}`);
  return c;
};

describe('an older Cargo.lock resolved against the current manifests', () => {
  it('renders the older lock as cargo2nix does: its Cargo.nix is bigger-project’s golden file', async () => {
    const a = await compare(olderLock);
    expect(resolved(a).olderCargoNix).toBe(olderGoldenNix);
    expect(a.ok && a.diff.features).toBe(true);
  });

  it('keeps every row of the lock-only comparison and adds the Cargo.nix facts of the same crates', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const lockOnly = lockDiff(olderLock, { lock: currentLock, cargoNix: undefined });
    expect(lockOnly.features).toBe(false);
    for (const c of lockOnly.changes) {
      expect(a.diff.changes).toContainEqual(
        expect.objectContaining({
          kind: c.kind,
          name: c.name,
          from: c.from,
          to: c.to,
          dependenciesAdded: c.dependenciesAdded,
          dependenciesRemoved: c.dependenciesRemoved,
        }),
      );
    }
    // windows-sys 0.48.0 is in both locks unchanged, but fewer of its features are on now (only the resolution knows).
    expect(lockOnly.changes.some((c) => c.name === 'windows-sys' && c.from === '0.48.0')).toBe(false);
    expect(change(a.diff, 'windows-sys', '0.48.0')).toMatchObject({ kind: 'changed', to: '0.48.0', dependenciesAdded: [], dependenciesRemoved: [] });
    expect(change(a.diff, 'windows-sys', '0.48.0').featuresRemoved).toContain('Win32_Storage_FileSystem');
    expect(a.diff.counts).toEqual({ ...lockOnly.counts, changed: lockOnly.counts.changed + 1, unchanged: lockOnly.counts.unchanged - 1 });
  });

  it('names tempfile’s new features and its platform dependencies, as the two Cargo.nix files write them', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const t = change(a.diff, 'tempfile');
    expect(t).toMatchObject({
      kind: 'bumped',
      from: '3.8.0',
      to: '3.18.0',
      direction: 'up',
      featuresAdded: ['default', 'getrandom'],
      featuresRemoved: [],
    });
    expect(t.dependenciesAdded).toEqual(['getrandom', 'once_cell']);
    expect(t.dependenciesRemoved).toEqual(['redox_syscall']);
    expect(t.gated).toEqual([
      {
        what: 'normal getrandom',
        side: 'added',
        condition: 'hostPlatform.isUnix || hostPlatform.isWindows || hostPlatform.parsed.kernel.name == "wasi"',
        platform: true,
      },
      { what: 'normal syscall', side: 'removed', condition: 'hostPlatform.parsed.kernel.name == "redox"', platform: true },
    ]);
    const { currentCargoNix } = resolved(a);
    expect(currentCargoNix).toContain(
      '      ${ if hostPlatform.isUnix || hostPlatform.isWindows || hostPlatform.parsed.kernel.name == "wasi" then "getrandom" else null } = (rustPackages."registry+https://github.com/rust-lang/crates.io-index".getrandom."0.3.1"',
    );
    expect(olderGoldenNix).toContain(
      '      ${ if hostPlatform.parsed.kernel.name == "redox" then "syscall" else null } = (rustPackages."registry+https://github.com/rust-lang/crates.io-index".redox_syscall."0.3.5"',
    );
  });

  it('reports only what the two Cargo.nix files really contain, crate by crate', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const { olderCargoNix, currentCargoNix } = resolved(a);
    const older = [...cargoNixCrates(olderCargoNix).values()];
    const current = [...cargoNixCrates(currentCargoNix).values()];
    const find = (list: typeof older, name: string, version: string | undefined) => list.find((c) => c.name === name && c.version === version);
    let checked = 0;
    for (const c of a.diff.changes) {
      const o = find(older, c.name, c.from);
      const n = find(current, c.name, c.to);
      for (const f of c.featuresAdded) expect(n!.features!.has(f) && !(o?.features?.has(f) ?? false), `${c.name} +${f}`).toBe(true);
      for (const f of c.featuresRemoved) expect(o!.features!.has(f) && !(n?.features?.has(f) ?? false), `${c.name} −${f}`).toBe(true);
      for (const k of c.conditionChanges) {
        const side = (x: typeof o) => x!.features!.get(k.what) ?? x!.dependencies.get(k.what)?.condition;
        expect([side(o), side(n)], `${c.name} ${k.what}`).toEqual([k.from, k.to]);
      }
      for (const g of c.gated) {
        const here = g.side === 'added' ? n! : o!;
        const there = g.side === 'added' ? o! : n!;
        expect(here.features!.get(g.what) ?? here.dependencies.get(g.what)?.condition, `${c.name} ${g.what}`).toBe(g.condition);
        expect(there.features!.has(g.what) || there.dependencies.has(g.what), `${c.name} ${g.what} on the other side`).toBe(false);
      }
      checked += c.featuresAdded.length + c.featuresRemoved.length + c.conditionChanges.length + c.gated.length;
    }
    // libc's and rustix's features moved, rustix's libc edges changed platforms, tempfile's gated edges, windows-sys' features.
    expect(checked).toBeGreaterThanOrEqual(18);
    expect(change(a.diff, 'rustix').conditionChanges.map((k) => [k.what, k.platform])).toEqual([
      ['normal libc', true],
      ['normal libc_errno', true],
      ['normal linux_raw_sys', true],
    ]);
  });
});

describe('crates on one side only, resolved', () => {
  it('bring their features and the edges that pull them in, each side from its own Cargo.nix', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const { olderCargoNix, currentCargoNix } = resolved(a);
    const sides = { added: cargoNixCrates(currentCargoNix), removed: cargoNixCrates(olderCargoNix) };
    let edges = 0;
    for (const c of a.diff.changes) {
      if (c.kind !== 'added' && c.kind !== 'removed') continue;
      const crates = sides[c.kind];
      const version = c.to ?? c.from;
      const own = [...crates.values()].find((x) => x.name === c.name && x.version === version)!;
      expect([...own.features!].sort(), `${c.name} features`).toEqual(c.features.map((f) => [f.name, f.condition]));
      const pointing = [...crates.values()].flatMap((x) =>
        [...x.dependencies].filter(([, d]) => d.crate === `${c.name} ${version}`).map(([what, d]) => `${x.name} ${x.version} ${what} ${d.condition}`),
      );
      expect(c.pulledBy.map((e) => `${e.from} ${e.what} ${e.condition}`).sort(), `${c.name} pulled in by`).toEqual(pointing.sort());
      edges += c.pulledBy.length;
    }
    expect(edges).toBeGreaterThanOrEqual(12);
  });

  it('names the added wasi crate’s platform edge from getrandom and the removed redox_syscall’s from tempfile 3.8.0, as the files write them', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const { currentCargoNix } = resolved(a);
    const wasiIf = 'hostPlatform.parsed.cpu.name == "wasm32" && hostPlatform.parsed.kernel.name == "wasi" && hostPlatform.parsed.abi.name == "p2"';
    expect(change(a.diff, 'wasi')).toMatchObject({
      kind: 'added',
      to: '0.13.3+wasi-0.2.2',
      features: [],
      pulledBy: [{ from: 'getrandom 0.3.1', what: 'normal wasi', condition: wasiIf, platform: true }],
    });
    const getrandom = currentCargoNix.slice(currentCargoNix.indexOf('.getrandom."0.3.1" = overridableMkRustCrate'));
    expect(getrandom.slice(0, getrandom.indexOf('\n  });'))).toContain(
      `      \${ if ${wasiIf} then "wasi" else null } = (rustPackages."registry+https://github.com/rust-lang/crates.io-index".wasi."0.13.3+wasi-0.2.2"`,
    );
    expect(change(a.diff, 'wit-bindgen-rt')).toMatchObject({
      kind: 'added',
      features: [{ name: 'bitflags', condition: '', platform: false }],
      pulledBy: [{ from: 'wasi 0.13.3+wasi-0.2.2', what: 'normal wit_bindgen_rt', condition: '', platform: false }],
    });
    expect(change(a.diff, 'redox_syscall')).toMatchObject({
      kind: 'removed',
      from: '0.3.5',
      pulledBy: [{ from: 'tempfile 3.8.0', what: 'normal syscall', condition: 'hostPlatform.parsed.kernel.name == "redox"', platform: true }],
    });
    expect(a.diff.changes.find((c) => c.name === 'windows-sys' && c.kind === 'added')!.pulledBy.map((e) => e.from)).toEqual([
      'errno 0.3.10',
      'rustix 1.0.1',
      'tempfile 3.18.0',
    ]);
  });

  it('are the same facts an older Cargo.nix pasted gives; a lock alone gives none', async () => {
    const a = await compare(olderLock);
    if (!a.ok) throw new Error('no diff');
    const { currentCargoNix } = resolved(a);
    const nix = lockDiff(olderGoldenNix, { lock: currentLock, cargoNix: currentCargoNix });
    const oneSided = (d: LockDiff) =>
      d.changes.filter((c) => c.kind === 'added' || c.kind === 'removed').map((c) => [c.kind, c.name, c.features, c.pulledBy]);
    expect(oneSided(a.diff).length).toBeGreaterThan(0);
    expect(oneSided(nix)).toEqual(oneSided(a.diff));
    const lockOnly = lockDiff(olderLock, { lock: currentLock, cargoNix: undefined });
    expect(oneSided(lockOnly).map(([kind, name]) => [kind, name])).toEqual(oneSided(a.diff).map(([kind, name]) => [kind, name]));
    for (const [, name, features, pulledBy] of oneSided(lockOnly)) expect([name, features, pulledBy]).toEqual([name, [], []]);
  });
});

describe('an older Cargo.lock that does not resolve', () => {
  it('says which member is missing from it, and keeps the lock-only diff', async () => {
    const older = edit(olderLock, 'name = "bigger-project"\nversion = "0.1.0"', 'name = "bigger-project"\nversion = "0.0.9"');
    const a = await compare(older);
    expect(problem(a)).toEqual({
      ok: false,
      cancelled: false,
      error: {
        message:
          'the older Cargo.lock does not resolve against the current manifests: `bigger-project 0.1.0` (Cargo.toml) is not in the older Cargo.lock: the lock does not match the manifests',
        file: 'Cargo.toml',
        crate: 'bigger-project@0.1.0',
      },
    });
    expect(a.ok && a.diff).toEqual(lockDiff(older, { lock: currentLock, cargoNix: undefined }));
  });

  it('names a crate the registry does not have at its line in the older lock', async () => {
    const older = edit(olderLock, 'name = "tempfile"\nversion = "3.8.0"', 'name = "tempfile"\nversion = "3.7.0"');
    const a = await compare(older);
    const line = older.split('\n').indexOf('name = "tempfile"'); // its `[[package]]` header is the line before: 1-based, this index
    expect(problem(a).error).toEqual({
      message: 'the older Cargo.lock does not resolve against the current manifests: version 3.7.0 of `tempfile` is not in the registry index',
      crate: 'tempfile@3.7.0',
      file: OLDER_LOCK_FILE,
      line,
      column: 1,
    });
    expect(a.ok && a.diff.features).toBe(false);
  });

  it('names the crate whose requirement the older lock does not meet', async () => {
    const older = edit(olderLock, 'name = "base64"\nversion = "0.13.1"', 'name = "base64"\nversion = "0.11.0"');
    const a = await compare(older);
    const e = problem(a).error;
    expect(e.message).toBe(
      'the older Cargo.lock does not match the manifests: `reqwest@0.10.10` needs `base64 ^0.13` (declared as `base64`) but the lock has no such entry for it',
    );
    expect(e).toMatchObject({ file: OLDER_LOCK_FILE, crate: 'reqwest@0.10.10', line: older.split('\n').indexOf('name = "reqwest"') });
  });

  it('offline: a snapshot without the older lock’s metadata and no registry names the first crate it could not get, at its line', async () => {
    // What a share link made before the older lock was compared gives a reader without network.
    const recording = new RecordingSource(registry());
    const inputs = parseInputs(files);
    await buildModel(inputs, await loadSummaries(inputs, { source: recording }));
    const origin = await unreachableOrigin();
    const offline = new NetworkSource({ indexBase: `${origin}/index/`, downloadBase: `${origin}/crates`, retries: 0 });
    const a = await compare(olderLock, new LayeredSource(new MemorySource(recording.snapshot()), offline));
    const e = problem(a).error;
    expect(e.message).toMatch(/^the older Cargo\.lock does not resolve against the current manifests: .*could not reach/);
    // The crate it names is one the current lock does not have, at its own line in the older lock.
    const [name, version] = e.crate!.split('@') as [string, string];
    expect(lockDiff(olderLock, { lock: currentLock, cargoNix: undefined }).changes.some((c) => c.name === name && c.from === version)).toBe(true);
    const header = olderLock.slice(0, olderLock.indexOf(`name = "${name}"\nversion = "${version}"`)).split('\n').length - 1; // 1-based: the line above the name
    expect(e).toMatchObject({ file: OLDER_LOCK_FILE, line: header });
    expect(a.ok && a.diff.features).toBe(false);
  });

  it('answers a broken older lock with the parser’s located error, as the lock-only diff does', async () => {
    const olders = new OlderLocks();
    olders.setRun({ files, source: registry() });
    const a = await resolvedLockDiff({ lockText: currentLock, cargoNix: () => undefined }, olders, '[[package]]\nname = "a"\nversion = = "1"\n');
    expect(a).toMatchObject({ ok: false, error: { file: OLDER_LOCK_FILE, line: 3 } });
  });
});

/** A registry that holds back one crate, the first time it is asked for, until released: a resolution can be cancelled mid-way. */
class HeldSource implements MetadataSource {
  asked = 0;
  private release: (() => void) | undefined;
  readonly reached: Promise<void>;
  private reach!: () => void;
  constructor(
    private readonly inner: MetadataSource,
    private readonly held: string,
  ) {
    this.reached = new Promise((r) => (this.reach = r));
  }
  async registryCrate(id: PackageId): Promise<RegistryCrate> {
    this.asked++;
    if (`${id.name}@${id.version}` === this.held && this.release === undefined) {
      this.reach();
      await new Promise<void>((r) => (this.release = r));
    }
    return this.inner.registryCrate(id);
  }
  gitManifest(id: PackageId): Promise<string> {
    return this.inner.gitManifest(id);
  }
  releaseHeld(): void {
    this.release?.();
  }
}

describe('resolving an older lock: cancel, progress, share links', () => {
  it('is cancelled mid-way: the lock-only diff, marked cancelled; asked again it resolves', async () => {
    const held = new HeldSource(registry(), 'tempfile@3.8.0');
    const olders = new OlderLocks();
    const currentNix = await generateCargoNix(files, { source: registry() });
    olders.setRun({ files, source: held });
    const progress: number[] = [];
    const answer = resolvedLockDiff({ lockText: currentLock, cargoNix: () => currentNix }, olders, olderLock, (p) => progress.push(p.done));
    await held.reached;
    olders.cancel();
    // Answered while the held crate is still in flight.
    const a = await answer;
    held.releaseHeld();
    expect(problem(a!)).toMatchObject({ cancelled: true });
    expect(a!.ok && a!.diff.features).toBe(false);
    expect(progress[0]).toBe(0);
    // Nothing was kept from the cancelled resolution.
    const again = await resolvedLockDiff({ lockText: currentLock, cargoNix: () => currentNix }, olders, olderLock);
    expect(resolved(again!).olderCargoNix).toBe(olderGoldenNix);
  });

  it('counts progress up to every registry crate of the older lock', async () => {
    const olders = new OlderLocks();
    const currentNix = await generateCargoNix(files, { source: registry() });
    olders.setRun({ files, source: registry() });
    const seen: { done: number; total: number }[] = [];
    await resolvedLockDiff({ lockText: currentLock, cargoNix: () => currentNix }, olders, olderLock, (p) => seen.push(p));
    const registryCrates = parseInputs(new Map([...files, ['Cargo.lock', olderLock]])).lock.packages.filter(
      (p) => p.id.source.kind !== 'path',
    ).length;
    expect(seen.at(-1)).toMatchObject({ done: registryCrates, total: registryCrates });
  });

  it('records the older lock’s metadata in a share link’s snapshot, which alone gives the same diff', async () => {
    // The writer: the run and the older lock both read through the run's recording.
    const recording = new RecordingSource(registry());
    const inputs = parseInputs(files);
    await buildModel(inputs, await loadSummaries(inputs, { source: recording }));
    const writer = await compare(olderLock, recording);
    const snapshot = recording.snapshot();
    expect(snapshot.index['tempfile']!.map((e) => e.vers).sort()).toEqual(['3.18.0', '3.8.0']);
    // The reader: nothing but the snapshot.
    const reader = await compare(olderLock, new MemorySource(snapshot));
    expect(reader).toEqual(writer);
  });

  it('answers through the insight queries, from the state’s lock and Cargo.nix', async () => {
    const state = new InsightState();
    const source = registry();
    const inputs = parseInputs(files);
    state.set(await buildModel(inputs, await loadSummaries(inputs, { source })), currentLock);
    const olders = new OlderLocks();
    olders.setRun({ files, source } satisfies RunContext);
    const q = insightQueries(state, olders);
    const a = await q.resolvedLockDiff(olderLock);
    expect(resolved(a!).currentCargoNix).toBe(state.cargoNix());
    expect(a!.ok && change(a!.diff, 'tempfile').featuresAdded).toEqual(['default', 'getrandom']);
    state.set(undefined);
    expect(await q.resolvedLockDiff(olderLock)).toBeUndefined();
  });
});
