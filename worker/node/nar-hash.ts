// `npm run --silent nar-hash -- <path> [--base32]`: the Nix hash of a folder (or file, or symlink),
// what `nix hash path` prints (SRI), or with --base32 what `nix-hash --type sha256 --base32`
// prints. Errors follow the command line's contract: exit 1, one line `error: <file>: <message>`.
import { GeneratorError } from '../core/errors.ts';
import { fail, parseCommand } from './command.ts';
import { narHashPath } from './read-tree.ts';

const USAGE = 'usage: nar-hash <path> [--base32]';

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommand(argv, { base32: { type: 'boolean' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) return fail(`expected one path, got ${parsed.positionals.length} (see --help)`);
  try {
    const hash = await narHashPath(parsed.positionals[0]!);
    process.stdout.write(`${parsed.values.base32 ? hash.base32 : hash.sri}\n`);
    return 0;
  } catch (e) {
    if (e instanceof GeneratorError) return fail(e.format());
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
