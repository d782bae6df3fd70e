// The difference between two platforms' builds, held to real cargo2nix evaluation: cargo2nix's own
// workspace builds 336 crates on x86_64-linux and 334 on aarch64-darwin (real-eval, see
// comparison.test.ts), and the crates that differ are the platforms' keyrings and system bindings.
import { describe, expect, it } from 'vitest';
import { PLATFORM_PRESETS, platformBuild } from '../../worker/views/platform-build.ts';
import { platformDiff, type DiffCrate } from '../../worker/views/platform-diff.ts';
import { InsightState, MAX_CHAIN_LIMIT, insightQueries } from '../../worker/browser/insight-api.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const names = (list: readonly DiffCrate[]) => list.map((c) => `${c.name}@${c.version}`);

describe('platform diff', () => {
  it('cargo2nix-self: x86_64-linux against aarch64-darwin, sizes as real evaluation gives them', async () => {
    const { ws } = await backendCase('crates-io/cargo2nix-self');
    const d = platformDiff(platformBuild(ws, PLATFORM_PRESETS['x86_64-linux']), platformBuild(ws, PLATFORM_PRESETS['aarch64-darwin']));
    expect(names(d.onlyA)).toEqual([
      'cargo-credential-libsecret@0.4.11',
      'dbus@0.9.7',
      'libdbus-sys@0.2.5',
      'libloading@0.8.6',
      'linux-raw-sys@0.4.15',
      'linux-raw-sys@0.9.2',
      'openssl-probe@0.1.6',
    ]);
    expect(names(d.onlyB)).toEqual([
      'cargo-credential-macos-keychain@0.4.11',
      'core-foundation@0.10.0',
      'core-foundation-sys@0.8.7',
      'security-framework@3.2.0',
      'security-framework-sys@2.14.0',
    ]);
    expect(d.common + d.onlyA.length).toBe(336);
    expect(d.common + d.onlyB.length).toBe(334);
    // Cargo.nix turns features on by root feature, never by platform.
    expect(d.features).toEqual([]);
  });

  it('bigger-project: OpenSSL on Linux, schannel and winapi on Windows', async () => {
    const { ws } = await backendCase('crates-io/bigger-project');
    const d = platformDiff(platformBuild(ws, PLATFORM_PRESETS['x86_64-linux']), platformBuild(ws, PLATFORM_PRESETS['x86_64-windows-gnu']));
    expect(names(d.onlyA)).toContain('openssl-sys@0.9.93');
    expect(names(d.onlyA)).not.toContain('schannel@0.1.22');
    expect(names(d.onlyB)).toEqual(expect.arrayContaining(['schannel@0.1.22', 'winapi@0.3.9', 'windows-sys@0.48.0']));
    expect(d.onlyA).toHaveLength(11);
    expect(d.onlyB).toHaveLength(11);
  });

  it('reports features that differ when the two builds have different root features', async () => {
    const s = scenario('root-features');
    const ws = await model(s.files, s.snapshot);
    const linux = PLATFORM_PRESETS['x86_64-linux'];
    const d = platformDiff(platformBuild(ws, linux, { rootFeatures: ['app/tls'] }), platformBuild(ws, linux, { rootFeatures: ['app/fast'] }));
    expect(names(d.onlyA)).toEqual(['net@2.0.1']);
    expect(d.onlyB).toEqual([]);
    expect(d.features).toEqual([{ key: d.features[0]!.key, name: 'app', version: '0.1.0', onlyA: ['net', 'tls'], onlyB: ['fast'] }]);
  });

  it('the worker API answers the same, from the last model only', async () => {
    const state = new InsightState();
    const q = insightQueries(state);
    expect(q.planDiff('x86_64-linux', 'aarch64-darwin')).toBeUndefined();
    state.set((await backendCase('crates-io/cargo2nix-self')).ws);
    const d = q.planDiff('x86_64-linux', 'aarch64-darwin')!;
    expect([d.a.config, d.b.config, d.common, d.onlyA.length, d.onlyB.length]).toEqual([
      'x86_64-unknown-linux-gnu',
      'aarch64-apple-darwin',
      329,
      7,
      5,
    ]);
    expect(q.plan('aarch64-darwin')!.crates).toHaveLength(334);
    expect(() => q.plan('x86_64-plan9' as 'x86_64-linux')).toThrow('unknown platform x86_64-plan9');
    // A limit from a link is capped at MAX_CHAIN_LIMIT chains (unicode-ident has tens of thousands).
    const why = q.why('unicode-ident', undefined, 1e9);
    expect(why?.ok && why.chains.length).toBe(MAX_CHAIN_LIMIT);
    state.set(undefined);
    expect(q.plan('x86_64-linux')).toBeUndefined();
  });
});
