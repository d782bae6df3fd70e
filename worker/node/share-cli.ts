// `npm run --silent share -- <workspace-dir> [--registry <dir>] [--embed] [--tab <file>] [--snapshot]
// [--base <url>]`: prints a share link for a workspace folder, so documentation can build its live
// examples from real folders. Computed locally; nothing is uploaded. Failures exit 1 with one line
// `error: <message>` on stderr, like the generate command.
import { GeneratorError } from '../core/errors.ts';
import { ShareLinkError } from '../share/errors.ts';
import { UsageError } from './cli-args.ts';
import { fail } from './command.ts';
import { parseShareArgs, SHARE_USAGE } from './share-args.ts';
import { shareLinkOf } from './share-link.ts';

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseShareArgs(argv);
    if (command.kind === 'help') {
      process.stdout.write(`${SHARE_USAGE}\n`);
      return 0;
    }
    process.stdout.write(`${await shareLinkOf(command)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message} (see --help)`);
    if (e instanceof GeneratorError) return fail(e.format());
    if (e instanceof ShareLinkError) return fail(e.message);
    return fail(e instanceof Error ? e.message : String(e));
  }
}

process.exitCode = await main(process.argv.slice(2));
