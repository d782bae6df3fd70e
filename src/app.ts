// The app proper, loaded by main.ts once the generator worker is on its way: the one playground
// state, then the Svelte app in place of the static shell.
import { mount } from 'svelte';
import App from './App.svelte';
import { EXAMPLES, loadExample } from './lib/examples.ts';
import { workerClient } from './lib/generator-client.ts';
import { PlaygroundState } from './lib/playground.svelte.ts';

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
// Link parameters are used once: a reload must neither reload an example over
// the user's edits nor keep a registry the user never chose.
const rest = pg.start(location.search);
if (rest !== location.search) history.replaceState(history.state, '', `${location.pathname}${rest}${location.hash}`);
addEventListener('pagehide', () => pg.flushSave());
addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && pg.flushSave());

// Mount in a task of its own: an example that has already arrived (main.ts fetched it early) gets
// its run to the worker first, so the worker generates while the page mounts.
setTimeout(() => {
  const target = document.getElementById('app')!;
  // The static shell in index.html shows until the app takes over.
  target.replaceChildren();
  mount(App, { target, props: { pg } });
}, 0);
