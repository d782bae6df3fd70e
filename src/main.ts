// The page's entry, kept tiny so that it runs as soon as it arrives: the generator worker (its
// code loads and compiles on its own thread) and the example a link or a first visit opens start
// loading before the app's own code is fetched and parsed (app.ts).
import { EXAMPLES, prefetchExample } from './lib/examples.ts';
import { startGenerator } from './lib/generator-client.ts';
import './styles.css';

function loadFailed(what: string): (e: unknown) => void {
  return (e) => {
    const shell = document.querySelector('#app .shell p');
    if (shell) shell.textContent = `${what} could not be loaded (${e instanceof Error ? e.message : String(e)}); reload the page to try again.`;
  };
}

// The path picks the page (the host serves index.html for every path): /docs is the documentation
// page, whose live examples are embeds in frames of their own, so it starts no generator here.
const path = location.pathname.slice(import.meta.env.BASE_URL.length).replace(/\/+$/, '');
if (path === 'docs') {
  import('./docs/docs.ts').catch(loadFailed('The documentation'));
} else if (path === 'embed' || path.startsWith('embed/')) {
  // An embed (a shared state in another site's frame) has its own light entry; it starts the worker itself.
  import('./embed/embed.ts').catch(loadFailed('The example'));
} else {
  startGenerator();
  // `?example=` names the example to open; a first visit opens the first one. A guess that turns
  // out unused (a saved draft wins) costs one small request; a share link (`#s=`, `/s/<id>`) needs none.
  if (!path.startsWith('s/') && !/(^#|&)s=/.test(location.hash))
    prefetchExample(new URLSearchParams(location.search).get('example') ?? EXAMPLES[0]!.id);
  import('./app.ts').catch(loadFailed('The playground'));
}
