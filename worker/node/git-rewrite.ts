// `--git-rewrite <from>=<to>`: repository URLs starting with <from> are fetched from <to> instead
// (tests point a lock's `https://git.example.org/` at a loopback git server), like git's own
// `url.<to>.insteadOf <from>`. The lock's URL is still what the output names.
import { UsageError } from './cli-args.ts';

export type UrlRewrite = (url: string) => string;

export function parseGitRewrites(specs: readonly string[]): UrlRewrite | undefined {
  if (specs.length === 0) return undefined;
  const rules = specs.map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--git-rewrite needs <from>=<to>, got \`${spec}\``);
    return { from: spec.slice(0, eq), to: spec.slice(eq + 1) };
  });
  return (url) => {
    // The longest matching prefix wins, as with git's insteadOf.
    const rule = rules.filter((r) => url.startsWith(r.from)).sort((a, b) => b.from.length - a.from.length)[0];
    return rule ? rule.to + url.slice(rule.from.length) : url;
  };
}
