// The small examples written for the documentation page. No real cargo2nix output exists for them
// (their workspaces were written for this project), so instead of a golden file each is checked
// for the facts the page says about it, and its bundled snapshot must give exactly what the
// registry folder gives (what `npm run generate -- <dir> --registry <dir>` prints).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../worker/metadata/memory-source.ts';
import type { MetadataSource } from '../../worker/metadata/source.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { DEFAULT_USER_OPTIONS, flakeOptionsOf } from '../../worker/options/user-options.ts';
import { resolveWorkspace } from '../../worker/pipeline.ts';
import { RENDERERS, renderAll } from '../../worker/render/index.ts';
import { FIXTURES } from '../support/golden.ts';
import { buildExample, EXAMPLES_DIR, exampleDir, exampleJson, SMALL_EXAMPLE_SOURCES, type ExampleFile } from '../tools/build-examples.ts';

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const registryPkg = (name: string, version: string) => `(rustPackages."${CRATES_IO}".${name}."${version}" { inherit profileName; }).out`;
const buildPkg = (name: string, version: string) => `(buildRustPackages."${CRATES_IO}".${name}."${version}" { profileName = "__noProfile"; }).out`;

function committed(id: string): ExampleFile {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8')) as ExampleFile;
}

/** Cargo.nix and flake.nix for a workspace's files, with the default options (as the site and the CLI start). */
async function outputs(files: Record<string, string>, source: MetadataSource): Promise<Record<string, string>> {
  const model = await resolveWorkspace(new Map(Object.entries(files)), { source });
  const out: Record<string, string> = {};
  // cargo2nix's files only: other backends write their own flake.nix.
  for (const r of renderAll(
    model,
    { flake: flakeOptionsOf(DEFAULT_USER_OPTIONS) },
    RENDERERS.filter((x) => x.backend === 'cargo2nix'),
  )) {
    if (!r.ok) throw new Error(`${r.label}: ${r.error.message}`);
    for (const f of r.files) out[f.path] = f.text;
  }
  return out;
}

/** The body of one crate's entry in Cargo.nix, from its key line to the closing `});`. */
function crateEntry(nix: string, key: string): string {
  const start = nix.indexOf(`${key} = overridableMkRustCrate`);
  if (start < 0) throw new Error(`no entry ${key}`);
  return nix.slice(start, nix.indexOf('\n  });\n', start));
}

const generated = new Map<string, Promise<Record<string, string>>>();
function outputsOf(id: string): Promise<Record<string, string>> {
  let p = generated.get(id);
  if (!p) {
    p = outputs(committed(id).files, new MemorySource(committed(id).snapshot));
    generated.set(id, p);
  }
  return p;
}

