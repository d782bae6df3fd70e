// Real Nix on every Cargo.nix: cargo2nix's own (the golden fixtures) and
// ours (golden cases and hand-written scenarios). Each must parse, and
// evaluate as makePackageSet would call it — with its lock hash checked —
// on every preset platform and several rootFeatures; the crates a build
// reaches, their features, dependency edges and sources must be what the
// TypeScript view (worker/views/platform-build.ts) says.
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { crateKey } from '../../worker/render/cargo2nix/package-set.ts';
import {
  PLATFORM_PRESET_NAMES,
  PLATFORM_PRESETS,
  platformBuild,
  type PlatformBuildOptions,
  type PlatformPresetName,
} from '../../worker/views/platform-build.ts';
import { nixCases, type NixCase } from './cases.ts';
import { lock, lockPackage, generate } from '../support/engine.ts';
import { evalHarness, nixInstantiate, nixPath, parseNix, removeDirs, timingSummary, writeDir } from './nix.ts';

interface NixEdge {
  readonly name: string;
  readonly kind: string;
  readonly crate: string;
  readonly packageSet: string;
}

interface NixCrate {
  readonly features: readonly string[];
  readonly dependencies: readonly NixEdge[];
  readonly src: Record<string, string>;
}

interface RunResult {
  readonly cargo2nixVersion: string;
  readonly crates: Record<string, NixCrate>;
}

interface Run extends PlatformBuildOptions {
  readonly platform: PlatformPresetName;
  readonly release?: boolean;
}

function runsFor(ws: ResolvedWorkspace): Run[] {
  const all = ws.members.flatMap((m) => m.features.map((f) => `${m.name}/${f}`));
  const bare = ws.members.map((m) => m.name);
  const runs: Run[] = [];
  for (const platform of PLATFORM_PRESET_NAMES) runs.push({ platform }, { platform, rootFeatures: all }, { platform, rootFeatures: bare });
  runs.push(
    { platform: 'x86_64-linux', hostPlatformCpu: 'native', hostPlatformFeatures: ['aes', 'crt-static'] },
    { platform: 'x86_64-linux', target: 'x86_64-fortanix-unknown-sgx' },
    { platform: 'aarch64-darwin', release: false },
  );
  return runs;
}

const byEdge = (a: NixEdge, b: NixEdge) => (a.kind + '\0' + a.name < b.kind + '\0' + b.name ? -1 : 1);

function normalise(crates: Record<string, NixCrate>): Record<string, NixCrate> {
  const out: Record<string, NixCrate> = {};
  for (const key of Object.keys(crates).sort()) {
    const c = crates[key]!;
    out[key] = { features: [...c.features].sort(), dependencies: [...c.dependencies].sort(byEdge), src: c.src };
  }
  return out;
}

/** What the Nix harness should report for one run, from the TypeScript view. */
function expected(ws: ResolvedWorkspace, run: Run, workspaceSrc: string): Record<string, NixCrate> {
  const build = platformBuild(ws, PLATFORM_PRESETS[run.platform], run);
  expect(build.problems).toEqual([]);
  const out: Record<string, NixCrate> = {};
  for (const p of build.crates) {
    const s = p.crate.source;
    const src: Record<string, string> =
      s.kind === 'registry'
        ? { fetcher: 'crates-io', name: p.crate.id.name, version: p.crate.id.version, sha256: s.checksum }
        : s.kind === 'git'
          ? {
              fetcher: 'git',
              url: s.url,
              name: p.crate.id.name,
              version: p.crate.id.version,
              rev: s.rev,
              ref: s.reference.kind === 'branch' ? s.reference.value : 'HEAD',
            }
          : { fetcher: 'local', path: workspaceSrc };
    out[p.key] = {
      features: p.features,
      dependencies: p.dependencies.map((e) => ({ name: e.name, kind: e.kind, crate: e.crate, packageSet: e.packageSet })),
      src,
    };
  }
  return normalise(out);
}

async function evaluate(c: NixCase, cargoNixPath: string, workspaceSrc: string, what: string): Promise<void> {
  await parseNix([cargoNixPath], `parse ${what}`);
  const runs = runsFor(c.ws);
  const results = await evalHarness<RunResult[]>(
    'eval-cargo-nix.nix',
    { cargoNix: nixPath(cargoNixPath), workspaceSrc: nixPath(workspaceSrc) },
    { runs: JSON.stringify(runs) },
    `eval ${what}`,
  );
  expect(results).toHaveLength(runs.length);
  results.forEach((r, i) => {
    const run = runs[i]!;
    expect(r.cargo2nixVersion).toBe('0.12.0');
    const actual = normalise(r.crates);
    // Every member is built, and every edge points at a crate of the closure.
    for (const m of c.ws.members) expect(actual[`unknown ${m.name} ${m.version}`], `${m.name} on ${run.platform}`).toBeDefined();
    for (const crate of Object.values(actual))
      for (const e of crate.dependencies) expect(actual[e.crate], `${e.crate} on ${run.platform}`).toBeDefined();
    expect({ run, crates: actual }).toEqual({ run, crates: expected(c.ws, run, workspaceSrc) });
  });
}

