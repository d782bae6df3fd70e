// What the generated flake.nix may pin, and what works with what: the cargo2nix
// refs, the rust-overlay revisions and the Rust versions each one has, and the
// extra targets. Every combination offered here was instantiated against the
// real upstream code (cargo2nix, rust-overlay, flake-utils, nix-systems and
// nixpkgs' lib at the revisions a `nix flake lock` picks); test/nix/REAL-EVAL.md
// records when, at which revisions and how, and test/unit/flake-catalogue.test.ts
// pins the offered combinations to that record. Change the data here only
// together with a new run of that check.
import { compareVersions } from '../../core/version.ts';

/** A revision of github:oxalica/rust-overlay and the newest stable Rust its manifests have. */
export interface RustOverlayRevision {
  readonly rev: string;
  /** Commit date, for people reading the flake. */
  readonly date: string;
  /** `latest` in manifests/stable/default.nix at {@link rev}; every release up to it is there. */
  readonly newestStable: string;
}

/**
 * The rust-overlay cargo2nix 0.12's flake.lock pins (release-0.12, tag v0.12.0
 * and main all lock 20fdb02098fd).
 */
export const CARGO2NIX_0_12_RUST_OVERLAY: RustOverlayRevision = {
  rev: '20fdb02098fdda9a25a2939b975abdd7bc03f62d',
  date: '2025-03-03',
  newestStable: '1.85.0',
};

/**
 * The rust-overlay the flake follows instead, for Rust releases newer than the
 * pinned one has: the head of its `stable` branch when last checked. Pinned by
 * revision, not by branch, so the flake locks what was checked.
 */
export const NEWER_RUST_OVERLAY: RustOverlayRevision = {
  rev: 'c84e121aaede7ef8c7bd9fb5154ccc1599e07816',
  date: '2026-08-20',
  newestStable: '1.98.0',
};

/**
 * Stable Rust releases the flake offers, oldest first: every file in
 * rust-overlay's manifests/stable at {@link NEWER_RUST_OVERLAY}, from 1.75.0 —
 * the toolchain cargo2nix 0.12's README builds its minimal flake with.
 */
export const RUST_RELEASES: readonly string[] = [
  '1.75.0',
  '1.76.0',
  '1.77.0',
  '1.77.1',
  '1.77.2',
  '1.78.0',
  '1.79.0',
  '1.80.0',
  '1.80.1',
  '1.81.0',
  '1.82.0',
  '1.83.0',
  '1.84.0',
  '1.84.1',
  '1.85.0',
  '1.85.1',
  '1.86.0',
  '1.87.0',
  '1.88.0',
  '1.89.0',
  '1.90.0',
  '1.91.0',
  '1.91.1',
  '1.92.0',
  '1.93.0',
  '1.93.1',
  '1.94.0',
  '1.94.1',
  '1.95.0',
  '1.96.0',
  '1.96.1',
  '1.97.0',
  '1.97.1',
  '1.98.0',
];

/** A branch or tag of github:cargo2nix/cargo2nix that reads the Cargo.nix we write (cargo2nix 0.12's format). */
export interface Cargo2nixRef {
  readonly ref: string;
  readonly kind: 'branch' | 'tag';
  /** What the ref named when checked; a branch may have moved since. */
  readonly commit: string;
  /** cargo2nix's version at {@link commit} (its Cargo.toml). */
  readonly version: string;
  /** The rust-overlay its flake.lock pins at {@link commit}. */
  readonly rustOverlay: RustOverlayRevision;
  readonly label: string;
}

const C2N_0_12_0 = 'a709c74619e1a2b68ed12bb398e12fbe29d69657';

export const CARGO2NIX_REFS: readonly Cargo2nixRef[] = [
  {
    ref: 'release-0.12',
    kind: 'branch',
    commit: C2N_0_12_0,
    version: '0.12.0',
    rustOverlay: CARGO2NIX_0_12_RUST_OVERLAY,
    label: 'release-0.12 (0.12 fixes)',
  },
  { ref: 'v0.12.0', kind: 'tag', commit: C2N_0_12_0, version: '0.12.0', rustOverlay: CARGO2NIX_0_12_RUST_OVERLAY, label: 'v0.12.0 (the release)' },
  { ref: 'main', kind: 'branch', commit: C2N_0_12_0, version: '0.12.0', rustOverlay: CARGO2NIX_0_12_RUST_OVERLAY, label: 'main (moves)' },
];

/**
 * Refs people reach for that do not work, with why: cargo2nix has branch
 * `release-0.11.0` and tag `v0.11.0` but no `release-0.11`, and 0.11's
 * mkcrate.nix rejects a 0.12 Cargo.nix (`unexpected argument 'cargoConfig'`).
 */
export const REFUSED_REFS: ReadonlyMap<string, string> = new Map([
  ['release-0.11', 'cargo2nix has no branch `release-0.11`'],
  ['release-0.11.0', 'cargo2nix 0.11 cannot read the Cargo.nix of cargo2nix 0.12 (`unexpected argument` cargoConfig)'],
  ['v0.11.0', 'cargo2nix 0.11 cannot read the Cargo.nix of cargo2nix 0.12 (`unexpected argument` cargoConfig)'],
]);

