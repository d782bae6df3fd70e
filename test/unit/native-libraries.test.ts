// The native libraries view: which crates bind native code, what they need from nixpkgs, whether
// cargo2nix's stock overrides cover them, and each backend's override text — which must be the
// text the renderers put in the generated files (the view never writes its own).
import { describe, expect, it } from 'vitest';
import type { ResolvedWorkspace } from '../../worker/model/model.ts';
import { renderAll } from '../../worker/render/index.ts';
import { nativeLibraries, type NativeLibrary } from '../../worker/views/native-libraries.ts';
import { backendCase } from '../golden/backends/cases.ts';
import { model } from '../support/engine.ts';
import { scenario } from '../support/scenarios.ts';

const s = scenario('sys-crates');
const sys = await model(s.files, s.snapshot);

function fileOf(ws: ResolvedWorkspace, renderer: string): string {
  const out = renderAll(ws, { flake: {} }).find((o) => o.renderer === renderer);
  if (!out?.ok) throw new Error(`${renderer} failed`);
  return out.files[0]!.text;
}

/** True when `block`'s lines appear one after another in `text`, all indented by the same amount. */
function containsBlock(text: string, block: string): boolean {
  const lines = text.split('\n');
  const want = block.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const indent = lines[i]!.length - want[0]!.length;
    if (indent < 0 || lines[i]!.slice(indent) !== want[0] || lines[i]!.slice(0, indent).trim() !== '') continue;
    if (want.every((w, j) => lines[i + j] === (w === '' ? '' : ' '.repeat(indent) + w))) return true;
  }
  return false;
}

function packageNix(ws: ResolvedWorkspace): string {
  const out = renderAll(ws, { flake: {} }).find((o) => o.renderer === 'buildRustPackage/package.nix');
  if (!out?.ok) throw new Error('buildRustPackage failed');
  return out.files.find((f) => f.path.endsWith('package.nix'))!.text;
}

const byName = (libs: readonly NativeLibrary[]) => new Map(libs.map((l) => [l.name, l]));
const snippet = (lib: NativeLibrary, backends: string) => lib.snippets.find((x) => x.backends === backends)?.text;

describe('native libraries', () => {
  const libs = nativeLibraries(sys);
  const m = byName(libs);

  it('lists every crate with links or a -sys name, with its status', () => {
    expect(libs.map((l) => `${l.name}:${l.status}`)).toEqual([
      'clang-sys:rule',
      'cmake:rule',
      'kernel32-sys:none',
      'libsqlite3-sys:rule',
      'libz-sys:rule',
      'mystery-sys:unknown',
      'openssl-sys:stock',
      'pkg-config:stock',
      'ring:none',
      'security-framework-sys:rule',
    ]);
    expect(m.get('openssl-sys')).toMatchObject({ coveredByCargo2nix: true, libraries: ['openssl'], tools: ['pkg-config'], links: 'openssl' });
    expect(m.get('libsqlite3-sys')).toMatchObject({ coveredByCargo2nix: false, libraries: ['sqlite'], links: 'sqlite3' });
    expect(m.get('security-framework-sys')).toMatchObject({ darwinOnly: true });
    expect(m.get('ring')!.why).toContain('links = "ring');
  });

  it("cargo2nix's snippet is the override flake.nix carries, or the stock overrides for a covered crate", () => {
    const flake = fileOf(sys, 'cargo2nix/flake.nix');
    for (const name of ['libsqlite3-sys', 'libz-sys', 'cmake', 'security-framework-sys']) {
      const text = snippet(m.get(name)!, 'cargo2nix');
      expect(text, name).toBeDefined();
      expect(containsBlock(flake, text!), name).toBe(true);
    }
    expect(snippet(m.get('openssl-sys')!, 'cargo2nix')).toContain('pkgs.rustBuilder.overrides.all');
    expect(flake).not.toContain('name = "openssl-sys"');
    expect(m.get('mystery-sys')!.snippets).toEqual([]);
  });

  it("crate2nix's snippet is the defaultCrateOverrides entry its flake.nix carries", () => {
    const flake = fileOf(sys, 'crate2nix/flake.nix');
    for (const name of ['libsqlite3-sys', 'libz-sys', 'openssl-sys']) {
      const text = snippet(m.get(name)!, 'crate2nix');
      expect(text, name).toBeDefined();
      expect(containsBlock(flake, text!), name).toBe(true);
    }
  });

  it("the single-build backends: the crate's comment as their file writes it, and its packages", () => {
    // Their files merge every crate's packages into one list, so only the comment is the crate's own.
    const comment = (t: string) =>
      t
        .split('\n')
        .filter((l) => l.startsWith('#'))
        .join('\n');
    for (const [backends, renderer, prefix] of [
      ['crane, naersk', 'crane/flake.nix', 'pkgs.'],
      ['crane, naersk', 'naersk/flake.nix', 'pkgs.'],
      ['buildRustPackage', 'buildRustPackage/package.nix', ''],
    ] as const) {
      const file = renderer === 'buildRustPackage/package.nix' ? packageNix(sys) : fileOf(sys, renderer);
      for (const name of ['libsqlite3-sys', 'libz-sys', 'openssl-sys']) {
        const text = snippet(m.get(name)!, backends)!;
        expect(containsBlock(file, comment(text)), `${renderer} ${name}`).toBe(true);
      }
      expect(snippet(m.get('libsqlite3-sys')!, backends)).toContain(`buildInputs = [ ${prefix}sqlite ];`);
    }
  });
});

describe('native libraries: cargo2nix-self', () => {
  it('finds the sys crates of the 388-package workspace and which the stock overrides cover', async () => {
    const { ws } = await backendCase('crates-io/cargo2nix-self');
    const libs = nativeLibraries(ws);
    const covered = libs.filter((l) => l.coveredByCargo2nix).map((l) => l.name);
    expect(covered).toEqual(['curl-sys', 'libdbus-sys', 'libssh2-sys', 'openssl-sys', 'pkg-config']);
    expect(libs.filter((l) => l.status === 'rule').map((l) => l.name)).toEqual([
      'core-foundation-sys',
      'libgit2-sys',
      'libsqlite3-sys',
      'libz-sys',
      'security-framework-sys',
    ]);
    expect(libs.filter((l) => l.status === 'unknown').map((l) => l.name)).toEqual(['libnghttp2-sys']);
    const flake = fileOf(ws, 'cargo2nix/flake.nix');
    for (const l of libs.filter((x) => x.status === 'rule')) expect(containsBlock(flake, snippet(l, 'cargo2nix')!), l.name).toBe(true);
  });
});
