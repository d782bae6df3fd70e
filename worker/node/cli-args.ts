// The command line's arguments, parsed with node:util's parseArgs into what to do.
import { parseArgs } from 'node:util';

export const USAGE = [
  'usage: cargo2nix-playground <workspace-dir> --registry <registry-dir> [--renderer <id>] [--out <dir>]',
  '',
  '  Prints the Cargo.nix cargo2nix 0.12.0 would write for the workspace.',
  '  --registry <dir>   crate metadata: index/, crate-facts.json, git/ (see test/fixtures/README.md)',
  '  --renderer <id>    print that output instead (ids below); with --out, write only its files',
  '  --out <dir>        write every output file into <dir> instead of printing',
  '  -h, --help         this text',
].join('\n');

export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'generate'; readonly workspace: string; readonly registry: string; readonly renderer?: string; readonly out?: string };

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
  if (values.registry === undefined) throw new UsageError('missing --registry <registry-dir>');
  for (const name of ['registry', 'renderer', 'out'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  return {
    kind: 'generate',
    workspace,
    registry: values.registry,
    ...(values.renderer !== undefined ? { renderer: values.renderer } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}
