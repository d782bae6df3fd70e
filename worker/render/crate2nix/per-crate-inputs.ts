// Native inputs per crate, for a backend that builds every crate in its own derivation
// (crate2nix's buildRustCrate overrides, keyed by crate name). A library goes to the crate that
// links it. A program or environment variable that a helper crate's code uses (pkg-config, cmake,
// protoc, libclang for bindgen) is needed where that code runs: in the build script of every crate
// that reaches the helper through its build-dependencies, and, for a -sys helper (clang-sys), in
// its own build script too; a helper like the pkg-config crate needs nothing in its own build.
import type { ResolvedCrate, ResolvedWorkspace } from '../../model/model.ts';
import { nativeInputsFor, type NativeNeed } from '../native-inputs.ts';

export interface CrateInputs {
  /** The crate name the override is keyed by. */
  readonly crate: string;
  /** `pkgs` attribute paths, sorted. */
  readonly buildInputs: readonly string[];
  readonly nativeBuildInputs: readonly string[];
  /** Environment for its build, values are Nix expressions with `pkgs` in scope; sorted by name. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  /** Why, one sentence per rule that applies. */
  readonly why: readonly string[];
}

export interface PerCrateInputs {
  readonly crates: readonly CrateInputs[];
  /** `-sys` crates no rule knows (see native-inputs.ts). */
  readonly unknown: readonly { readonly crate: string; readonly links: string | undefined }[];
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const looksSys = (name: string) => name.endsWith('-sys') || name.endsWith('_sys');

/** A rule whose effect is in other crates' build scripts: it names no library to link. */
const isHelper = (need: NativeNeed) => (need.rule.libraries ?? []).length === 0;

/** Names of the crates whose code a crate's build script runs: its build-dependencies and all they depend on. */
function buildTimeClosure(crate: ResolvedCrate, byKey: ReadonlyMap<string, ResolvedCrate>): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const queue = crate.dependencies.filter((d) => d.kind === 'build').map((d) => d.id.key);
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const c = byKey.get(key);
    if (!c) continue;
    names.add(c.id.name);
    for (const d of c.dependencies) if (d.kind === 'normal') queue.push(d.id.key);
  }
  return names;
}

/**
 * Per-crate inputs for the workspace. Apple frameworks are left out: the nixpkgs these backends
 * follow (unstable) links every framework through its default SDK.
 */
export function perCrateInputs(ws: ResolvedWorkspace): PerCrateInputs {
  const native = nativeInputsFor(ws);
  const needs = native.needs.filter((n) => !n.rule.darwinOnly);
  const acc = new Map<string, { buildInputs: Set<string>; nativeBuildInputs: Set<string>; env: Map<string, string>; why: string[] }>();
  const entry = (crate: string) => {
    let e = acc.get(crate);
    if (!e) acc.set(crate, (e = { buildInputs: new Set(), nativeBuildInputs: new Set(), env: new Map(), why: [] }));
    return e;
  };
  const add = (crate: string, need: NativeNeed, why: string) => {
    const e = entry(crate);
    for (const l of need.rule.libraries ?? []) e.buildInputs.add(l);
    // Build scripts find most system libraries with pkg-config.
    if ((need.rule.libraries ?? []).length > 0) e.nativeBuildInputs.add('pkg-config');
    for (const t of need.rule.tools ?? []) e.nativeBuildInputs.add(t);
    for (const v of need.rule.env ?? []) if (!e.env.has(v.name)) e.env.set(v.name, v.value);
    if (!e.why.includes(why)) e.why.push(why);
  };

  // A -sys helper (clang-sys) also probes for its library in its own build script.
  for (const need of needs) if (!isHelper(need) || looksSys(need.crate)) add(need.crate, need, `${need.crate}: ${need.rule.why}`);

  const helpers = needs.filter(isHelper);
  if (helpers.length > 0) {
    const byKey = new Map(ws.crates.map((c) => [c.id.key, c]));
    for (const c of ws.crates) {
      const closure = buildTimeClosure(c, byKey);
      for (const h of helpers) {
        if (closure.has(h.crate)) add(c.id.name, h, `Its build script uses the ${h.crate} crate: ${h.rule.why}`);
      }
    }
  }

  const crates = [...acc.entries()]
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([crate, e]) => ({
      crate,
      buildInputs: [...e.buildInputs].sort(byteOrder),
      nativeBuildInputs: [...e.nativeBuildInputs].sort(byteOrder),
      env: [...e.env.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([name, value]) => ({ name, value })),
      why: e.why,
    }));
  return { crates, unknown: native.unknown };
}
