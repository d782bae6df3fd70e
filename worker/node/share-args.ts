// `share`'s arguments, parsed with node:util's parseArgs into what link to make.
import { parseArgs } from 'node:util';
import { UsageError } from './cli-args.ts';
import { DEFAULT_SHARE_BASE } from '../share/link.ts';

export const SHARE_USAGE = [
  'usage: share <workspace-dir> [--registry <dir>] [--embed] [--tab <file>] [--snapshot] [--base <url>] [--options <json>]',
  '',
  '  Prints a share link for the workspace folder: every Cargo.toml, the Cargo.lock and which .rs files',
  '  exist, in the link itself (`<base>/#s=…`). Computed here; nothing is uploaded.',
  `  --base <url>       the site's origin (default ${DEFAULT_SHARE_BASE}, the site of \`npm start\`)`,
  '  --embed            a link to the embed page (`<base>/embed#s=…`) for an iframe',
  '  --tab <file>       the tab it opens on: an input path (app/Cargo.toml), a renderer id',
  '                     (cargo2nix/flake.nix) or an output file of the chosen backend (flake.nix)',
  '  --snapshot         carry the crate metadata the workspace needs, so the link renders offline, exactly',
  "                     as here; read from --registry <dir> (the generate command's layout), else the network",
  '  --registry <dir>   crate metadata for --snapshot: index/, crate-facts.json, git/',
  '  --index <url>, --dl <url>, --git-rewrite <from>=<to>   the network, as for the generate command',
  "  --options <json>   the Options panel's choices the link carries (inline JSON or a JSON file)",
  '  -h, --help         this text',
].join('\n');

export type ShareCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'share';
      readonly workspace: string;
      readonly base: string;
      readonly embed: boolean;
      readonly snapshot: boolean;
      readonly tab?: string;
      readonly registry?: string;
      readonly index?: string;
      readonly dl?: string;
      readonly gitRewrites: readonly string[];
      /** `--options` as given: inline JSON or a file's path (cli-args.ts readUserOptions). */
      readonly options?: string;
    };

export function parseShareArgs(argv: readonly string[]): ShareCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        registry: { type: 'string' },
        embed: { type: 'boolean' },
        tab: { type: 'string' },
        snapshot: { type: 'boolean' },
        base: { type: 'string' },
        index: { type: 'string' },
        dl: { type: 'string' },
        'git-rewrite': { type: 'string', multiple: true },
        options: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length > 1) throw new UsageError(`unexpected argument \`${positionals[1]}\`: give one workspace folder`);
  const workspace = positionals[0];
  if (workspace === undefined) throw new UsageError('missing <workspace-dir>');
  for (const name of ['registry', 'tab', 'base', 'index', 'dl', 'options'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a value`);
  }
  const metadataFlags = (['registry', 'index', 'dl', 'git-rewrite'] as const).filter((n) => values[n] !== undefined);
  if (!values.snapshot && metadataFlags.length > 0)
    throw new UsageError(`--${metadataFlags[0]} says where --snapshot reads metadata; add --snapshot`);
  if (values.registry !== undefined) {
    for (const name of ['index', 'dl', 'git-rewrite'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} reads the network; it cannot be combined with --registry`);
    }
  }
  const base = values.base ?? DEFAULT_SHARE_BASE;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--base must be an absolute URL such as ${DEFAULT_SHARE_BASE}; got \`${base}\``);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base must be an http or https URL; got \`${base}\``);
  if (url.search !== '' || url.hash !== '') throw new UsageError(`--base is the site's address without ?query or #fragment; got \`${base}\``);
  return {
    kind: 'share',
    workspace,
    base,
    embed: values.embed === true,
    snapshot: values.snapshot === true,
    gitRewrites: values['git-rewrite'] ?? [],
    ...(values.tab !== undefined ? { tab: values.tab } : {}),
    ...(values.registry !== undefined ? { registry: values.registry } : {}),
    ...(values.index !== undefined ? { index: values.index } : {}),
    ...(values.dl !== undefined ? { dl: values.dl } : {}),
    ...(values.options !== undefined ? { options: values.options } : {}),
  };
}
