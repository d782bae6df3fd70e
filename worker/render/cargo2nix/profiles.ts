// The `profilesByName` entries of Cargo.nix. cargo2nix 0.12.0 deserialises the
// root manifest's `profile` table as a map of tables, re-serialises each one
// with the Rust `toml` crate, guards Nix interpolation by turning `${` into
// `\${`, applies `str::escape_debug`, and its template pastes the result
// between double quotes:
//     <name> = builtins.fromTOML "<escaped>";
import { rustEscapeDebug } from './rust-debug.ts';
import { compareUtf8, isPlainTable, tomlToString, type TomlWriteOptions } from './toml-write.ts';

export type ProfileOptions = TomlWriteOptions;

/**
 * The escaped TOML text of every profile, in the order the template writes
 * them (Rust's BTreeMap order by name). `profiles` are the model's parsed
 * values; see `TomlWriteOptions.numbers` for how plain JS numbers are read
 * (the model's integers are bigint, so the default here is `'float'`).
 *
 * cargo2nix falls back to no profiles at all when the map of tables does not
 * deserialise, so one profile that is not a table empties it.
 */
export function profilesByName(profiles: ReadonlyMap<string, unknown>, options: ProfileOptions = { numbers: 'float' }): Map<string, string> {
  const result = new Map<string, string>();
  const names = [...profiles.keys()].sort(compareUtf8);
  if (!names.every((name) => isPlainTable(profiles.get(name)))) return result;

  for (const name of names) {
    let table = profiles.get(name) as Record<string, unknown>;
    // cargo ignores `panic` for these two, and cargo2nix drops it so Nix never sees it.
    if ((name === 'test' || name === 'bench') && Object.hasOwn(table, 'panic')) {
      table = Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'panic'));
    }
    result.set(name, escapeProfileToml(tomlToString(table, options)));
  }
  return result;
}

/** cargo2nix's post-processing of one serialised profile. */
export function escapeProfileToml(toml: string): string {
  return rustEscapeDebug(toml.replaceAll('${', '\\${'));
}
