// Real Nix on every generated flake.nix: it must parse, and its `outputs`,
// called with stand-in inputs (test/nix/stub-*.nix: a cargo2nix overlay whose
// makePackageSet builds the recording package set, flake-utils, a nixpkgs of
// placeholders), must give each default system the packages, apps and dev
// shell the options ask for, built on the right platform with the right
// features, with the system-library overrides in place.
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { PLATFORM_PRESETS, platformBuild, type NixPlatform, type PlatformBuild } from '../../worker/views/platform-build.ts';
import { renderFlakeNix } from '../../worker/render/cargo2nix/flake-nix.ts';
import { decideFlake, flakeApps, type FlakeOptions } from '../../worker/render/cargo2nix/flake-options.ts';
import { SYS_RULES, type SysRule } from '../../worker/render/sys-overrides.ts';
import { nixCases, type NixCase } from './cases.ts';
import { evalHarness, nixPath, parseNix, removeDirs, timingSummary, writeDir } from './nix.ts';

interface PackageSummary {
  readonly key: string;
  readonly packageSet: string;
  readonly hostConfig: string;
  readonly features: readonly string[];
  readonly packageSetArgs: {
    readonly rustVersion: string;
    readonly release: boolean | null;
    readonly rootFeatures: readonly string[] | null;
    readonly target: string | null;
  };
  readonly crateArgs: { readonly release: boolean; readonly target: string | null };
  readonly path: string;
  readonly crates: readonly string[];
}

interface FlakeSummary {
  readonly description: string | null;
  readonly inputs: Record<string, { url?: string; follows?: string; inputs?: Record<string, { follows: string }> }>;
  readonly systems: Record<
    string,
    {
      readonly packages: Record<string, PackageSummary>;
      readonly apps: Record<string, { type: string; program: string }>;
      readonly devShells: Record<string, { packages: string[]; inputsFrom: string[] }>;
      readonly overridden: { crate: string; packageSet: string; inputs: string[] }[];
    }
  >;
}

const DEFAULT_SYSTEMS = ['aarch64-darwin', 'aarch64-linux', 'x86_64-darwin', 'x86_64-linux'] as const;

function presetByConfig(config: string): NixPlatform {
  const p = Object.values(PLATFORM_PRESETS).find((x) => x.config === config);
  if (!p) throw new Error(`no preset platform with config ${config}`);
  return p;
}

/** The placeholder stub-nixpkgs.nix gives for a `pkgs` attribute path. */
function stubName(path: string): string {
  const parts = path.split('.');
  const last = parts[parts.length - 1]!;
  return path.startsWith('darwin.apple_sdk.frameworks.') ? `framework-${last}` : last;
}

function expectedInputs(crate: string, rule: SysRule): string[] {
  return [
    ...(rule.libraries ?? []).map(stubName),
    ...(rule.env && rule.env.length > 0 ? [`${crate}-propagate-env`] : []),
    ...(rule.tools ?? []).map(stubName),
  ];
}

const VARIANTS: Record<string, readonly FlakeOptions[]> = {
  'crates-io/bigger-project': [{ extraTargets: ['x86_64-unknown-linux-musl'] }],
  'scenario/cfg-matrix': [{ extraTargets: ['x86_64-pc-windows-gnu', 'wasm32-wasip1', 'x86_64-unknown-linux-musl'], rootFeatures: ['matrix/winopt'] }],
  // Rust newer than cargo2nix's pinned rust-overlay, on a ref other than the default.
  'scenario/root-features': [{ rootFeatures: ['app/tls'], cargo2nixRef: 'main', rustVersion: '1.88' }],
  'scenario/workspace-sources': [{ rustVersion: '1.88' }, { cargo2nixRef: 'v0.12.0', rustVersion: '1.80.1', extraTargets: ['wasm32-wasip1'] }],
  'scenario/sys-crates': [
    {
      extraTargets: ['x86_64-unknown-linux-musl', 'x86_64-pc-windows-gnu', 'wasm32-wasip1', 'aarch64-unknown-linux-gnu'],
      rootFeatures: ['app/bundled', 'tool'],
      release: false,
    },
  ],
};

