// Archives in (zip, tar, tar.gz) and the download bundle out.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive, readTar } from '../../src/lib/archive.ts';
import { buildBundle } from '../../src/lib/download.ts';
import { backendReadme } from '../../worker/render/backend-readme.ts';
import type { RenderedOutput } from '../../worker/browser/protocol.ts';
import { selectProjectFiles } from '../../src/lib/workspace-files.ts';

function tarOf(dir: string, ...args: string[]): Uint8Array {
  return new Uint8Array(execFileSync('tar', ['-C', dir, ...args, '-cf', '-', '.']));
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proj-'));
  mkdirSync(join(dir, 'crates', 'a-member-with-a-rather-long-directory-name-to-need-more-than-a-hundred-bytes', 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["crates/*"]\n');
  writeFileSync(join(dir, 'Cargo.lock'), 'version = 3\n');
  const long = join(dir, 'crates', 'a-member-with-a-rather-long-directory-name-to-need-more-than-a-hundred-bytes');
  writeFileSync(join(long, 'Cargo.toml'), '[package]\nname = "m"\nversion = "0.1.0"\n');
  writeFileSync(join(long, 'src', 'main.rs'), 'fn main() {}\n');
  writeFileSync(join(dir, 'notes.txt'), 'ignore me');
  return dir;
}

describe('archives', () => {
  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`reads a ${format} tar.gz made by GNU tar, long paths included`, async () => {
      const dir = project();
      const bytes = gzipSync(tarOf(dir, `--format=${format}`));
      const r = selectProjectFiles(await readArchive('p.tar.gz', bytes));
      expect(r.files.map((f) => f.path)).toEqual([
        'Cargo.toml',
        'crates/a-member-with-a-rather-long-directory-name-to-need-more-than-a-hundred-bytes/Cargo.toml',
        'crates/a-member-with-a-rather-long-directory-name-to-need-more-than-a-hundred-bytes/src/main.rs',
        'Cargo.lock',
      ]);
      expect(r.files[0]!.text).toBe('[workspace]\nmembers = ["crates/*"]\n');
      expect(r.ignored).toContain('notes.txt');
    });
  }

  it('reads a zip, decompressing only what it keeps', async () => {
    const zip = zipSync({ 'p/Cargo.toml': strToU8('[package]\nname="p"\n'), 'p/big.bin': new Uint8Array(1 << 20), 'p/Cargo.lock': strToU8('v') });
    const r = selectProjectFiles(await readArchive('p.zip', zip));
    expect(r.files.map((f) => [f.path, f.text])).toEqual([
      ['Cargo.toml', '[package]\nname="p"\n'],
      ['Cargo.lock', 'v'],
    ]);
    expect(r.ignored).toEqual(['p/big.bin']);
  });

  it('rejects a truncated tar and unknown archive kinds with a message', async () => {
    const t = tarOf(project());
    await expect(readTar(t.subarray(0, 700))).rejects.toThrow(/truncated|end-of-archive/);
    await expect(readArchive('p.rar', new Uint8Array(4))).rejects.toThrow(/not a \.zip, \.tar\.gz or \.tar/);
  });
});

describe('download bundle', () => {
  const outputs: RenderedOutput[] = [
    { renderer: 'cargo2nix/Cargo.nix', label: 'Cargo.nix', ok: true, files: [{ path: 'Cargo.nix', text: 'cargo nix', language: 'nix' }] },
    { renderer: 'cargo2nix/flake.nix', label: 'flake.nix', ok: true, files: [{ path: 'flake.nix', text: '{ devShells = { }; }', language: 'nix' }] },
  ];
  const inputs = [
    { path: 'Cargo.toml', text: '[package]' },
    { path: 'app/src/main.rs', text: '' },
    { path: 'Cargo.lock', text: 'lock' },
  ];

  function unpack(zip: Uint8Array): Record<string, string> {
    return Object.fromEntries(Object.entries(unzipSync(zip)).map(([k, v]) => [k, strFromU8(v)]));
  }

  it('holds every output file, the inputs and a README under one folder, deterministically', () => {
    const input = { projectName: 'my app', outputs, inputs };
    const a = buildBundle(input);
    expect(buildBundle(input)).toEqual(a);
    const files = unpack(a);
    expect(Object.keys(files).sort()).toEqual(['my-app/Cargo.lock', 'my-app/Cargo.nix', 'my-app/Cargo.toml', 'my-app/README.md', 'my-app/flake.nix']);
    expect(files['my-app/Cargo.nix']).toBe('cargo nix');
    expect(files['my-app/flake.nix']).toBe('{ devShells = { }; }');
    expect(files['my-app/README.md']).toBe(backendReadme({ projectName: 'my app', backend: 'cargo2nix', outputs }));
    expect(files['my-app/README.md']).toMatch(/git add Cargo\.nix flake\.nix\n/);
    expect(files['my-app/README.md']).toMatch(/nix build/);
    expect(files['my-app/README.md']).toMatch(/nix develop/);
  });

  it("writes the git sources' prefetched hashes to nix-hashes.json and names it in the README", () => {
    const gitSources = [
      { url: 'https://git.example.org/a', rev: '1'.repeat(40), packages: ['a-0.1.0', 'a-macros-0.1.0'], sri: 'sha256-AAAA', base32: 'b32' },
      { url: 'https://git.example.org/b', rev: '2'.repeat(40), packages: ['b-1.0.0'], error: 'has submodules' },
    ];
    const files = unpack(buildBundle({ projectName: 'p', outputs, inputs, gitSources }));
    expect(JSON.parse(files['p/nix-hashes.json']!)).toEqual({
      git: [
        { url: 'https://git.example.org/a', rev: '1'.repeat(40), packages: ['a-0.1.0', 'a-macros-0.1.0'], sri: 'sha256-AAAA', base32: 'b32' },
        { url: 'https://git.example.org/b', rev: '2'.repeat(40), packages: ['b-1.0.0'], error: 'has submodules' },
      ],
    });
    expect(files['p/README.md']).toMatch(/- `nix-hashes\.json`: /);
    // Without git sources there is no such file.
    expect(Object.keys(unpack(buildBundle({ projectName: 'p', outputs, inputs, gitSources: [] })))).not.toContain('p/nix-hashes.json');
  });

  it('loops over the outputs: a failed output is named in the README, and files of any renderer are zipped', () => {
    const more: RenderedOutput[] = [
      outputs[0]!,
      { renderer: 'cargo2nix/flake.nix', label: 'flake.nix', ok: false, error: { message: 'unknown target x' } },
      { renderer: 'cargo2nix/extra', label: 'Other', ok: true, files: [{ path: 'nix/extra.nix', text: 'extra', language: 'nix' }] },
    ];
    const files = unpack(buildBundle({ projectName: 'p', outputs: more, inputs }));
    expect(Object.keys(files).sort()).toEqual(['p/Cargo.lock', 'p/Cargo.nix', 'p/Cargo.toml', 'p/README.md', 'p/nix/extra.nix']);
    expect(files['p/README.md']).toMatch(/flake\.nix could not be generated: unknown target x/);
    expect(files['p/README.md']).toMatch(/- `nix\/extra\.nix`\n/);
    expect(files['p/README.md']).not.toMatch(/nix build/);
  });
});
