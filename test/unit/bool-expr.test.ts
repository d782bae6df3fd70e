// Expected strings here follow from reading cargo2nix 0.12.0's src/expr.rs;
// the golden-file checks in platform-nix.test.ts cover real tool output.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FALSE,
  TRUE,
  and,
  ands,
  asBool,
  isValidNixIdent,
  not,
  or,
  ors,
  simplify,
  single,
  toNix,
  type BoolExpr,
} from '../../worker/render/nix/bool-expr.ts';

const a = single('a');
const b = single('b');
const c = single('c');
const eqB = single('x == "b"');
const win = single('hostPlatform.isWindows');

describe('ands / ors', () => {
  it('return False for an empty list (both of them)', () => {
    expect(ands([])).toEqual(FALSE);
    expect(ors([])).toEqual(FALSE);
  });

  it('return a single item unchanged', () => {
    expect(ands([a])).toBe(a);
    expect(ors([a])).toBe(a);
  });

  it('fold to the left', () => {
    expect(ands([a, b, c])).toEqual(and(and(a, b), c));
    expect(ors([a, b, c])).toEqual(or(or(a, b), c));
  });
});

describe('simplify', () => {
  it.each<[string, BoolExpr, BoolExpr]>([
    ['True && b → b', and(TRUE, b), b],
    ['False && b → False', and(FALSE, b), FALSE],
    ['a && True → a', and(a, TRUE), a],
    ['a && False → False', and(a, FALSE), FALSE],
    ['True && False → False', and(TRUE, FALSE), FALSE],
    ['False && True → False', and(FALSE, TRUE), FALSE],
    ['True || b → True', or(TRUE, b), TRUE],
    ['False || b → b', or(FALSE, b), b],
    ['a || True → True', or(a, TRUE), TRUE],
    ['a || False → a', or(a, FALSE), a],
    ['False || False → False', or(FALSE, FALSE), FALSE],
    ['!True → False', not(TRUE), FALSE],
    ['!False → True', not(FALSE), TRUE],
    ['!!a stays', not(not(a)), not(not(a))],
    ['!!False → False', not(not(FALSE)), FALSE],
    ['a && b stays', and(a, b), and(a, b)],
    ['nested: (a || False) && !(b && False) → a', and(or(a, FALSE), not(and(b, FALSE))), a],
    ['constants only found after simplifying children', and(or(FALSE, FALSE), a), FALSE],
    ['Single is never inspected', single('true'), single('true')],
  ])('%s', (_, input, expected) => {
    expect(simplify(input)).toEqual(expected);
  });

  it('returns the simplified operand itself when the other is constant', () => {
    expect(simplify(and(TRUE, b))).toBe(b);
    expect(simplify(or(a, FALSE))).toBe(a);
  });

  it('leaves no constant inside a non-constant result, keeps meaning, and is idempotent', () => {
    const leaf = fc.oneof(fc.constant(TRUE), fc.constant(FALSE), fc.constantFrom('p', 'q', 'r').map(single));
    const exprArb = fc.letrec<{ e: BoolExpr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        tie('e').map(not),
        fc.tuple(tie('e'), tie('e')).map(([x, y]) => and(x, y)),
        fc.tuple(tie('e'), tie('e')).map(([x, y]) => or(x, y)),
      ),
    })).e;
    const evaluate = (e: BoolExpr, env: Record<string, boolean>): boolean => {
      switch (e.kind) {
        case 'and':
          return evaluate(e.a, env) && evaluate(e.b, env);
        case 'or':
          return evaluate(e.a, env) || evaluate(e.b, env);
        case 'not':
          return !evaluate(e.a, env);
        case 'single':
          return env[e.text] ?? false;
        case 'true':
          return true;
        case 'false':
          return false;
      }
    };
    const hasConstant = (e: BoolExpr): boolean =>
      asBool(e) !== undefined || (e.kind === 'and' || e.kind === 'or' ? hasConstant(e.a) || hasConstant(e.b) : e.kind === 'not' && hasConstant(e.a));
    fc.assert(
      fc.property(exprArb, fc.boolean(), fc.boolean(), fc.boolean(), (e, p, q, r) => {
        const s = simplify(e);
        if (asBool(s) === undefined) expect(hasConstant(s)).toBe(false);
        const env = { p, q, r };
        expect(evaluate(s, env)).toBe(evaluate(e, env));
        expect(simplify(s)).toEqual(s);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('toNix', () => {
  it.each<[string, BoolExpr, string]>([
    ['constants', and(TRUE, FALSE), 'true && false'],
    ['a Single at the root is never wrapped', eqB, 'x == "b"'],
    ['a non-identifier Single under ! is wrapped', not(eqB), '!(x == "b")'],
    ['an attribute path under ! is not', not(win), '!hostPlatform.isWindows'],
    ['Or inside And gets parentheses', and(a, or(b, c)), 'a && (b || c)'],
    ['… on either side', and(or(a, b), c), '(a || b) && c'],
    ['And inside Or does not', or(and(a, b), c), 'a && b || c'],
    ['And inside And is flat on both sides', and(a, and(b, c)), 'a && b && c'],
    ['Or inside Or is flat on both sides', or(or(a, b), or(c, a)), 'a || b || c || a'],
    ['! of And', not(and(a, b)), '!(a && b)'],
    ['! of Or', not(or(a, b)), '!(a || b)'],
    ['!! stacks without parentheses', not(not(eqB)), '!!(x == "b")'],
    ['! inside And', and(not(a), not(eqB)), '!a && !(x == "b")'],
    ['! of a constant', not(TRUE), '!true'],
    ['deep mix', not(and(or(a, not(b)), eqB)), '!((a || !b) && x == "b")'],
  ])('%s', (_, e, nix) => {
    expect(toNix(e)).toBe(nix);
  });
});

describe('isValidNixIdent', () => {
  it.each<[string, boolean]>([
    ['a', true],
    ['_', true],
    ['_a1', true],
    ["foo'", true],
    ['a-b.c', true],
    ['hostPlatform.isUnix', true],
    ['Z9', true],
    ['', false],
    ['1a', false],
    ['-a', false],
    ["'a", false],
    ['.a', false],
    ['a b', false],
    ['a==b', false],
    ['é', false],
    ['aé', false],
    ['a\n', false],
  ])('%j → %s', (s, ok) => {
    expect(isValidNixIdent(s)).toBe(ok);
  });
});
