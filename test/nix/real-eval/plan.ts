// The real-eval runs, derived from the flake catalogue itself so that a new
// ref, Rust version or target is evaluated as soon as the site offers it.
// Each run is a fixture case, the flake options the site would pass, and a
// system; a refused run also edits the generated flake.nix into something the
// catalogue no longer writes, to record that it fails upstream.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { offeredRefs, offeredRustVersions, offeredTargets } from '../../../worker/render/cargo2nix/flake-catalogue.ts';
import type { FlakeOptions } from '../../../worker/render/cargo2nix/flake-nix.ts';

export const FIXTURE_SETS = ['crates-io', 'debian'] as const;

/** A literal change to the generated flake.nix: replace a string, or drop every line holding one. */
export type FlakeEdit = { readonly from: string; readonly to: string } | { readonly dropLinesWith: string };

export interface PlannedRun {
  /** Row name in the record: unique, stable across runs. */
  readonly name: string;
  /** Fixture set and case, `crates-io/hello-world`. */
  readonly case: string;
  readonly options: FlakeOptions;
  readonly system: string;
  readonly edit?: FlakeEdit;
}

const HELLO = 'crates-io/hello-world';

function allTargets(ref: string, rust: string): string[] {
  return offeredTargets(ref, rust).map((t) => t.triple);
}

/** Every run of a full record, in record order. `fixtures` is test/fixtures. */
export function plannedRuns(fixtures: string): PlannedRun[] {
  const runs: PlannedRun[] = [];
  // Every fixture case with default options, on Linux and on Darwin (its overrides differ).
  for (const set of FIXTURE_SETS) {
    for (const c of readdirSync(join(fixtures, set, 'cases')).sort()) {
      for (const system of ['x86_64-linux', 'aarch64-darwin'])
        runs.push({ name: `default+${c}+${system}`, case: `${set}/${c}`, options: {}, system });
    }
  }
  // Every offered (ref, Rust version) with all the targets offered for it; newest and oldest Rust also on Darwin.
  for (const { ref } of offeredRefs()) {
    const versions = offeredRustVersions(ref);
    for (const rustVersion of versions) {
      const options = { cargo2nixRef: ref, rustVersion, extraTargets: allTargets(ref, rustVersion) };
      runs.push({ name: `${ref}+${rustVersion}+x86_64-linux`, case: HELLO, options, system: 'x86_64-linux' });
      if (rustVersion === versions[0] || rustVersion === versions[versions.length - 1]) {
        runs.push({ name: `${ref}+${rustVersion}+aarch64-darwin`, case: HELLO, options, system: 'aarch64-darwin' });
      }
    }
  }
  // The newer rust-overlay on an old Rust, and bigger workspaces with every target.
  const every = allTargets('release-0.12', '1.83.0');
  runs.push({ name: 'overlay-latest+1.83.0', case: HELLO, options: { rustOverlay: 'latest', rustVersion: '1.83.0' }, system: 'x86_64-linux' });
  runs.push({ name: 'targets+workspace', case: 'debian/workspace', options: { extraTargets: every }, system: 'x86_64-linux' });
  runs.push({ name: 'targets+bigger-project', case: 'crates-io/bigger-project', options: { extraTargets: every }, system: 'x86_64-linux' });
  const newest = offeredRustVersions('release-0.12')[0]!;
  runs.push({
    name: 'newest+bigger-project',
    case: 'crates-io/bigger-project',
    options: { rustVersion: newest, extraTargets: every },
    system: 'x86_64-linux',
  });
  // What the catalogue refuses: generated flakes edited by hand (the generator would not write them).
  const refused = (name: string, options: FlakeOptions, edit: FlakeEdit): void => {
    runs.push({ name: `refused:${name}`, case: HELLO, options, system: 'x86_64-linux', edit });
  };
  const ref = (to: string): FlakeEdit => ({ from: 'cargo2nix/release-0.12"', to: `cargo2nix/${to}"` });
  const rust = (from: string, to: string): FlakeEdit => ({ from: `rustVersion = "${from}"`, to: `rustVersion = "${to}"` });
  refused('overlay-no-nixpkgs-follows', { rustVersion: '1.88.0' }, { dropLinesWith: 'inputs.nixpkgs.follows = "nixpkgs";' });
  refused('ref-release-0.11', {}, ref('release-0.11'));
  refused('ref-release-0.11.0', {}, ref('release-0.11.0'));
  refused('ref-v0.11.0', {}, ref('v0.11.0'));
  refused('rust-1.86.0-pinned', { rustVersion: '1.85.0' }, rust('1.85.0', '1.86.0'));
  refused('rust-1.99.0-newer', { rustVersion: '1.98.0' }, rust('1.98.0', '1.99.0'));
  refused('wasm-no-rustc-config', { extraTargets: ['wasm32-wasip1'] }, { dropLinesWith: 'rustc.config = ' });
  refused('wasm-rust-1.77.2', { rustVersion: '1.78.0', extraTargets: ['wasm32-wasip1'] }, rust('1.78.0', '1.77.2'));
  return runs;
}

/** Folder name for a run: real-eval needs a valid store path name (no `:`). */
export function runDir(name: string): string {
  return name.replaceAll(':', '=');
}

/** Applies a refused run's edit; throws when it changes nothing, so a refused run never silently tests the plain flake. */
export function applyEdit(flake: string, edit: FlakeEdit): string {
  const [find, out] =
    'dropLinesWith' in edit
      ? [
          edit.dropLinesWith,
          flake
            .split('\n')
            .filter((l) => !l.includes(edit.dropLinesWith))
            .join('\n'),
        ]
      : [edit.from, flake.replaceAll(edit.from, edit.to)];
  if (out === flake) throw new Error(`edit found no ${JSON.stringify(find)} in flake.nix`);
  return out;
}
