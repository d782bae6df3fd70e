// Where `[[package]]` headers sit in a Cargo.lock (core/text-position.ts): the lock parser names
// these lines in its errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrayTableHeaderLines } from '../../worker/core/text-position.ts';

/** The definition, line by line: a header alone on its line, surrounding blanks allowed. */
const byLines = (text: string, header: string) => text.split('\n').flatMap((l, i) => (l.trim() === `[[${header}]]` ? [i + 1] : []));

describe('arrayTableHeaderLines', () => {
  it('numbers header lines from 1 and skips headers that share their line', () => {
    const text = '[[package]]\nname = "a"\n\n  [[package]]\r\n# [[package]]\n[[package]] [[package]]\n[[patch.unused]]\n[[package]]';
    expect(arrayTableHeaderLines(text, 'package')).toEqual([1, 4, 8]);
  });

  it('agrees with reading the text line by line', () => {
    const piece = fc.constantFrom('[[package]]', '[[package]]', '\n', '\n', ' ', '\r', 'name = "x"', '[package]', '[[', ']]', 'p');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(arrayTableHeaderLines(text, 'package')).toEqual(byLines(text, 'package'));
      }),
      { numRuns: 2000 },
    );
  });
});
