// The flake options the site offers are exactly those that instantiated against
// the real upstream code. That check (real-eval, offline mirrors of cargo2nix,
// rust-overlay, flake-utils, nix-systems and nixpkgs.lib) cannot run in CI, so
// test/nix/REAL-EVAL.md records what ran and how it ended, one row per run;
// these tests hold the catalogue (worker/render/cargo2nix/flake-catalogue.ts)
// to that record, so neither can change without the other.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CARGO2NIX_REFS,
  DEFAULT_CARGO2NIX_REF,
  DEFAULT_RUST_VERSION,
  EXTRA_TARGETS,
  REFUSED_REFS,
  RUST_RELEASES,
  cargo2nixRef,
  extraTarget,
  offeredRefs,
  offeredRustVersions,
  offeredTargets,
  rustOverlayFor,
} from '../../worker/render/cargo2nix/flake-catalogue.ts';

interface Run {
  readonly run: string;
  readonly case: string;
  readonly system: string;
  readonly ref: string;
  /** Commits as real-eval locked them (12 hex digits). */
  readonly cargo2nix: string;
  readonly rust: string;
  readonly rustOverlay: string;
  /** How many distinct nixpkgs the lock holds. */
  readonly nixpkgs: number;
  readonly targets: readonly string[];
  readonly ok: boolean;
  readonly result: string;
}

function readRecord(): Run[] {
  const md = readFileSync(new URL('../nix/REAL-EVAL.md', import.meta.url), 'utf8');
  const block = /```tsv real-eval-record\n([\s\S]*?)```/.exec(md);
  if (!block) throw new Error('REAL-EVAL.md has no ```tsv real-eval-record block');
  const [header, ...lines] = block[1]!.trimEnd().split('\n');
  expect(header!.split('\t')).toEqual([
    'run',
    'case',
    'system',
    'ref',
    'cargo2nix',
    'rust',
    'rust-overlay',
    'nixpkgs',
    'targets',
    'outputs',
    'result',
  ]);
  return lines.map((line) => {
    const f = line.split('\t');
    expect(f, line).toHaveLength(11);
    const [done, total] = f[9]!.split('/').map(Number);
    return {
      run: f[0]!,
      case: f[1]!,
      system: f[2]!,
      ref: f[3]!,
      cargo2nix: f[4]!,
      rust: f[5]!,
      rustOverlay: f[6]!,
      nixpkgs: Number(f[7]),
      targets: f[8] === '-' ? [] : f[8]!.split(','),
      ok: f[10] === 'ok' && done === total && total! > 0,
      result: f[10]!,
    };
  });
}

const record = readRecord();
const passed = record.filter((r) => r.ok && r.nixpkgs === 1);
const key = (ref: string, rust: string, targets: readonly string[]) => `${ref} ${rust} [${[...targets].sort().join(' ')}]`;

/** What the catalogue would write for a run's ref, Rust version and targets, or why it would not. */
function catalogueRefuses(r: Run): string | undefined {
  const ref = cargo2nixRef(r.ref);
  if (!ref) return `ref ${r.ref} not offered`;
  if (!offeredRustVersions(r.ref).includes(r.rust)) return `Rust ${r.rust} not offered with ${r.ref}`;
  const offered = offeredTargets(r.ref, r.rust).map((t) => t.triple);
  const missing = r.targets.filter((t) => !offered.includes(t));
  if (missing.length > 0) return `targets ${missing.join(' ')} not offered with Rust ${r.rust}`;
  // The overlay the catalogue picks for the version, or the newer one (`rustOverlay: 'latest'`).
  const overlays = [rustOverlayFor(ref, r.rust), rustOverlayFor(ref, r.rust, true)].map((o) => o?.rev.slice(0, 12));
  if (!overlays.includes(r.rustOverlay)) return `rust-overlay ${r.rustOverlay} is not one the catalogue picks for Rust ${r.rust}`;
  return undefined;
}

