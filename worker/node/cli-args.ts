// The command line's arguments, parsed with node:util's parseArgs into what to do.
import { parseArgs } from 'node:util';

export const USAGE = [
  'usage: cargo2nix-playground <workspace-dir> [--registry <registry-dir>] [--renderer <id>] [--out <dir>]',
  '',
  '  Prints the Cargo.nix cargo2nix 0.12.0 would write for the workspace.',
  '  Crate metadata comes from crates.io and git hosts over the network, or from a registry folder:',
  '  --registry <dir>   crate metadata: index/, crate-facts.json, git/ (see test/fixtures/README.md)',
  '  --index <url>      sparse index to read instead of https://index.crates.io',
  '  --dl <url>         where <name>/<name>-<version>.crate are, instead of https://static.crates.io/crates',
  '  --git-rewrite <from>=<to>  fetch git repositories whose URL starts with <from> from <to> (repeatable)',
  '  --renderer <id>    print that output instead (ids below); with --out, write only its files',
  '  --out <dir>        write every output file into <dir> instead of printing',
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
  for (const name of ['registry', 'renderer', 'out', 'index', 'dl'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  if (values.registry !== undefined) {
    for (const name of ['index', 'dl', 'git-rewrite'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} reads the network; it cannot be combined with --registry`);
    }
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
  };
}