describe('small examples', () => {
  for (const id of Object.keys(SMALL_EXAMPLE_SOURCES)) {
    it(`${id}: committed JSON matches its workspace folder (rebuild with tsx test/tools/build-examples.ts)`, async () => {
      const text = readFileSync(join(EXAMPLES_DIR, `${id}.json`), 'utf8');
      expect(text === exampleJson(await buildExample(id))).toBe(true);
    });

    it(`${id}: its snapshot alone gives what the registry folder gives, lock hash included`, async () => {
      const src = SMALL_EXAMPLE_SOURCES[id]!;
      const files = Object.fromEntries(await readWorkspaceDir(exampleDir(id)));
      const fromRegistry = await outputs(files, new RegistryDirSource(join(FIXTURES, src.set, 'registry')));
      const fromSnapshot = await outputsOf(id);
      expect(Object.keys(fromSnapshot).sort()).toEqual(['Cargo.nix', 'flake.nix']);
      expect(fromSnapshot['Cargo.nix'] === fromRegistry['Cargo.nix']).toBe(true);
      expect(fromSnapshot['flake.nix'] === fromRegistry['flake.nix']).toBe(true);
      const lockHash = createHash('sha256').update(files['Cargo.lock']!).digest('hex');
      expect(fromSnapshot['Cargo.nix']).toContain(`nixifiedLockHash = "${lockHash}";`);
    });
  }

  it('workspace-members: one derivation per member, each a local source, the path dependency a workspace package', async () => {
    const nix = (await outputsOf('workspace-members'))['Cargo.nix']!;
    expect(nix).toContain(
      '  workspace = {\n    app = rustPackages.unknown.app."0.1.0";\n    greeting = rustPackages.unknown.greeting."0.1.0";\n  };',
    );
    const app = crateEntry(nix, '"unknown".app."0.1.0"');
    expect(app).toContain('src = fetchCrateLocal workspaceSrc;');
    expect(app).toContain(`greeting = (rustPackages."unknown".greeting."0.1.0" { inherit profileName; }).out;`);
    expect(app).toContain(`log = ${registryPkg('log', '0.4.26')};`);
    const greeting = crateEntry(nix, '"unknown".greeting."0.1.0"');
    expect(greeting).toContain(`hex = ${registryPkg('hex', '0.4.3')};`);
    // Both members share the one log the lock pins.
    expect(nix.match(/"registry\+[^"]+"\.log\."[^"]+" = overridableMkRustCrate/g)).toHaveLength(1);
  });

  it('root-features: the default root feature, optional dependencies behind the root features that enable them', async () => {
    const nix = (await outputsOf('root-features'))['Cargo.nix']!;
    expect(nix).toContain('rootFeatures ? [\n    "root-features/default"\n  ],');
    const root = crateEntry(nix, '"unknown".root-features."0.1.0"');
    expect(root).toContain(
      `\${ if rootFeatures' ? "root-features/default" || rootFeatures' ? "root-features/fast" then "itoa" else null } = ${registryPkg('itoa', '1.0.15')};`,
    );
    expect(root).toContain(`\${ if rootFeatures' ? "root-features/json" then "serde_json" else null } = ${registryPkg('serde_json', '1.0.140')};`);
    expect(root).toContain(`(lib.optional (rootFeatures' ? "root-features/json") "json")`);
    // serde_json's own features follow the root feature too.
    expect(crateEntry(nix, `"${CRATES_IO}".serde_json."1.0.140"`)).toContain(`(lib.optional (rootFeatures' ? "root-features/json") "std")`);
  });

  it('target-deps: cfg(unix) and cfg(windows) dependencies become conditions on hostPlatform', async () => {
    const nix = (await outputsOf('target-deps'))['Cargo.nix']!;
    const root = crateEntry(nix, '"unknown".target-deps."0.1.0"');
    expect(root).toContain(`\${ if hostPlatform.isUnix then "libc" else null } = ${registryPkg('libc', '0.2.170')};`);
    expect(root).toContain(`\${ if hostPlatform.isWindows then "winapi" else null } = ${registryPkg('winapi', '0.3.9')};`);
    expect(root).toContain(`log = ${registryPkg('log', '0.4.26')};`);
    // winapi's own target-triple dependencies, one condition each.
    const winapi = crateEntry(nix, `"${CRATES_IO}".winapi."0.3.9"`);
    expect(winapi).toContain('${ if hostPlatform.config == "x86_64-pc-windows-gnu" then "winapi_x86_64_pc_windows_gnu" else null }');
    expect(winapi).toContain('[ "processthreadsapi" ]');
  });

  it('build-script: the build dependency is built for the build platform', async () => {
    const nix = (await outputsOf('build-script'))['Cargo.nix']!;
    const root = crateEntry(nix, '"unknown".build-script."0.1.0"');
    expect(root).toContain(`buildDependencies = {\n      cc = ${buildPkg('cc', '1.2.16')};\n    };`);
    expect(root).not.toContain('    dependencies = {');
  });

  it('sys-crate: libz-sys with its build dependencies, and a zlib override in flake.nix', async () => {
    const out = await outputsOf('sys-crate');
    const sys = crateEntry(out['Cargo.nix']!, `"${CRATES_IO}".libz-sys."1.1.21"`);
    expect(sys).toContain(`pkg_config = ${buildPkg('pkg-config', '0.3.32')};`);
    expect(sys).toContain('[ "stock-zlib" ]');
    const flake = out['flake.nix']!;
    expect(flake).toMatch(/pkgs\.rustBuilder\.rustLib\.makeOverride \{\n\s+name = "libz-sys";/);
    expect(flake).toMatch(/propagatedBuildInputs = drv\.propagatedBuildInputs or \[ \] \+\+ \[\s*pkgs\.zlib\s*\]/);
  });
});
