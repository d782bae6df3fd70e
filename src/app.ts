// The app proper, loaded by main.ts once the generator worker is on its way: the one playground
// state, then the Svelte app in place of the static shell.
import { mount } from 'svelte';
import App from './App.svelte';
import { EXAMPLES, loadExample } from './lib/examples.ts';
import { workerClient } from './lib/generator-client.ts';
import { PlaygroundState, type SharedLinkOpening } from './lib/playground.svelte.ts';
import { openLink } from './lib/share-link.ts';
import { addressWithoutLink, readRoute, type LinkRef } from './lib/share-route.ts';

const storage = (() => {
  try {
    return localStorage;
  } catch {
    return undefined; // storage disabled: the draft is simply not kept
  }
})();

const pg = new PlaygroundState({
  client: workerClient,
  loadExample,
  exampleIds: EXAMPLES.map((e) => e.id),
  storage,
  onFirstOutput: () => requestAnimationFrame(() => performance.mark('first-output')),
});
const base = import.meta.env.BASE_URL;
const site = new URL(base, location.href).href.replace(/\/$/, '');

/**
 * A share link stays in the address while its snapshot is on screen unchanged (a reload shows it
 * again, the address can be copied); the first edit makes it the user's saved draft and takes the
 * link out, so a reload then shows their edits, not the link again.
 */
function opening(link: LinkRef): SharedLinkOpening {
  return {
    inputs: openLink(link, site),
    from: link.kind === 'short' ? 'a short link' : 'a link',
    onLeave: () => history.replaceState(history.state, '', addressWithoutLink(location.pathname, location.search, location.hash, base)),
  };
}

// Link parameters are used once: a reload must neither reload an example over
// the user's edits nor keep a registry the user never chose.
const route = readRoute(location.pathname, location.hash, base);
const rest = pg.start(location.search, route.link && opening(route.link));
if (rest !== location.search) history.replaceState(history.state, '', `${location.pathname}${rest}${location.hash}`);
// A link pasted into the address bar of an open page changes only the fragment: open it too.
addEventListener('hashchange', () => {
  const link = readRoute(location.pathname, location.hash, base).link;
  if (link?.kind !== 'fragment') return;
  const o = opening(link);
  o.inputs.then(
    (inputs) => pg.openShared(inputs, o.from, o.onLeave),
    (e: unknown) => (pg.notice = { text: e instanceof Error ? e.message : String(e) }),
  );
});
addEventListener('pagehide', () => pg.flushSave());
addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && pg.flushSave());

// Mount in a task of its own: an example that has already arrived (main.ts fetched it early) gets
// its run to the worker first, so the worker generates while the page mounts.
setTimeout(() => {
  const target = document.getElementById('app')!;
  // The static shell in index.html shows until the app takes over.
  target.replaceChildren();
  mount(App, { target, props: { pg, site } });
}, 0);
