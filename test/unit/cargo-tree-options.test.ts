// cargo tree's options as cargo 0.66 reads them (edge kinds, features, targets) and the command
// line that carries them (worker/node/tree-args.ts).
import { describe, expect, it } from 'vitest';
import { parseTreeArgs, TreeUsageError } from '../../worker/node/tree-args.ts';
import { SpecError } from '../../worker/views/tree/package-spec.ts';
import { parseCliFeatures, parseEdgeKinds, targetSelection } from '../../worker/views/tree/tree-options.ts';

const kinds = (...values: string[]) => [...parseEdgeKinds(values).edgeKinds].sort();

describe('parseEdgeKinds', () => {
  it('defaults to normal, build and dev; `features` alone adds them', () => {
    expect(kinds()).toEqual(['build', 'dev', 'normal']);
    expect(kinds('features')).toEqual(['build', 'dev', 'feature', 'normal']);
    expect(kinds('features,normal')).toEqual(['feature', 'normal']);
    expect(kinds('all')).toEqual(['build', 'dev', 'feature', 'normal']);
  });

  it('subtracts no-* kinds from the defaults', () => {
    expect(kinds('no-dev')).toEqual(['build', 'normal']);
    expect(kinds('no-dev', 'no-build', 'features')).toEqual(['feature', 'normal']);
  });

  it('keeps no-proc-macro apart, as cargo does (only the last value counts)', () => {
    expect(parseEdgeKinds(['no-proc-macro'])).toEqual({ edgeKinds: new Set(['normal', 'build', 'dev']), noProcMacro: true });
    expect(parseEdgeKinds(['no-proc-macro,normal']).noProcMacro).toBe(false);
  });

  it("refuses unknown kinds and mixes, with cargo's messages", () => {
    expect(() => parseEdgeKinds(['bogus'])).toThrow(SpecError);
    expect(() => parseEdgeKinds(['bogus'])).toThrow('unknown edge kind `bogus`, valid values are "normal", "build", "dev", "no-normal"');
    expect(() => parseEdgeKinds(['normal,no-dev'])).toThrow(
      '`normal` dependency kind cannot be mixed with "no-normal", "no-build", or "no-dev" dependency kinds',
    );
  });
});

describe('parseCliFeatures', () => {
  it('splits on spaces and commas, drops repeats and sorts features before dep/feature', () => {
    expect(parseCliFeatures(['b a', 'regex/perf,a', 'x?/y'])).toEqual([
      { kind: 'feature', name: 'a' },
      { kind: 'feature', name: 'b' },
      { kind: 'depFeature', dep: 'regex', feature: 'perf', weak: false },
      { kind: 'depFeature', dep: 'x', feature: 'y', weak: true },
    ]);
  });

  it('refuses dep: and double slashes', () => {
    expect(() => parseCliFeatures(['dep:log'])).toThrow('feature `dep:log` is not allowed to use explicit `dep:` syntax');
    expect(() => parseCliFeatures(['a/b/c'])).toThrow('multiple slashes in feature `a/b/c` is not allowed');
  });
});

describe('targetSelection', () => {
  it('is the host without --target, everything for a lone `all`, else the triples', () => {
    expect(targetSelection([])).toEqual({ kind: 'host' });
    expect(targetSelection(['all'])).toEqual({ kind: 'all' });
    expect(targetSelection(['all', 'x86_64-pc-windows-msvc'])).toEqual({ kind: 'triples', triples: ['all', 'x86_64-pc-windows-msvc'] });
  });
});

describe('parseTreeArgs', () => {
  const options = (...args: string[]) => {
    const c = parseTreeArgs(['ws', ...args]);
    if (c === 'help') throw new Error('help');
    return c.options;
  };

  it('reads the workspace, the registry and the selection', () => {
    expect(parseTreeArgs(['ws', '--registry', 'reg', '-p', 'a', '-p', 'b'])).toMatchObject({
      dir: 'ws',
      registry: 'reg',
      options: { packages: { kind: 'specs', specs: ['a', 'b'] } },
    });
    expect(options('--workspace', '--exclude', 'macros').packages).toEqual({ kind: 'workspace', exclude: ['macros'] });
    expect(options().packages).toEqual({ kind: 'default' });
    expect(parseTreeArgs(['--help'])).toBe('help');
  });

  it('reads repeatable and valued options', () => {
    const o = options(
      '-i',
      'libc',
      '-i',
      'syn',
      '--depth',
      '2',
      '--prefix',
      'depth',
      '-d',
      '--no-dedupe',
      '-F',
      'a,b',
      '--all-features',
      '--target',
      'all',
    );
    expect(o).toMatchObject({
      invert: ['libc', 'syn'],
      maxDepth: 2,
      prefix: 'depth',
      duplicates: true,
      noDedupe: true,
      features: ['a,b'],
      allFeatures: true,
      target: { kind: 'all' },
    });
  });

  it('refuses bad usage', () => {
    expect(() => parseTreeArgs(['ws', '--exclude', 'x'])).toThrow(TreeUsageError);
    expect(() => parseTreeArgs(['ws', '--depth', 'deep'])).toThrow("invalid value 'deep' for '--depth <DEPTH>'");
    expect(() => parseTreeArgs(['ws', '--prefix', 'tabs'])).toThrow("invalid value 'tabs' for '--prefix'");
    expect(() => parseTreeArgs(['ws', '--nope'])).toThrow(TreeUsageError);
    expect(() => parseTreeArgs([])).toThrow('expected one workspace folder');
  });
});
