// ELK for the page: its 1.6 MB layout engine runs in a worker of its own, fetched (as a plain
// asset) only when a graph is first drawn, so neither the page's bundle nor its main thread pays.
import ElkApi, { type ELK } from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

let elk: ELK | undefined;

export function pageElk(): ELK {
  return (elk ??= new ElkApi({ workerUrl }));
}
