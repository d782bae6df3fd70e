// `cargo tree --format`: text with `{p}` (the package), `{f}` (its enabled features), `{lib}` (its
// lib target's crate name), `{l}`/`{r}` (license, repository), `{{`/`}}` escapes, parsed as cargo
// 0.66's `ops/tree/format/parse.rs` does.
import { SpecError } from './package-spec.ts';

/** What `{l}` and `{r}` print: fields of the package's own Cargo.toml. */
export interface PackageMetadata {
  readonly license: string | undefined;
  readonly repository: string | undefined;
}

export type FormatChunk =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'package' }
  | { readonly kind: 'features' }
  | { readonly kind: 'lib' }
  | { readonly kind: 'license' }
  | { readonly kind: 'repository' };

function formatError(format: string, cause: string): SpecError {
  return new SpecError(`tree format \`${format}\` not valid\n\nCaused by:\n  ${cause}`);
}

export function parseTreeFormat(format: string): FormatChunk[] {
  const chars = [...format];
  const chunks: FormatChunk[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '{') {
      i++;
      if (chars[i] === '{') {
        i++;
        chunks.push({ kind: 'text', text: '{' });
        continue;
      }
      let name = '';
      if (i < chars.length && /\p{Alphabetic}/u.test(chars[i]!)) {
        name += chars[i++];
        while (i < chars.length && /[\p{Alphabetic}\p{N}]/u.test(chars[i]!)) name += chars[i++];
      }
      if (chars[i] !== '}') throw formatError(format, "expected '}'");
      i++;
      if (name === 'p') chunks.push({ kind: 'package' });
      else if (name === 'f') chunks.push({ kind: 'features' });
      else if (name === 'lib') chunks.push({ kind: 'lib' });
      else if (name === 'l') chunks.push({ kind: 'license' });
      else if (name === 'r') chunks.push({ kind: 'repository' });
      else throw formatError(format, `unsupported pattern \`${name}\``);
    } else if (c === '}') {
      i++;
      if (chars[i] !== '}') throw formatError(format, "unexpected '}'");
      i++;
      chunks.push({ kind: 'text', text: '}' });
    } else {
      let text = '';
      while (i < chars.length && chars[i] !== '{' && chars[i] !== '}') text += chars[i++];
      chunks.push({ kind: 'text', text });
    }
  }
  return chunks;
}
