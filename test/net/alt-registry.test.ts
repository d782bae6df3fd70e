// An alternative sparse registry next to crates.io, both fake servers on
// 127.0.0.1: its index is the URL in Cargo.lock, its `config.json` (read once
// per run) says where its `.crate` files are, and what goes wrong with it
// (no config.json, a broken one, a host the browser cannot read, a registry
// on the git index protocol) ends in an error naming the registry. Expected
// Cargo.nix text is derived by reasoning from cargo2nix 0.12.0's template
// (alternative-registry crates use fetchCratesIo with the lock's checksum).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { packageId } from '../../worker/core/package-id.ts';
import { parseSourceId } from '../../worker/core/source-id.ts';
import { indexPath } from '../../worker/metadata/index-path.ts';
import { checkNetworkSupport, NetworkSource, type NetworkSourceOptions } from '../../worker/metadata/net/network-source.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { CRATES_IO, crateBlock, files, lock, lockPackage, sum } from '../support/engine.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { FIXTURES } from '../support/golden.ts';
import { failure } from '../support/failure.ts';

const CFG_IF_SUM = 'baf1de4339761588bc0619e3cbc0120ee582ebb74b53b4efbf79117bd2da40fd';
let altDir = '';
let cratesIo: FakeRegistry;
/** `dl` a template with markers. */
let templated: FakeRegistry;
/** `dl` a plain base: cargo adds `/{crate}/{version}/download`. */
let plain: FakeRegistry;

function indexLine(name: string, vers: string, checksum: string, features: Record<string, string[]>): string {
  return JSON.stringify({ name, vers, deps: [], cksum: checksum, features, yanked: false });
}

