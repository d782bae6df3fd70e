// dream2nix's outputs: the flake and the package module it evaluates per member.
import type { Renderer } from '../renderer.ts';
import { dream2nixFlake, dream2nixModule } from './dream2nix-nix.ts';

export const dream2nixFlakeRenderer: Renderer = {
  id: 'dream2nix/flake.nix',
  backend: 'dream2nix',
  label: 'flake.nix',
  files: (model, options) => [{ path: 'flake.nix', text: dream2nixFlake(model, options), language: 'nix' }],
};

export const dream2nixModuleRenderer: Renderer = {
  id: 'dream2nix/default.nix',
  backend: 'dream2nix',
  label: 'default.nix',
  files: (model) => [{ path: 'default.nix', text: dream2nixModule(model), language: 'nix' }],
};

export const DREAM2NIX_RENDERERS: readonly Renderer[] = [dream2nixFlakeRenderer, dream2nixModuleRenderer];
