// The command line's arguments, parsed with node:util's parseArgs into what to do.
import { parseArgs } from 'node:util';
import { BACKENDS, OptionsError, parseUserOptions, type BackendId, type UserOptions } from '../options/user-options.ts';

export const USAGE = [
  'usage: cargo2nix-playground <workspace-dir> [--registry <registry-dir>] [--backend <name>|all --out <dir>] [--options <json>]',
  '',
  "  Prints the Cargo.nix cargo2nix 0.12.0 would write for the workspace; with --out, writes a backend's",
  '  files and a README.md saying how to build into <dir>.',
  '  Crate metadata comes from crates.io and git hosts over the network, or from a registry folder:',
  '  --registry <dir>   crate metadata: index/, crate-facts.json, git/ (see test/fixtures/README.md)',
  '  --index <url>      sparse index to read instead of https://index.crates.io',
  '  --dl <url>         where <name>/<name>-<version>.crate are, instead of https://static.crates.io/crates',
  '  --git-rewrite <from>=<to>  fetch git repositories whose URL starts with <from> from <to> (repeatable)',
  "  --out <dir>        write the backend's files (cargo2nix: Cargo.nix, flake.nix) and a README.md into <dir>",
  `  --backend <name>   with --out: ${BACKENDS.join(', ')}, or all (one folder per backend);`,
  "                     default: the options' backend, else cargo2nix",
  "  --options <json>   the options the site's panel sets, as its share links carry them: inline JSON",
  '                     (starting with `{`) or a JSON file, e.g. {"release":false,"targets":["x86_64-unknown-linux-musl"]}',
  '  --renderer <id>    print that output instead (ids below); with --out, write only its files',
  '  -h, --help         this text',
].join('\n');

export type CliCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'generate';
      readonly workspace: string;
      /** A registry folder; without it, the network (crates.io, or `index`/`dl`, and git hosts). */
      readonly registry?: string;
      readonly index?: string;
      readonly dl?: string;
      readonly gitRewrites: readonly string[];
      readonly renderer?: string;
      readonly out?: string;
      /** Only with `out`: one backend, or every backend in a folder of its own. */
      readonly backend?: BackendId | 'all';
      /** `--options` as given: inline JSON or a file's path (see `readUserOptions`). */
      readonly options?: string;
    };

/** Wrong arguments: printed with a pointer to --help. */
export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        registry: { type: 'string' },
        renderer: { type: 'string' },
        out: { type: 'string' },
        index: { type: 'string' },
        dl: { type: 'string' },
        'git-rewrite': { type: 'string', multiple: true },
        backend: { type: 'string' },
        options: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    // parseArgs' messages name the option but also suggest `--`, which this command has no use for.
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) throw new UsageError(`unexpected argument \`${positionals[1]}\`: give one workspace folder`);
  const workspace = positionals[0];
  if (workspace === undefined) throw new UsageError('missing <workspace-dir>');
  for (const name of ['registry', 'renderer', 'out', 'index', 'dl', 'backend', 'options'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  if (values.registry !== undefined) {
    for (const name of ['index', 'dl', 'git-rewrite'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} reads the network; it cannot be combined with --registry`);
    }
  }
  const backend = values.backend;
  if (backend !== undefined) {
    if (backend !== 'all' && !(BACKENDS as readonly string[]).includes(backend))
      throw new UsageError(`no backend \`${backend}\`; known: ${BACKENDS.join(', ')}, all`);
    if (values.renderer !== undefined) throw new UsageError('--renderer picks one output already; it cannot be combined with --backend');
    // Without --out the command prints one file; a backend is several files (and `all` several folders).
    if (values.out === undefined) throw new UsageError(`--backend ${backend} writes files: give --out <dir> (or --renderer <id> to print one file)`);
  }
  return {
    kind: 'generate',
    workspace,
    gitRewrites: values['git-rewrite'] ?? [],
    ...(values.registry !== undefined ? { registry: values.registry } : {}),
    ...(values.index !== undefined ? { index: values.index } : {}),
    ...(values.dl !== undefined ? { dl: values.dl } : {}),
    ...(values.renderer !== undefined ? { renderer: values.renderer } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(backend !== undefined ? { backend: backend as BackendId | 'all' } : {}),
    ...(values.options !== undefined ? { options: values.options } : {}),
  };
}

/**
 * `--options`: inline JSON when it starts with `{`, else the path of a JSON file (read with
 * `readText`, which throws its own located error). The JSON is the share links' shape, read
 * strictly: an unknown or mistyped field is an error naming it.
 */
export function readUserOptions(value: string, readText: (path: string) => string): UserOptions {
  const inline = value.trimStart().startsWith('{');
  const where = inline ? '--options' : value;
  const text = inline ? value : readText(value);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return parseUserOptions(json, { where: inline ? '--options' : 'options', strict: true });
  } catch (e) {
    if (!(e instanceof OptionsError)) throw e;
    throw new UsageError(inline ? e.message : `${value}: ${e.message}`);
  }
}
