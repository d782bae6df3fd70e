// The list of renderers. Everything that shows, downloads, shares or prints
// outputs loops over this list instead of naming files.
import { errorInfo } from '../core/errors.ts';
import type { ResolvedWorkspace } from '../model/model.ts';
import { cargoNixRenderer } from './cargo2nix/cargo-nix.ts';
import { flakeNixRenderer } from './cargo2nix/flake-nix.ts';
import type { RenderedOutput, Renderer, RenderOptions } from './renderer.ts';
import { brpFlakeRenderer, brpPackageRenderer } from './build-rust-package/build-rust-package.ts';
import { craneFlakeRenderer } from './crane/crane.ts';
import { naerskFlakeRenderer } from './naersk/naersk.ts';
import { CRATE2NIX_RENDERERS } from './crate2nix/renderers.ts';
import { DREAM2NIX_RENDERERS } from './dream2nix/renderers.ts';

export const RENDERERS: readonly Renderer[] = [
  cargoNixRenderer,
  flakeNixRenderer,
  brpFlakeRenderer,
  brpPackageRenderer,
  craneFlakeRenderer,
  naerskFlakeRenderer,
  ...CRATE2NIX_RENDERERS,
  ...DREAM2NIX_RENDERERS,
];

export function rendererById(id: string): Renderer | undefined {
  return RENDERERS.find((r) => r.id === id);
}

/** Every renderer, each failing on its own: a bad flake option never costs the user Cargo.nix. */
export function renderAll(model: ResolvedWorkspace, options: RenderOptions, renderers: readonly Renderer[] = RENDERERS): RenderedOutput[] {
  return renderers.map((r) => {
    try {
      return { renderer: r.id, label: r.label, ok: true, files: r.files(model, options) };
    } catch (e) {
      return { renderer: r.id, label: r.label, ok: false, error: errorInfo(e) };
    }
  });
}
