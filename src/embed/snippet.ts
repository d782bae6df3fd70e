// What the Embed dialog hands out: the iframe (sandboxed the way documentation sites do it), the
// few lines a host page adds so the frame takes the embed's height, and a Markdown link.
import { HEIGHT_MESSAGE } from './host-messages.ts';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The sandbox the embed is made for: scripts (it generates), same-origin (its Web Worker), popups
 * ("Open in playground"). A tab opened from a sandboxed frame inherits its sandbox unless the frame
 * also allows popups to escape it; without that the playground opens but cannot download its zip.
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export function iframeSnippet(src: string, title: string, height = 420): string {
  return `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" width="100%" height="${height}" style="border:0" loading="lazy" sandbox="${EMBED_SANDBOX}"></iframe>`;
}

/**
 * The host's side of auto-sizing, once per page: frames of `origin` that say their height get it.
 * It checks the sender (origin and frame) and the message's shape, and only ever sets a number.
 */
export function autoSizeScript(origin: string): string {
  return [
    '<script>',
    `addEventListener('message', (e) => {`,
    `  if (e.origin !== ${JSON.stringify(origin)} || e.data?.type !== '${HEIGHT_MESSAGE}' || typeof e.data.height !== 'number') return;`,
    `  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = Math.ceil(e.data.height) + 'px';`,
    '});',
    '</script>',
  ].join('\n');
}

export function markdownLink(href: string, text: string): string {
  // Parentheses and spaces would end the link's target early; percent-escaped they mean the same URL.
  const target = href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text.replace(/[[\]\\]/g, '\\$&')}](${target})`;
}