/** `<registry> <name> <version>` of every crate attribute a Cargo.nix defines, by evaluating only its attribute names. */
async function packageSetKeys(cargoNixPath: string, workspaceSrc: string, what: string): Promise<string[]> {
  const expr =
    `(import ./package-set.nix { packageFun = import ${nixPath(cargoNixPath)}; hostPlatform = (import ./platforms.nix).x86_64-linux; ` +
    `workspaceSrc = ${nixPath(workspaceSrc)}; }).crateKeys`;
  return JSON.parse(await nixInstantiate(['--eval', '--strict', '--json', '--expr', expr], `crate keys of ${what}`)) as string[];
}

const cases = await nixCases();

describe('Nix toolchain', () => {
  it('has nix-instantiate (Debian nix-bin)', async () => {
    expect(await nixInstantiate(['--version'], 'version')).toMatch(/nix-instantiate \(Nix\) 2\./);
  });

  it('describes the preset platforms in platforms.nix as worker/views/platform-build.ts does', async () => {
    const nix = await evalHarness<Record<string, Record<string, unknown>>>('platforms.nix', {}, {}, 'platforms.nix');
    expect(Object.keys(nix).sort()).toEqual([...PLATFORM_PRESET_NAMES].sort());
    for (const name of PLATFORM_PRESET_NAMES) {
      const n = nix[name]!;
      const kernel = n.parsed as { kernel: { name: string } };
      const picked = {
        system: n.system,
        config: n.config,
        parsed: { ...(n.parsed as object), kernel: { name: kernel.kernel.name } },
        isUnix: n.isUnix,
        isWindows: n.isWindows,
        isDarwin: n.isDarwin,
        isLinux: n.isLinux,
        libc: n.libc,
        cargo2nix: n.cargo2nix,
      };
      expect(picked, name).toEqual(PLATFORM_PRESETS[name]);
    }
  });
});

describe('Cargo.nix under real Nix', () => {
  it('has golden and hand-written cases', () => {
    expect(cases.filter((c) => c.golden).length).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => !c.golden).length).toBeGreaterThanOrEqual(5);
  });

  for (const c of cases) {
    if (c.golden) {
      const g = c.golden;
      it(`${c.label}: cargo2nix's Cargo.nix evaluates to the TypeScript view`, async () => {
        await evaluate(c, g.expectedPath, g.dir, `${c.label} (expected)`);
      });

      // Every key the view and the harness use must name a crate cargo2nix really defines, and the other way round.
      it(`${c.label}: cargo2nix's package set defines exactly the model's crates, at their crateKey`, async () => {
        const defined = await packageSetKeys(g.expectedPath, g.dir, c.label);
        expect(defined.length).toBeGreaterThan(0);
        expect([...defined].sort()).toEqual(c.ws.crates.map((x) => crateKey(x.id)).sort());
      });
    }
    it(`${c.label}: our Cargo.nix evaluates to the TypeScript view`, async () => {
      const dir = writeDir(c.label, { 'Cargo.nix': c.cargoNix, 'Cargo.lock': c.cargoLock });
      await evaluate(c, `${dir}/Cargo.nix`, dir, `${c.label} (ours)`);
    });
  }

  it('refuses a Cargo.nix whose lock hash does not match Cargo.lock', async () => {
    const c = cases[0]!;
    const dir = writeDir('stale-lock', { 'Cargo.nix': c.cargoNix, 'Cargo.lock': `${c.cargoLock}\n# edited\n` });
    await expect(
      evalHarness(
        'eval-cargo-nix.nix',
        { cargoNix: nixPath(`${dir}/Cargo.nix`), workspaceSrc: nixPath(dir) },
        { runs: '[{"platform":"x86_64-linux"}]' },
        'stale lock',
      ),
    ).rejects.toThrow(/out of sync with Cargo.lock/);
  });

  // cargo2nix 0.12.0 writes crate names as bare attribute names, so one that
  // is a Nix keyword (cargo allows `with`, `rec`, `inherit`, `assert`,
  // `then`) gives a file Nix cannot read; byte-identical output keeps that.
  it('cannot parse a Cargo.nix whose member is named like a Nix keyword, as with cargo2nix 0.12.0', async () => {
    const nix = await generate(
      { 'Cargo.toml': '[package]\nname = "with"\nversion = "0.1.0"\n', 'Cargo.lock': lock(3, lockPackage('with', '0.1.0')) },
      { index: {} },
    );
    const dir = writeDir('keyword-member', { 'Cargo.nix': nix });
    await expect(parseNix([`${dir}/Cargo.nix`], 'keyword member')).rejects.toThrow(/unexpected WITH/);
  });
});

afterAll(() => {
  removeDirs();
  console.log(timingSummary('Cargo.nix evaluation'));
});
