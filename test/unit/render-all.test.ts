// renderAll runs every renderer on its own: one that throws (a bad flake
// option, a bug) gives an error output in its place and costs the user none
// of the other files.
import { describe, expect, it } from 'vitest';
import { renderCargoNix } from '../../worker/render/cargo2nix/cargo-nix.ts';
import { renderFlakeNix } from '../../worker/render/cargo2nix/flake-nix.ts';
import { RENDERERS, renderAll, rendererById } from '../../worker/render/index.ts';
import type { Renderer } from '../../worker/render/renderer.ts';
import { model } from '../support/engine.ts';
import { SCENARIOS } from '../support/scenarios.ts';

const s = SCENARIOS.find((x) => x.name === 'root-features')!;
const ws = await model(s.files, s.snapshot);

describe('renderAll', () => {
  it('gives one output per renderer, in list order, each with its files', () => {
    const outputs = renderAll(ws, { flake: {} });
    expect(outputs.map((o) => o.renderer)).toEqual(RENDERERS.map((r) => r.id));
    // The other backends' renderers follow cargo2nix's; their own tests cover their files.
    const cargo2nix = outputs.filter((o) => o.renderer.startsWith('cargo2nix/'));
    expect(cargo2nix.map((o) => o.renderer)).toEqual(['cargo2nix/Cargo.nix', 'cargo2nix/flake.nix']);
    expect(outputs.slice(0, 2)).toEqual(cargo2nix);
    expect(outputs.every((o) => o.ok)).toBe(true);
    const files = cargo2nix.flatMap((o) => (o.ok ? o.files : []));
    expect(files.map((f) => [f.path, f.language])).toEqual([
      ['Cargo.nix', 'nix'],
      ['flake.nix', 'nix'],
    ]);
    expect(files[0]!.text).toBe(renderCargoNix(ws));
    expect(files[1]!.text).toBe(renderFlakeNix(ws, {}));
  });

  it('keeps Cargo.nix when a flake option is bad, and says why flake.nix is missing', () => {
    const [cargoNix, flake] = renderAll(ws, { flake: { rootFeatures: ['nope/x'] } });
    expect(cargoNix).toMatchObject({ renderer: 'cargo2nix/Cargo.nix', label: 'Cargo.nix', ok: true });
    expect(cargoNix!.ok && cargoNix!.files[0]!.text).toBe(renderCargoNix(ws));
    expect(flake).toMatchObject({ renderer: 'cargo2nix/flake.nix', label: 'flake.nix', ok: false });
    expect(!flake!.ok && flake!.error.message).toMatch(/nope/);
  });

  it('turns any exception of a renderer into its error output', () => {
    const broken: Renderer = {
      id: 'test/broken',
      backend: 'cargo2nix',
      label: 'broken',
      files: () => {
        throw new TypeError('cannot read the model');
      },
    };
    const outputs = renderAll(ws, { flake: {} }, [broken, rendererById('cargo2nix/Cargo.nix')!]);
    expect(outputs[0]).toEqual({ renderer: 'test/broken', label: 'broken', ok: false, error: { message: 'cannot read the model' } });
    expect(outputs[1]!.ok).toBe(true);
  });
});
