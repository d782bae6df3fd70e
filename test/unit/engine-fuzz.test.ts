// Mangled real inputs must end in a Cargo.nix or a GeneratorError — never a
// TypeError, a hang or a stack overflow. Mutations: drop, duplicate or swap
// lines, and change single characters, in the lock or in a manifest.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { RegistryDirSource } from '../../worker/node/registry-dir.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { goldenCases } from '../support/golden.ts';

type Mutation = { kind: 'drop' | 'dup'; at: number } | { kind: 'swap'; at: number; with: number } | { kind: 'char'; at: number; ch: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    ch: fc.constantFrom('"', '=', '[', ']', '#', '\n', '0', '9', '.', '-', ' ', 'x', '?', '/', ':'),
  }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % Math.max(lines.length, 1);
  switch (m.kind) {
    case 'drop':
      lines.splice(i, 1);
      return lines.join('\n');
    case 'dup':
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    case 'swap': {
      const j = m.with % Math.max(lines.length, 1);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 'char': {
      const at = m.at % Math.max(text.length, 1);
      return text.slice(0, at) + m.ch + text.slice(at + 1);
    }
  }
}

describe('generator on mangled inputs (fuzz)', () => {
  const cases = goldenCases();

  it('ends in output or a GeneratorError', async () => {
    const inputs = await Promise.all(cases.map(async (c) => ({ files: await readWorkspaceDir(c.dir), source: new RegistryDirSource(c.registry) })));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: cases.length - 1 }), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ci, fi, ms) => {
        const { files, source } = inputs[ci]!;
        const names = [...files.keys()].filter((f) => f.endsWith('Cargo.toml') || f === 'Cargo.lock');
        const target = names[fi % names.length]!;
        const mangled = new Map(files);
        mangled.set(target, ms.reduce(mutate, files.get(target)!));
        try {
          await generateCargoNix(mangled, { source });
        } catch (e) {
          if (!(e instanceof GeneratorError)) throw e;
        }
      }),
      { numRuns: 400 },
    );
  });
});
