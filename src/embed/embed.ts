// The embed page (`/embed#s=…`, `/embed/s/<id>`), loaded by main.ts instead of the app: a shared
// state's outputs (and, with layout=both, its inputs) with minimal chrome, for documentation pages.
// It reports its height to the framing page (host-messages.ts) and, where a sandbox stops it from
// running the generator, says so with a link to the playground instead of staying blank.
import { mount } from 'svelte';
import Embed from './Embed.svelte';
import './embed.css';
import { startGenerator, workerClient } from '../lib/generator-client.ts';
import { PlaygroundState } from '../lib/playground.svelte.ts';
import { readRoute } from '../lib/share-route.ts';
import { readEmbedParams } from './embed-params.ts';
import { heightMessage, isHeightRequest } from './host-messages.ts';

const params = readEmbedParams(location.search);
const root = document.documentElement;
root.classList.add('embed-page');
if (params.theme !== 'auto') root.dataset.theme = params.theme;

// The site's own address even in an opaque-origin frame (where location.origin is "null").
const site = new URL(import.meta.env.BASE_URL, location.href);
const route = readRoute(location.pathname, location.hash, import.meta.env.BASE_URL);

/** Why the generator cannot run in this frame, or undefined when it can. */
function blockedReason(): string | undefined {
  if (self.origin === 'null') {
    return 'The page showing this example sandboxes it without allow-same-origin, so the generator (a Web Worker) cannot start here.';
  }
  try {
    startGenerator();
  } catch (e) {
    return `The generator cannot start in this frame (${e instanceof Error ? e.message : String(e)}).`;
  }
  return undefined;
}

const blocked = blockedReason();
const pg =
  blocked === undefined
    ? new PlaygroundState({
        client: workerClient,
        loadExample: () => Promise.reject(new Error('no examples in an embed')),
        exampleIds: [],
        storage: undefined,
      })
    : undefined;

const target = document.getElementById('app')!;
target.replaceChildren();
mount(Embed, { target, props: { pg, params, link: route.link, site: site.href.replace(/\/$/, ''), blocked } });

// Auto-size: the framing page learns the height whenever it changes (and when it asks again).
if (window.parent !== window) {
  let last = -1;
  const post = (force = false) => {
    const height = document.body.getBoundingClientRect().height;
    if (!force && Math.ceil(height) === last) return;
    last = Math.ceil(height);
    window.parent.postMessage(heightMessage(height), '*');
  };
  new ResizeObserver(() => post()).observe(document.body);
  addEventListener('message', (e: MessageEvent) => {
    if (e.source === window.parent && isHeightRequest(e.data)) post(true);
  });
}