beforeAll(async () => {
  altDir = mkdtempSync(join(tmpdir(), 'alt-registry-'));
  for (const [name, line] of [
    ['corp-util', indexLine('corp-util', '1.2.0', sum('7'), { extra: [], default: [] })],
    ['corp-base', indexLine('corp-base', '0.3.0', sum('8'), {})],
  ] as const) {
    const file = join(altDir, 'index', indexPath(name));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${line}\n`);
  }
  // A lib name other than the default: it can only come from the `.crate` the alternative registry served.
  writeFileSync(join(altDir, 'crate-facts.json'), JSON.stringify({ 'corp-util@1.2.0': { libName: 'corp_utils', procMacro: false } }));
  cratesIo = await startFakeRegistry([join(FIXTURES, 'crates-io', 'registry')]);
  templated = await startFakeRegistry([altDir], { config: (origin) => ({ dl: `${origin}/crates/{crate}/{crate}-{version}.crate`, api: origin }) });
  plain = await startFakeRegistry([altDir], { config: (origin) => ({ dl: `${origin}/crates/` }) });
});
afterAll(async () => {
  for (const r of [cratesIo, templated, plain]) await r?.close();
  rmSync(altDir, { recursive: true, force: true });
});
afterEach(() => {
  for (const r of [cratesIo, templated, plain]) {
    r.clearFaults();
    r.resetCounters();
  }
});

const sparseUrl = (reg: FakeRegistry) => `sparse+${reg.indexBase}/`;

function workspace(reg: FakeRegistry): Map<string, string> {
  return files({
    'Cargo.toml': `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ncfg-if = "1"\ncorp-util = { version = "1.2", registry = "corp", features = ["extra"] }\ncorp-base = { version = "0.3", registry = "corp" }\n`,
    'Cargo.lock': lock(
      3,
      lockPackage('app', '0.1.0', { deps: ['cfg-if', 'corp-base', 'corp-util'] }),
      lockPackage('cfg-if', '1.0.0', { source: CRATES_IO, checksum: CFG_IF_SUM }),
      lockPackage('corp-base', '0.3.0', { source: sparseUrl(reg), checksum: sum('8') }),
      lockPackage('corp-util', '1.2.0', { source: sparseUrl(reg), checksum: sum('7') }),
    ),
  });
}

function sourceFor(more: NetworkSourceOptions = {}): NetworkSource {
  return new NetworkSource({ indexBase: cratesIo.indexBase, downloadBase: cratesIo.downloadBase, retryDelayMs: 1, maxRetryDelayMs: 2, ...more });
}

const corpUtil = (reg: FakeRegistry) => packageId('corp-util', '1.2.0', parseSourceId(sparseUrl(reg)));

describe('an alternative sparse registry', () => {
  it('generates Cargo.nix from crates.io and the registry together, reading its config.json once', async () => {
    const source = sourceFor();
    const nix = await generateCargoNix(workspace(templated), { source });
    const alt = sparseUrl(templated);
    expect(crateBlock(nix, 'app', '0.1.0')).toContain(`    dependencies = {
      cfg_if = (rustPackages."${CRATES_IO}".cfg-if."1.0.0" { inherit profileName; }).out;
      corp_base = (rustPackages."${alt}".corp-base."0.3.0" { inherit profileName; }).out;
      corp_utils = (rustPackages."${alt}".corp-util."1.2.0" { inherit profileName; }).out;
    };`);
    expect(crateBlock(nix, 'corp-util', '1.2.0')).toBe(`  "${alt}".corp-util."1.2.0" = overridableMkRustCrate (profileName: rec {
    name = "corp-util";
    version = "1.2.0";
    registry = "${alt}";
    src = fetchCratesIo { inherit name version; sha256 = "${sum('7')}"; };
    features = builtins.concatLists [
      [ "default" ]
      [ "extra" ]
    ];
  });`);
    expect(crateBlock(nix, 'corp-base', '0.3.0')).toContain(
      `    registry = "${alt}";\n    src = fetchCratesIo { inherit name version; sha256 = "${sum('8')}"; };`,
    );

    expect(templated.requests.get('/index/config.json')).toBe(1);
    expect(templated.requests.get(`/index/${indexPath('corp-util')}`)).toBe(1);
    expect(templated.requests.get('/crates/corp-util/corp-util-1.2.0.crate')).toBe(1);
    expect(templated.requests.get('/crates/corp-base/corp-base-0.3.0.crate')).toBe(1);
    expect(templated.requestCount()).toBe(5);
    expect(cratesIo.requestCount()).toBe(2);
    expect(source.stats).toMatchObject({ fetched: 3, requests: 7, retries: 0 });
    expect(() => checkNetworkSupport(workspace(templated).get('Cargo.lock')!)).not.toThrow();
  });

  it('adds /{crate}/{version}/download to a dl without markers', async () => {
    const got = await sourceFor().registryCrate(corpUtil(plain));
    expect(got.facts).toEqual({ libName: 'corp_utils', procMacro: false });
    expect(got.entry.features).toEqual({ extra: [], default: [] });
    expect(plain.requests.get('/crates/corp-util/1.2.0/download')).toBe(1);
  });

  it('a missing config.json is an error naming the registry', async () => {
    templated.setFault('/index/config.json', { kind: 'status', status: 404 });
    const e = await failure(generateCargoNix(workspace(templated), { source: sourceFor() }));
    expect(e).toBeInstanceOf(GeneratorError);
    expect(e.message).toContain(`the registry ${sparseUrl(templated)} has no config.json (127.0.0.1:`);
    expect(e.location).toMatchObject({ file: 'config.json' });
    expect(e.location.crate).toMatch(/^corp-(util@1\.2\.0|base@0\.3\.0)$/);
    expect(templated.requestCount(/\.crate$/)).toBe(0);
  });

  it('a config.json that is not JSON, or has no dl, is an error naming the registry', async () => {
    templated.setFault('/index/config.json', { kind: 'body', body: '<html>login</html>', times: 1 });
    const e = await failure(sourceFor().registryCrate(corpUtil(templated)));
    expect(e.message).toMatch(
      new RegExp(`^the config\\.json of the registry ${escape(sparseUrl(templated))} \\(from 127\\.0\\.0\\.1:\\d+\\) is not valid: not JSON`),
    );
    expect(e.location).toEqual({ file: 'config.json', crate: 'corp-util@1.2.0' });

    templated.setFault('/index/config.json', { kind: 'body', body: '{"api":"https://example.org"}', times: 1 });
    const e2 = await failure(sourceFor().registryCrate(corpUtil(templated)));
    expect(e2.message).toContain('is not valid: no `dl` string');
  });

  it('a registry that requires a token is refused, named', async () => {
    templated.setFault('/index/config.json', { kind: 'body', body: `{"dl":"${templated.origin}/crates","auth-required":true}`, times: 1 });
    const e = await failure(sourceFor().registryCrate(corpUtil(templated)));
    expect(e.message).toBe(
      `the registry ${sparseUrl(templated)} requires a token, which this generator does not send: generate Cargo.nix with the command line and a registry folder`,
    );
    expect(templated.requestCount(/\.crate$/)).toBe(0);
  });

  it('a host the browser cannot read (fetch throws "Failed to fetch") gets an error about CORS naming the registry', async () => {
    const alt = new URL(templated.origin).host;
    const source = sourceFor({
      retries: 1,
      fetch: (url, init) => (new URL(url).host === alt ? Promise.reject(new TypeError('Failed to fetch')) : globalThis.fetch(url, init)),
    });
    const e = await failure(generateCargoNix(workspace(templated), { source }));
    expect(e.message).toContain(`could not reach the registry ${sparseUrl(templated)} (Failed to fetch; 2 attempts)`);
    expect(e.message).toContain('does not send CORS headers');
    expect(e.message).toContain('--registry <dir>');
    expect(e.location.crate).toMatch(/^corp-/);
  });

  it('a registry on the git index protocol is refused up front and when asked for, named', async () => {
    const text = lock(
      3,
      lockPackage('corp', '1.0.0', { source: 'registry+https://corp.example.com/index', checksum: sum('c') }),
      lockPackage('other', '2.0.0', { source: 'registry+https://corp.example.com/index', checksum: sum('d') }),
    );
    expect(() => checkNetworkSupport(text)).toThrow(
      /^`corp@1\.0\.0`, `other@2\.0\.0` come from the registry registry\+https:\/\/corp\.example\.com\/index, on the git index protocol/,
    );
    const e = await failure(sourceFor().registryCrate(packageId('corp', '1.0.0', parseSourceId('registry+https://corp.example.com/index'))));
    expect(e.message).toContain('registry+https://corp.example.com/index');
    expect(e.location.crate).toBe('corp@1.0.0');
    expect(cratesIo.requestCount() + templated.requestCount()).toBe(0);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
