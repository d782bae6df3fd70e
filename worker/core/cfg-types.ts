// The shapes of cargo-platform 0.2.0's `Platform`, `CfgExpr` and `Cfg`, which
// cargo2nix 0.12.0 translates into Nix conditions. Kept apart from the parser
// so the model and renderers can name them without pulling in parsing code.

/** An identifier inside a cfg expression; `raw` is true for `r#name`. */
export interface CfgIdent {
  readonly name: string;
  readonly raw: boolean;
}

export type Cfg = { readonly kind: 'name'; readonly name: CfgIdent } | { readonly kind: 'keyPair'; readonly key: CfgIdent; readonly value: string };

export type CfgExpr =
  | { readonly kind: 'not'; readonly expr: CfgExpr }
  | { readonly kind: 'all'; readonly exprs: readonly CfgExpr[] }
  | { readonly kind: 'any'; readonly exprs: readonly CfgExpr[] }
  | { readonly kind: 'value'; readonly cfg: Cfg };

/** The key of a `[target.<key>]` table: a target triple or a `cfg(...)`. */
export type Platform = { readonly kind: 'name'; readonly triple: string } | { readonly kind: 'cfg'; readonly expr: CfgExpr };
