// The `profilesByName` entries of Cargo.nix. cargo2nix 0.12.0 re-serialises each
// `[profile.<name>]` table of the root manifest with the Rust `toml` crate, guards Nix
// interpolation by turning `${` into `\${`, applies `str::escape_debug`, and the template
// pastes the result between double quotes:
//     <name> = builtins.fromTOML "<escaped>";

import { parse } from 'smol-toml';
import { compareUtf8, isPlainTable, tomlToString, type TomlWriteOptions } from '../render/cargo2nix/toml-write.ts';

export type ProfileOptions = TomlWriteOptions;

/**
 * The escaped TOML text of every profile, in the order the template writes them
 * (Rust's BTreeMap order by name). `manifest` is the root Cargo.toml as smol-toml parses
 * it; see `TomlWriteOptions.numbers` for how plain JS numbers are read.
 *
 * cargo2nix deserialises `profile` as a map of tables and falls back to no profiles at
 * all if that fails, so one non-table profile (or a non-table `profile`) empties the map.
 */
export function extractProfiles(manifest: Record<string, unknown>, options: ProfileOptions = {}): Map<string, string> {
  const result = new Map<string, string>();
  const profiles = manifest['profile'];
  if (!isPlainTable(profiles)) return result;
  const names = Object.keys(profiles).sort(compareUtf8);
  if (!names.every((name) => isPlainTable(profiles[name]))) return result;

  for (const name of names) {
    let table = profiles[name] as Record<string, unknown>;
    // cargo ignores `panic` for these two, and cargo2nix drops it so Nix never sees it.
    if ((name === 'test' || name === 'bench') && Object.hasOwn(table, 'panic')) {
      table = Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'panic'));
    }
    result.set(name, escapeProfileToml(tomlToString(table, options)));
  }
  return result;
}

/**
 * Like `extractProfiles`, from the manifest text. Parsing with BigInt integers keeps
 * `3` and `3.0` apart, which plain JS numbers cannot. Text that does not parse yields no
 * profiles, as cargo2nix's `toml::from_str(...).ok()` does.
 */
export function extractProfilesFromToml(manifestText: string): Map<string, string> {
  let manifest: Record<string, unknown>;
  try {
    manifest = parse(manifestText, { integersAsBigInt: true });
  } catch {
    return new Map();
  }
  return extractProfiles(manifest, { numbers: 'float' });
}

/** cargo2nix's post-processing of one serialised profile. */
export function escapeProfileToml(toml: string): string {
  return rustEscapeDebug(toml.replaceAll('${', '\\${'));
}

// Rust's `char::is_printable` counts as unprintable exactly the general categories below
// (space aside). The JS engine's Unicode tables may be newer than the rustc that built
// cargo2nix; only code points assigned in between can come out differently.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const GRAPHEME_EXTEND = /\p{Grapheme_Extend}/u;

/**
 * Rust's `str::escape_debug`: `\0 \t \r \n \\ \' \"` as backslash escapes, unprintable
 * characters as `\u{hex}`, and a grapheme-extending character escaped only when it starts
 * the string (so it cannot combine with the opening quote).
 */
export function rustEscapeDebug(s: string): string {
  let out = '';
  let first = true;
  for (const ch of s) {
    out += escapeChar(ch, first);
    first = false;
  }
  return out;
}

function escapeChar(ch: string, first: boolean): string {
  switch (ch) {
    case '\0':
      return '\\0';
    case '\t':
      return '\\t';
    case '\r':
      return '\\r';
    case '\n':
      return '\\n';
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '"':
      return '\\"';
  }
  const c = ch.codePointAt(0)!;
  if (c >= 0x20 && c < 0x7f) return ch;
  if ((first && GRAPHEME_EXTEND.test(ch)) || UNPRINTABLE.test(ch)) return `\\u{${c.toString(16)}}`;
  return ch;
}
