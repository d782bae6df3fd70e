// What every small command of ours shares: its arguments read with node:util,
// `--help` answered, and failures as the one-line `error: …` on stderr with
// exit code 1 that the command line's contract promises.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function fail(message: string): number {
  process.stderr.write(`error: ${message.replace(/\n/g, ' ')}\n`);
  return 1;
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
type CommandConfig<O extends Options> = { args: string[]; allowPositionals: true; strict: true; options: O & typeof HELP };
type Parsed<O extends Options> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

/** The parsed arguments, or the exit code when there is nothing more to do (help printed, or a usage error). */
export function parseCommand<O extends Options>(argv: readonly string[], options: O, usage: string): Parsed<O> | number {
  const config: CommandConfig<O> = { args: [...argv], allowPositionals: true, strict: true, options: { ...options, ...HELP } };
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    return fail(`${e instanceof Error ? e.message : String(e)} (see --help)`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}
