// The root manifest's `[profile.<name>]` tables, parsed for the model. How a
// backend writes them out (cargo2nix re-serialises each one with the Rust
// `toml` crate) is the renderer's business: see render/cargo2nix/profiles.ts.
import { parse, type TomlValue } from 'smol-toml';

/**
 * Every `[profile.<name>]` value of the root manifest, in the manifest's order.
 * Integers come out as bigint, which keeps `3` and `3.0` apart (plain JS
 * numbers cannot). No profiles when there is no `profile` table, or when the
 * text does not parse (the workspace loader reports that with its location).
 */
export function parseProfiles(manifestText: string): Map<string, TomlValue> {
  let manifest: Record<string, TomlValue>;
  try {
    manifest = parse(manifestText, { integersAsBigInt: true });
  } catch {
    return new Map();
  }
  const profiles = manifest['profile'];
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles) || profiles instanceof Date) return new Map();
  return new Map(Object.entries(profiles));
}
