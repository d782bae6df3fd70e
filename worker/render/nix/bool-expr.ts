// cargo2nix 0.12.0's `BoolExpr` (src/expr.rs): the Nix condition a platform
// key turns into. The tree shape matters, not just its meaning: `simplify`
// and `toNix` must reproduce the exact text cargo2nix writes, parentheses and
// operand order included.

export type BoolExpr =
  | { readonly kind: 'and'; readonly a: BoolExpr; readonly b: BoolExpr }
  | { readonly kind: 'or'; readonly a: BoolExpr; readonly b: BoolExpr }
  | { readonly kind: 'not'; readonly a: BoolExpr }
  | { readonly kind: 'single'; readonly text: string }
  | { readonly kind: 'true' }
  | { readonly kind: 'false' };

export const TRUE: BoolExpr = Object.freeze({ kind: 'true' });
export const FALSE: BoolExpr = Object.freeze({ kind: 'false' });

export function single(text: string): BoolExpr {
  return { kind: 'single', text };
}

export function and(a: BoolExpr, b: BoolExpr): BoolExpr {
  return { kind: 'and', a, b };
}

export function or(a: BoolExpr, b: BoolExpr): BoolExpr {
  return { kind: 'or', a, b };
}

export function not(a: BoolExpr): BoolExpr {
  return { kind: 'not', a };
}

// Both folds start from the first item, so `[x]` stays `x` and longer lists
// lean left: ((a && b) && c). An empty list is False for ands too, which is
// why cargo2nix turns `cfg(all())` into `false`.
export function ands(list: readonly BoolExpr[]): BoolExpr {
  const [first, ...rest] = list;
  return first === undefined ? FALSE : rest.reduce(and, first);
}

export function ors(list: readonly BoolExpr[]): BoolExpr {
  const [first, ...rest] = list;
  return first === undefined ? FALSE : rest.reduce(or, first);
}

export function asBool(e: BoolExpr): boolean | undefined {
  return e.kind === 'true' ? true : e.kind === 'false' ? false : undefined;
}

/**
 * Folds constants away bottom-up. The order of the checks matters for the
 * output: with a constant on the left, the right operand is kept as is.
 */
export function simplify(e: BoolExpr): BoolExpr {
  switch (e.kind) {
    case 'and': {
      const a = simplify(e.a);
      const b = simplify(e.b);
      const x = asBool(a);
      if (x === true) return b;
      if (x === false) return FALSE;
      const y = asBool(b);
      if (y === true) return a;
      if (y === false) return FALSE;
      return and(a, b);
    }
    case 'or': {
      const a = simplify(e.a);
      const b = simplify(e.b);
      const x = asBool(a);
      if (x === true) return TRUE;
      if (x === false) return b;
      const y = asBool(b);
      if (y === true) return TRUE;
      if (y === false) return a;
      return or(a, b);
    }
    case 'not': {
      const a = simplify(e.a);
      const x = asBool(a);
      return x === true ? FALSE : x === false ? TRUE : not(a);
    }
    default:
      return e;
  }
}

/**
 * cargo2nix's `is_valid_ident`: whether a Single can follow `!` unwrapped.
 * It allows dots, so attribute paths like `hostPlatform.isWindows` pass.
 */
export function isValidNixIdent(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_'\-.]*$/.test(s);
}

type Parent = 'and' | 'or' | 'not' | 'root';

// Parentheses depend only on the parent: Or needs them under And or Not, And
// only under Not; nested And in And (or Or in Or) is printed flat whichever
// side it is on.
function writeNix(e: BoolExpr, parent: Parent, out: string[]): void {
  switch (e.kind) {
    case 'and':
    case 'or': {
      const wrap = parent === 'not' || (e.kind === 'or' && parent === 'and');
      if (wrap) out.push('(');
      writeNix(e.a, e.kind, out);
      out.push(e.kind === 'and' ? ' && ' : ' || ');
      writeNix(e.b, e.kind, out);
      if (wrap) out.push(')');
      return;
    }
    case 'not':
      out.push('!');
      writeNix(e.a, 'not', out);
      return;
    case 'single':
      out.push(parent === 'not' && !isValidNixIdent(e.text) ? `(${e.text})` : e.text);
      return;
    case 'true':
    case 'false':
      out.push(e.kind);
      return;
  }
}

/** cargo2nix's `BoolExpr::to_nix`; callers simplify first, as cargo2nix does. */
export function toNix(e: BoolExpr): string {
  const out: string[] = [];
  writeNix(e, 'root', out);
  return out.join('');
}
