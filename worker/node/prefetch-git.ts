// `npm run --silent prefetch-git -- <url> <rev> [--base32] [--git-rewrite <from>=<to>]`: the Nix
// hash of that commit's tree (what `nix hash path` prints for a plain checkout without `.git`), or
// with --base32 what `nix-hash --type sha256 --base32` prints. Fetched with the same git client the
// site uses, straight from the host. Errors: exit 1, one line `error: <message>`.
import { GeneratorError } from '../core/errors.ts';
import { errorReason, GitSource } from '../metadata/git/git-source.ts';
import { UsageError } from './cli-args.ts';
import { fail, parseCommand } from './command.ts';
import { parseGitRewrites } from './git-rewrite.ts';

const USAGE = 'usage: prefetch-git <url> <rev> [--base32] [--git-rewrite <from>=<to>]';

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommand(argv, { base32: { type: 'boolean' }, 'git-rewrite': { type: 'string', multiple: true } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const [url, rev, ...rest] = parsed.positionals;
  if (url === undefined || rev === undefined || rest.length > 0) return fail(`expected <url> <rev> (see --help)`);
  if (!/^[0-9a-f]{40}$/.test(rev)) return fail(`\`${rev}\` is not a full commit id (40 hex digits)`);
  try {
    const rewriteUrl = parseGitRewrites(parsed.values['git-rewrite'] ?? []);
    const hash = await new GitSource(rewriteUrl ? { rewriteUrl } : {}).treeHash(url, rev);
    process.stdout.write(`${parsed.values.base32 ? hash.base32 : hash.sri}\n`);
    return 0;
  } catch (e) {
    if (e instanceof GeneratorError) return fail(e.format());
    if (e instanceof UsageError) return fail(`${e.message} (see --help)`);
    return fail(`cannot fetch ${url} at ${rev}: ${errorReason(e)}`);
  }
}

process.exitCode = await main(process.argv.slice(2));
