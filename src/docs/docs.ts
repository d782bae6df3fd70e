// The documentation page's entry (main.ts loads it for /docs): no playground, no generator worker
// on this page — each live example is an embed in a frame of its own.
import { mount } from 'svelte';
import DocsPage from './DocsPage.svelte';

document.title = 'What cargo2nix does with your manifests · cargo2nix playground';
const target = document.getElementById('app')!;
// The static shell in index.html shows until the page takes over.
target.replaceChildren();
mount(DocsPage, { target });
