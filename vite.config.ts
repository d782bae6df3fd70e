import { cloudflare } from '@cloudflare/vite-plugin';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  // cloudflare(): the edge function (edge/, wrangler.jsonc) runs in workerd beside the site in dev,
  // preview and build (client files in dist/client, the Worker in dist/cargo2nix_playground).
  plugins: [svelte(), cloudflare()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The shell must paint before editors and the worker load; those are separate chunks.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
});
