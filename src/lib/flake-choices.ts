// Which flake options the Options panel offers, from the flake catalogue
// (worker/render/cargo2nix/flake-catalogue.ts: only combinations checked
// against the real upstream code), and how to bring a choice back into that
// set when another choice changes (or an old saved choice is no longer offered).
import {
  DEFAULT_CARGO2NIX_REF,
  DEFAULT_RUST_VERSION,
  EXTRA_TARGETS,
  offeredRefs,
  offeredRustVersions,
  offeredTargets,
  type ExtraTarget,
} from '../../worker/render/cargo2nix/flake-catalogue.ts';

export interface FlakeChoice {
  readonly cargo2nixRelease: string;
  /** `''`: the workspace's rust-version, else the default. */
  readonly rustVersion: string;
  readonly targets: readonly string[];
}

export interface TargetOffer {
  readonly target: ExtraTarget;
  /** Why it cannot be picked with the chosen Rust, or undefined when it can. */
  readonly unavailable: string | undefined;
}

/** Rust version the targets are judged by: the chosen one, or the default when following rust-version. */
function judgedRust(choice: FlakeChoice): string {
  return choice.rustVersion === '' ? DEFAULT_RUST_VERSION : choice.rustVersion;
}

export function refChoices(): readonly { value: string; label: string }[] {
  return offeredRefs().map((r) => ({ value: r.ref, label: r.label }));
}

/** `''` first (follow the manifests), then what the catalogue offers with this ref, newest first. */
export function rustChoices(ref: string): readonly string[] {
  return ['', ...offeredRustVersions(ref)];
}

/** Every target, each marked available or not with the current ref and Rust. */
export function targetChoices(choice: FlakeChoice): readonly TargetOffer[] {
  const rust = judgedRust(choice);
  const offered = new Set(offeredTargets(choice.cargo2nixRelease, rust).map((t) => t.triple));
  return EXTRA_TARGETS.map((target) => ({
    target,
    unavailable: offered.has(target.triple)
      ? undefined
      : `needs Rust ${target.sinceRust} or newer${choice.rustVersion === '' ? ` (the default is ${rust})` : ''}`,
  }));
}

/**
 * The nearest offered choice: an unknown ref becomes the default, a Rust the
 * ref does not offer goes back to "from rust-version", and targets that the
 * Rust lacks are dropped. Returns only the fields that change.
 */
export function fitChoice(choice: FlakeChoice): Partial<{ cargo2nixRelease: string; rustVersion: string; targets: string[] }> {
  const out: Partial<{ cargo2nixRelease: string; rustVersion: string; targets: string[] }> = {};
  const ref = offeredRefs().some((r) => r.ref === choice.cargo2nixRelease) ? choice.cargo2nixRelease : DEFAULT_CARGO2NIX_REF;
  if (ref !== choice.cargo2nixRelease) out.cargo2nixRelease = ref;
  const rust = choice.rustVersion === '' || offeredRustVersions(ref).includes(choice.rustVersion) ? choice.rustVersion : '';
  if (rust !== choice.rustVersion) out.rustVersion = rust;
  const offered = new Set(offeredTargets(ref, judgedRust({ ...choice, rustVersion: rust })).map((t) => t.triple));
  const targets = choice.targets.filter((t) => offered.has(t));
  if (targets.length !== choice.targets.length) out.targets = targets;
  return out;
}
