// The model says what cargo says, in cargo's terms: sources as source ids with
// what the lock pins, where path packages live, lib names, profiles as parsed
// values and activation conditions as the resolver found them. No cargo2nix
// spelling (registry strings, profile text) belongs here.
import { describe, expect, it } from 'vitest';
import type { ResolvedCrate } from '../../worker/model/model.ts';
import { model, sum } from '../support/engine.ts';
import { SCENARIOS } from '../support/scenarios.ts';

const scenario = (name: string) => {
  const s = SCENARIOS.find((x) => x.name === name)!;
  return model(s.files, s.snapshot);
};

const sources = await scenario('workspace-sources');
const byName = (name: string): ResolvedCrate => sources.crates.find((c) => c.id.name === name)!;
const rev = (c: string) => c.repeat(40).slice(0, 40);

describe('crate sources', () => {
  it('gives registries their index url and protocol, and the locked checksum', () => {
    expect(byName('quick').source).toEqual({
      kind: 'registry',
      url: 'https://github.com/rust-lang/crates.io-index',
      protocol: 'git',
      cratesIo: true,
      checksum: sum('3'),
    });
    expect(byName('corp').source).toEqual({
      kind: 'registry',
      url: 'https://corp.example.com/index',
      protocol: 'git',
      cratesIo: false,
      checksum: sum('1'),
    });
    expect(byName('sparsey').source).toEqual({
      kind: 'registry',
      url: 'https://sparse.corp.example.com/',
      protocol: 'sparse',
      cratesIo: false,
      checksum: sum('4'),
    });
  });

  it('gives git crates the reference asked for and the commit locked', () => {
    expect(byName('branchy').source).toEqual({
      kind: 'git',
      url: 'https://example.com/branchy',
      reference: { kind: 'branch', value: 'release/1.x' },
      rev: rev('c'),
    });
    expect(byName('tagged').source).toEqual({
      kind: 'git',
      url: 'https://example.com/tagged.git',
      reference: { kind: 'tag', value: 'v1.0.0' },
      rev: rev('e'),
    });
    expect(byName('pinned').source).toMatchObject({ kind: 'git', url: 'https://example.com/pinned', reference: { kind: 'rev', value: '0123abc' } });
  });

  it('gives path packages their directory relative to the workspace root', () => {
    expect(byName('cli').source).toEqual({ kind: 'path', path: 'crates/cli' });
    expect(byName('shared').source).toEqual({ kind: 'path', path: 'crates/shared' });
    expect(sources.members.map((m) => [m.name, m.path])).toEqual([
      ['cli', 'crates/cli'],
      ['shared', 'crates/shared'],
    ]);
  });

  it('carries no backend spelling of the source', () => {
    for (const c of sources.crates) expect(Object.keys(c)).not.toContain('registry');
  });
});

describe('crates', () => {
  it('name the lib target as rustc sees it', () => {
    expect(byName('shared').libName).toBe('shared_core');
    expect(byName('derive-helper').libName).toBe('derive_helper');
    expect(byName('derive-helper').procMacro).toBe(true);
  });

  it('keep edges with kinds and extern names', () => {
    const cli = byName('cli');
    expect(cli.dependencies.map((d) => [d.id.name, d.kind, d.externName])).toContainEqual(['derive-helper', 'dev', 'derive_helper']);
    expect(cli.dependencies.map((d) => [d.id.name, d.kind, d.externName])).toContainEqual(['shared', 'normal', 'shared_core']);
  });
});

describe('profiles', () => {
  it('are the parsed [profile] values, integers as bigint', () => {
    expect([...sources.profiles.keys()]).toEqual(['release', 'dev']);
    expect(sources.profiles.get('release')).toEqual({ lto: 'thin', package: { quick: { 'opt-level': 3n } } });
    expect(sources.profiles.get('dev')).toEqual({ debug: 1n });
  });
});

describe('activation conditions', () => {
  it('list the member features under which the resolver turns an edge or a feature on', async () => {
    const ws = await scenario('root-features');
    const app = ws.crates.find((c) => c.member)!;
    const quick = app.dependencies.find((d) => d.id.name === 'quick')!;
    expect(quick.activation).toEqual({
      kind: 'memberFeatures',
      anyOf: [
        { member: 'app', feature: 'default' },
        { member: 'app', feature: 'fast' },
        { member: 'app', feature: 'tls' },
      ],
    });
    expect(app.features.find((f) => f.name === 'tls')!.activation).toEqual({ kind: 'memberFeatures', anyOf: [{ member: 'app', feature: 'tls' }] });
  });
});