describe('flake catalogue against the real-eval record', () => {
  it('offers every (ref, Rust version, targets) combination that instantiated on x86_64-linux, and no other', () => {
    const ran = new Set(passed.filter((r) => r.system === 'x86_64-linux').map((r) => key(r.ref, r.rust, r.targets)));
    const offered = offeredRefs().flatMap((r) =>
      offeredRustVersions(r.ref).map((v) =>
        key(
          r.ref,
          v,
          offeredTargets(r.ref, v).map((t) => t.triple),
        ),
      ),
    );
    expect(offered.length).toBeGreaterThan(0);
    for (const k of offered) expect(ran.has(k), `${k} was not evaluated (or failed)`).toBe(true);
    // Each offered pair was run with all its targets at once; any other passing run is a subset of one.
    for (const r of passed) expect(catalogueRefuses(r), r.run).toBeUndefined();
  });

  it('ran the newest and the oldest Rust of every ref on aarch64-darwin too', () => {
    for (const r of offeredRefs()) {
      const versions = offeredRustVersions(r.ref);
      for (const v of [versions[0]!, versions[versions.length - 1]!]) {
        const all = offeredTargets(r.ref, v).map((t) => t.triple);
        expect(
          passed.some((x) => x.system === 'aarch64-darwin' && key(x.ref, x.rust, x.targets) === key(r.ref, v, all)),
          `${r.ref} ${v}`,
        ).toBe(true);
      }
    }
  });

  it('ran every fixture case with default options on x86_64-linux and aarch64-darwin', () => {
    const fixtures = new URL('../fixtures/', import.meta.url);
    const cases = ['crates-io', 'debian'].flatMap((set) => readdirSync(new URL(`${set}/cases/`, fixtures)).map((c) => `${set}/${c}`));
    for (const c of cases) {
      for (const system of ['x86_64-linux', 'aarch64-darwin']) {
        const run = passed.find((r) => r.case === c && r.system === system && r.targets.length === 0 && r.ref === DEFAULT_CARGO2NIX_REF);
        expect(run, `${c} on ${system}`).toBeDefined();
      }
    }
    expect(passed.some((r) => r.rust === DEFAULT_RUST_VERSION && r.ref === DEFAULT_CARGO2NIX_REF)).toBe(true);
  });

  it('locked the revisions the catalogue names, and a single nixpkgs', () => {
    for (const r of record.filter((x) => x.ok && cargo2nixRef(x.ref))) {
      expect(r.cargo2nix, r.run).toBe(cargo2nixRef(r.ref)!.commit.slice(0, 12));
    }
    for (const r of record.filter((x) => !x.run.startsWith('refused:') && catalogueRefuses(x) === undefined)) {
      expect(r.nixpkgs, `${r.run} locks more than one nixpkgs`).toBe(1);
      expect(r.ok, `${r.run}: ${r.result}`).toBe(true);
    }
  });

  it('saw each refused option fail (or lock a second nixpkgs), and the catalogue refuses it', () => {
    const refused = record.filter((r) => r.run.startsWith('refused:'));
    expect(refused.map((r) => r.run.slice('refused:'.length)).sort()).toEqual([
      'overlay-no-nixpkgs-follows',
      'ref-release-0.11',
      'ref-release-0.11.0',
      'ref-v0.11.0',
      'rust-1.86.0-pinned',
      'rust-1.99.0-newer',
      'wasm-no-rustc-config',
      'wasm-rust-1.77.2',
    ]);
    for (const r of refused) {
      expect(r.ok && r.nixpkgs === 1, `${r.run} should not have evaluated cleanly`).toBe(false);
      const name = r.run.slice('refused:'.length);
      if (name.startsWith('ref-')) {
        expect(REFUSED_REFS.has(r.ref), r.run).toBe(true);
        expect(catalogueRefuses(r), r.run).toBe(`ref ${r.ref} not offered`);
      } else if (name === 'wasm-no-rustc-config') {
        // The flake was stripped of crossSystem's rustc.config, which the catalogue gives WASI.
        expect(extraTarget('wasm32-wasip1')!.crossSystem.rustcConfig).toBe('wasm32-wasip1');
      } else if (name === 'overlay-no-nixpkgs-follows') {
        expect(r.nixpkgs).toBe(2);
      } else expect(catalogueRefuses(r), r.run).toBeDefined();
    }
  });
});

describe('flake catalogue data', () => {
  it('lists Rust releases oldest first, each once, from the default range', () => {
    const sorted = [...RUST_RELEASES].sort((a, b) => {
      const [x, y] = [a, b].map((v) => v.split('.').map(Number));
      return x![0]! - y![0]! || x![1]! - y![1]! || x![2]! - y![2]!;
    });
    expect(RUST_RELEASES).toEqual(sorted);
    expect(new Set(RUST_RELEASES).size).toBe(RUST_RELEASES.length);
    expect(RUST_RELEASES).toContain(DEFAULT_RUST_VERSION);
  });

  it('offers the default ref first, newest Rust first, and targets by the Rust that ships them', () => {
    expect(offeredRefs()[0]!.ref).toBe(DEFAULT_CARGO2NIX_REF);
    expect(offeredRefs()).toBe(CARGO2NIX_REFS);
    const versions = offeredRustVersions('release-0.12');
    expect(versions[0]).toBe('1.98.0');
    expect(versions[versions.length - 1]).toBe('1.75.0');
    expect(offeredRustVersions('release-0.11')).toEqual([]);
    expect(offeredTargets('release-0.12', '1.77.2').map((t) => t.triple)).not.toContain('wasm32-wasip1');
    expect(offeredTargets('release-0.12', '1.78.0').map((t) => t.triple)).toEqual(EXTRA_TARGETS.map((t) => t.triple));
    expect(offeredTargets('release-0.12', '1.74.1')).toEqual([]);
  });

  it('gets Rust from the overlay cargo2nix pins while it has the version, else from the newer one', () => {
    const ref = cargo2nixRef('main')!;
    expect(rustOverlayFor(ref, '1.85.0')).toBe(ref.rustOverlay);
    expect(rustOverlayFor(ref, '1.85.1')?.newestStable).toBe('1.98.0');
    expect(rustOverlayFor(ref, '1.83.0', true)?.newestStable).toBe('1.98.0');
    expect(rustOverlayFor(ref, '1.99.0')).toBeUndefined();
    expect(rustOverlayFor(ref, '1.74.1')).toBeUndefined();
  });
});
