// The page's entry, kept tiny so that it runs as soon as it arrives: the generator worker (its
// code loads and compiles on its own thread) and the example a link or a first visit opens start
// loading before the app's own code is fetched and parsed (app.ts).
import { EXAMPLES, prefetchExample } from './lib/examples.ts';
import { startGenerator } from './lib/generator-client.ts';
import './styles.css';

startGenerator();
// `?example=` names the example to open; a first visit opens the first one. A guess that turns
// out unused (a saved draft wins) costs one small request.
prefetchExample(new URLSearchParams(location.search).get('example') ?? EXAMPLES[0]!.id);
import('./app.ts').catch((e: unknown) => {
  const shell = document.querySelector('#app .shell p');
  if (shell) shell.textContent = `The playground could not be loaded (${e instanceof Error ? e.message : String(e)}); reload the page to try again.`;
});
