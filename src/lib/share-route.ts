// Which page the address asks for and which share link it carries, read before anything else loads
// (main.ts routes on it), so this file imports nothing heavier than the fragment's syntax.
import { payloadFromFragment } from '../../worker/share/link.ts';

/** A link in the address: a payload in the fragment (`#s=`), or a short link's id in the path (`/s/<id>`). */
export type LinkRef = { readonly kind: 'fragment'; readonly payload: string } | { readonly kind: 'short'; readonly id: string };

export interface PageRoute {
  /** `/embed…`: the light embed page instead of the playground. */
  readonly embed: boolean;
  readonly link: LinkRef | undefined;
}

/** What the address asks for. `base` is the site's base path (Vite's BASE_URL, `/` unless deployed under a folder). */
export function readRoute(pathname: string, hash: string, base = '/'): PageRoute {
  const root = base.endsWith('/') ? base : `${base}/`;
  let rest = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\/+/, '');
  const embed = rest === 'embed' || rest.startsWith('embed/');
  if (embed) rest = rest.slice('embed'.length).replace(/^\/+/, '');
  const short = /^s\/([^/]*)\/?$/.exec(rest);
  if (short) return { embed, link: { kind: 'short', id: safeDecode(short[1]!) } };
  const payload = payloadFromFragment(hash);
  return { embed, link: payload === null ? undefined : { kind: 'fragment', payload } };
}

/** The address without its link, for history.replaceState once the link is no longer what is on screen. */
export function addressWithoutLink(pathname: string, search: string, hash: string, base = '/'): string {
  const route = readRoute(pathname, hash, base);
  const root = base.endsWith('/') ? base : `${base}/`;
  const path = route.link?.kind === 'short' ? `${root}${route.embed ? 'embed' : ''}` : pathname;
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p !== '' && !p.startsWith('s='));
  return `${path}${search}${rest.length > 0 ? `#${rest.join('&')}` : ''}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a broken escape is reported as an unknown id, not thrown here
  }
}