export const DEFAULT_CARGO2NIX_REF = 'release-0.12';

/** What cargo2nix 0.12's own flake builds with, so the rust-overlay it pins has it. */
export const DEFAULT_RUST_VERSION = '1.83.0';

/** How nixpkgs is told to cross-compile for a Rust target. */
export interface ExtraTarget {
  /** The Rust target triple, passed to makePackageSet as `target`. */
  readonly triple: string;
  /** nixpkgs' `crossSystem`. */
  readonly crossSystem: {
    readonly config: string;
    readonly useLLVM?: boolean;
    /** Rust's name for the platform, when nixpkgs' lib would derive another one. */
    readonly rustcConfig?: string;
  };
  /**
   * makePackageSet's `targetSpec`, for targets whose nixpkgs platform maps to
   * no key of cargo2nix's target-info.json (it looks the info up by the
   * nixpkgs platform, not by `target`, and fails on a cfg(target_has_atomic)
   * without it).
   */
  readonly targetSpec?: { readonly maxAtomicWidth: number; readonly pointerWidth: number };
  /** The first stable Rust whose manifest has a `rust-std` for the triple (rust-overlay manifests/stable). */
  readonly sinceRust: string;
  readonly label: string;
}

export const EXTRA_TARGETS: readonly ExtraTarget[] = [
  {
    triple: 'x86_64-unknown-linux-musl',
    crossSystem: { config: 'x86_64-unknown-linux-musl' },
    sinceRust: '1.75.0',
    label: 'Linux x86-64, static (musl)',
  },
  { triple: 'x86_64-unknown-linux-gnu', crossSystem: { config: 'x86_64-unknown-linux-gnu' }, sinceRust: '1.75.0', label: 'Linux x86-64 (glibc)' },
  { triple: 'aarch64-unknown-linux-gnu', crossSystem: { config: 'aarch64-unknown-linux-gnu' }, sinceRust: '1.75.0', label: 'Linux ARM64 (glibc)' },
  // nixpkgs calls MinGW-w64 by its autotools triple.
  {
    triple: 'x86_64-pc-windows-gnu',
    crossSystem: { config: 'x86_64-w64-mingw32' },
    targetSpec: { maxAtomicWidth: 128, pointerWidth: 64 },
    sinceRust: '1.75.0',
    label: 'Windows x86-64 (MinGW)',
  },
  // nixpkgs builds for WASI only with LLVM's linker (cargo2nix's cross-compiling example says so too).
  // The nixpkgs 23.11 lib that cargo2nix pins names this platform's Rust target `wasm32-unknown-wasi`,
  // which rust-overlay does not know; `rustc.config` gives Rust's name. Rust ships it from 1.78.
  {
    triple: 'wasm32-wasip1',
    crossSystem: { config: 'wasm32-unknown-wasi', useLLVM: true, rustcConfig: 'wasm32-wasip1' },
    targetSpec: { maxAtomicWidth: 64, pointerWidth: 32 },
    sinceRust: '1.78.0',
    label: 'WebAssembly (WASI preview 1)',
  },
];

const atLeast = (v: string, min: string) => compareVersions(v, min) >= 0;
const atMost = (v: string, max: string) => compareVersions(v, max) <= 0;

export function cargo2nixRef(ref: string): Cargo2nixRef | undefined {
  return CARGO2NIX_REFS.find((r) => r.ref === ref);
}

/** The cargo2nix refs to offer, the default first. */
export function offeredRefs(): readonly Cargo2nixRef[] {
  return CARGO2NIX_REFS;
}

/**
 * The rust-overlay a flake on `ref` gets Rust `rustVersion` from: the one
 * cargo2nix pins when it has the version (or `newer` is asked for), else
 * {@link NEWER_RUST_OVERLAY}; undefined when neither has it.
 */
export function rustOverlayFor(ref: Cargo2nixRef, rustVersion: string, newer = false): RustOverlayRevision | undefined {
  if (!RUST_RELEASES.includes(rustVersion)) return undefined;
  if (!newer && atMost(rustVersion, ref.rustOverlay.newestStable)) return ref.rustOverlay;
  return atMost(rustVersion, NEWER_RUST_OVERLAY.newestStable) ? NEWER_RUST_OVERLAY : undefined;
}

/** Rust versions to offer with `ref`, newest first; none for a ref the catalogue does not have. */
export function offeredRustVersions(ref: string): readonly string[] {
  const r = cargo2nixRef(ref);
  if (!r) return [];
  return RUST_RELEASES.filter((v) => rustOverlayFor(r, v) !== undefined).reverse();
}

/** Extra targets to offer with `ref` and Rust `rustVersion`; none when that pair is not offered. */
export function offeredTargets(ref: string, rustVersion: string): readonly ExtraTarget[] {
  if (!offeredRustVersions(ref).includes(rustVersion)) return [];
  return EXTRA_TARGETS.filter((t) => atLeast(rustVersion, t.sinceRust));
}

export function extraTarget(triple: string): ExtraTarget | undefined {
  return EXTRA_TARGETS.find((t) => t.triple === triple);
}
