// The Tree view's options as route parameters (so share links carry them) and back: short keys
// named after cargo's flags, only what differs from cargo's defaults.
import type { TreeRequest } from '../../../worker/browser/tree-query.ts';

const list = (v: string | undefined): string[] | undefined => (v ? v.split(' ').filter((s) => s !== '') : undefined);
const flag = (v: string | undefined): boolean | undefined => (v === '1' ? true : undefined);

/** The request the parameters describe; unknown or malformed values fall back to cargo's defaults. */
export function requestFromParams(p: Readonly<Record<string, string>>): TreeRequest {
  const depth = p.depth !== undefined && /^\d+$/.test(p.depth) ? Number(p.depth) : undefined;
  const prefix = p.prefix === 'depth' || p.prefix === 'none' ? p.prefix : undefined;
  const r: Record<string, unknown> = {
    package: list(p.p),
    workspace: flag(p.workspace),
    invert: list(p.i),
    edges: p.e ? [p.e] : undefined,
    target: list(p.target),
    features: list(p.F),
    allFeatures: flag(p['all-features']),
    noDefaultFeatures: flag(p['no-default-features']),
    depth,
    prefix,
    charset: p.charset === 'ascii' ? 'ascii' : undefined,
    noDedupe: flag(p['no-dedupe']),
    duplicates: flag(p.d),
  };
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  return r as TreeRequest;
}

/** The parameters of a request (empty values are left out of the route by insightTab). */
export function paramsFromRequest(r: TreeRequest): Record<string, string> {
  const words = (l: readonly string[] | undefined) => (l ?? []).join(' ').trim();
  const on = (b: boolean | undefined) => (b ? '1' : '');
  return {
    p: words(r.package),
    workspace: on(r.workspace),
    i: words(r.invert),
    e: (r.edges ?? []).join(','),
    target: words(r.target),
    F: words(r.features),
    'all-features': on(r.allFeatures),
    'no-default-features': on(r.noDefaultFeatures),
    depth: r.depth === undefined ? '' : String(r.depth),
    prefix: r.prefix && r.prefix !== 'indent' ? r.prefix : '',
    charset: r.charset === 'ascii' ? 'ascii' : '',
    'no-dedupe': on(r.noDedupe),
    d: on(r.duplicates),
  };
}

export type EdgeChoice = 'normal' | 'build' | 'dev' | 'features';

/** The `-e` value for the ticked edge kinds: nothing for cargo's default (normal, build and dev without features). */
export function edgesValue(ticked: ReadonlySet<EdgeChoice>): string {
  const kinds = (['normal', 'build', 'dev', 'features'] as const).filter((k) => ticked.has(k));
  if (kinds.length === 3 && !ticked.has('features')) return '';
  return kinds.join(',');
}

/** The edge kinds an `-e` value shows (as cargo reads it: `all` is everything, `features` alone adds the defaults). */
export function tickedEdges(value: string): Set<EdgeChoice> {
  const kinds = value.split(',').filter((k) => k !== '');
  const out = new Set<EdgeChoice>();
  if (kinds.length === 0 || kinds.includes('all') || (kinds.length === 1 && kinds[0] === 'features')) out.add('normal').add('build').add('dev');
  for (const k of kinds) if (k === 'normal' || k === 'build' || k === 'dev' || k === 'features') out.add(k);
  if (kinds.includes('all')) out.add('features');
  return out;
}

/** The ticked kinds with one checkbox changed. */
export function toggledEdges(ticked: ReadonlySet<EdgeChoice>, kind: EdgeChoice, on: boolean): Set<EdgeChoice> {
  const next = new Set(ticked);
  if (on) next.add(kind);
  else next.delete(kind);
  return next;
}

/**
 * One argument as a POSIX shell reads it back unchanged: bare when it holds only characters no
 * shell treats specially, else single-quoted (a `'` inside closes, escapes and reopens). Globs
 * such as `-p 'serde*'` must stay quoted, or a pasted command would let the shell expand them.
 */
export function shellWord(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9@%+=:,./_-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