/** Keys of the crates a build of `from` reaches in a plan. */
function reachable(plan: PlatformBuild, from: string): Set<string> {
  const byKey = new Map(plan.crates.map((c) => [c.key, c]));
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const e of byKey.get(key)?.dependencies ?? []) walk(e.crate);
  };
  walk(from);
  return seen;
}

function memberKey(ws: ResolvedWorkspace, name: string): string {
  const m = ws.members.find((x) => x.name === name)!;
  return `unknown ${m.name} ${m.version}`;
}

async function checkFlake(c: NixCase, options: FlakeOptions, what: string): Promise<void> {
  const ws = c.ws;
  const plan = decideFlake(ws, options);
  const flake = renderFlakeNix(ws, options);
  const dir = writeDir(what, { 'flake.nix': flake, 'Cargo.nix': c.cargoNix, 'Cargo.lock': c.cargoLock });
  await parseNix([`${dir}/flake.nix`], `parse flake ${what}`);
  const out = await evalHarness<FlakeSummary>('eval-flake.nix', { flakeDir: nixPath(dir) }, {}, `eval flake ${what}`);

  const cargo2nixUrl = `github:cargo2nix/cargo2nix/${plan.cargo2nix.ref}`;
  // The header names the ref the inputs pin.
  expect(flake.split('\n', 1)[0]).toContain(`for cargo2nix ${plan.cargo2nix.ref} (${plan.cargo2nix.version})`);
  if (plan.followNewerRustOverlay) {
    expect(out.inputs.cargo2nix).toEqual({ url: cargo2nixUrl, inputs: { 'rust-overlay': { follows: 'rust-overlay' } } });
    // Pinned by revision, and on the one nixpkgs everything else uses (no second nixpkgs in the lock).
    expect(out.inputs['rust-overlay']).toEqual({
      url: `github:oxalica/rust-overlay/${plan.rustOverlay.rev}`,
      inputs: { nixpkgs: { follows: 'nixpkgs' } },
    });
  } else {
    expect(out.inputs.cargo2nix).toEqual({ url: cargo2nixUrl });
    expect(out.inputs['rust-overlay']).toBeUndefined();
  }
  expect(out.inputs['flake-utils']).toEqual({ follows: 'cargo2nix/flake-utils' });
  expect(out.inputs.nixpkgs).toEqual({ follows: 'cargo2nix/nixpkgs' });
  expect(out.description).toContain(plan.defaultPackage);
  expect(Object.keys(out.systems).sort()).toEqual([...DEFAULT_SYSTEMS]);

  for (const system of DEFAULT_SYSTEMS) {
    const s = out.systems[system]!;
    const native = PLATFORM_PRESETS[system];
    const names = new Set(ws.members.map((m) => m.name));
    const expectedNames = [
      ...names,
      ...plan.extraTargets.flatMap((t) => ws.members.map((m) => `${m.name}-${t.triple}`)),
      ...(names.has('default') ? [] : ['default']),
    ];
    expect(Object.keys(s.packages).sort(), system).toEqual(expectedNames.sort());

    const check = (attr: string, member: string, platform: NixPlatform, target: string | null) => {
      const p = s.packages[attr]!;
      expect(p.key, `${system} ${attr}`).toBe(memberKey(ws, member));
      expect(p.packageSet).toBe('rustPackages');
      expect(p.hostConfig, `${system} ${attr}`).toBe(platform.config);
      expect(p.packageSetArgs.rustVersion).toBe(plan.rustVersion);
      expect(p.packageSetArgs.rootFeatures).toEqual(plan.rootFeatures ?? null);
      expect(p.packageSetArgs.target).toBe(target);
      expect(p.crateArgs.release).toBe(plan.release);
      expect(p.crateArgs.target).toBe(target);
      const tsPlan = platformBuild(ws, platform, { ...(plan.rootFeatures ? { rootFeatures: plan.rootFeatures } : {}), target });
      const planned = tsPlan.crates.find((x) => x.key === p.key)!;
      expect([...p.features].sort(), `${system} ${attr} features`).toEqual(planned.features);
      expect([...p.crates].sort(), `${system} ${attr} closure`).toEqual([...reachable(tsPlan, p.key)].sort());
    };
    for (const m of ws.members) check(m.name, m.name, native, null);
    for (const t of plan.extraTargets)
      for (const m of ws.members) check(`${m.name}-${t.triple}`, m.name, presetByConfig(t.crossSystem.config), t.triple);
    if (!names.has('default')) expect(s.packages.default!.key).toBe(memberKey(ws, plan.defaultPackage));

    const apps = flakeApps(ws);
    const appNames = apps.map((a) => a.name);
    if (appNames.length > 0 && !names.has('default')) appNames.push('default');
    expect(Object.keys(s.apps).sort(), `${system} apps`).toEqual(appNames.sort());
    for (const a of apps) expect(s.apps[a.name]).toEqual({ type: 'app', program: `${s.packages[a.member]!.path}/bin/${a.bin}` });
    if (apps.length > 0 && !names.has('default')) {
      const fromDefault = apps.filter((a) => a.member === plan.defaultPackage);
      const def = fromDefault.find((a) => a.bin === plan.defaultPackage) ?? fromDefault[0] ?? apps[0]!;
      expect(s.apps.default).toEqual(s.apps[def.name]);
    }

    expect(s.devShells.default!.packages).toContain('rust-analyzer');
    expect([...s.devShells.default!.inputsFrom].sort()).toEqual(ws.members.map((m) => memberKey(ws, m.name)).sort());

    // Our overrides reach the crates they name (Darwin-only ones only on Darwin), and the stock ones stay.
    const darwin = native.isDarwin;
    const overridden = new Map(s.overridden.map((o) => [`${o.packageSet} ${o.crate}`, o.inputs]));
    const reached = platformBuild(ws, native, plan.rootFeatures ? { rootFeatures: plan.rootFeatures } : {});
    const fromDefault = reachable(reached, memberKey(ws, plan.defaultPackage));
    for (const o of plan.sys.overrides) {
      for (const crate of reached.crates.filter((x) => x.crate.id.name === o.crate && fromDefault.has(x.key))) {
        const found = [...overridden.entries()].filter(([k]) => k.endsWith(` ${crate.key}`));
        if (o.rule.darwinOnly && !darwin) expect(found, `${system} ${o.crate}`).toEqual([]);
        else {
          expect(found.length, `${system} ${o.crate}`).toBeGreaterThan(0);
          for (const [, inputs] of found) expect(inputs, `${system} ${o.crate}`).toEqual(expectedInputs(o.crate, o.rule));
        }
      }
    }
    for (const [k, inputs] of overridden) if (/ openssl-sys /.test(k)) expect(inputs).toEqual(['openssl']);
  }
}

const cases = await nixCases();

describe('flake.nix under real Nix', () => {
  for (const c of cases) {
    it(`${c.label}: default options`, async () => {
      await checkFlake(c, {}, `${c.label}`);
    });
    (VARIANTS[c.label] ?? []).forEach((options, i) => {
      it(`${c.label}: ${JSON.stringify(options)}`, async () => {
        await checkFlake(c, options, `${c.label}#${i + 1}`);
      });
    });
  }

  it('names only packages the stand-in nixpkgs has, in every rule of the sys-override table', async () => {
    const paths = [...new Set(SYS_RULES.flatMap((r) => [...(r.libraries ?? []), ...(r.tools ?? [])]))].sort();
    const names = await evalHarness<string[]>(
      'resolve-attrs.nix',
      {},
      { system: 'aarch64-darwin', paths: JSON.stringify(paths) },
      'sys rule attributes',
    );
    expect(names).toEqual(paths.map(stubName));
  });

  it('covers every variant case', () => {
    for (const label of Object.keys(VARIANTS)) expect(cases.map((c) => c.label)).toContain(label);
  });
});

afterAll(() => {
  removeDirs();
  console.log(timingSummary('flake.nix evaluation'));
});
