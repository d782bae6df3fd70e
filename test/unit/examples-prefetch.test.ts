// main.ts asks for the example before the app's code loads; the app's own request must then take
// that copy instead of fetching again, and only once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadExample, prefetchExample } from '../../src/lib/examples.ts';

const body = { files: { 'Cargo.toml': '[package]\nname = "hello-world"\n' }, snapshot: { registry: {}, git: {} } };

function fakeFetch(status = 200) {
  const urls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    urls.push(url);
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  });
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prefetchExample', () => {
  it('lets the first loadExample take the early request, later ones fetch again', async () => {
    const urls = fakeFetch();
    prefetchExample('hello-world');
    prefetchExample('hello-world');
    expect(urls).toEqual(['/examples/hello-world.json']);
    const first = await loadExample('hello-world');
    expect(first.files).toEqual([{ path: 'Cargo.toml', text: body.files['Cargo.toml'] }]);
    expect(urls).toHaveLength(1);
    await loadExample('hello-world');
    expect(urls).toHaveLength(2);
  });

  it('ignores ids that are no example', () => {
    const urls = fakeFetch();
    prefetchExample('../secrets');
    expect(urls).toEqual([]);
  });

  it('hands an early failure to the app when it asks, and fetches afresh after that', async () => {
    fakeFetch(404);
    prefetchExample('features');
    await expect(loadExample('features')).rejects.toThrow('example features could not be loaded (404)');
    const urls = fakeFetch();
    await expect(loadExample('features')).resolves.toMatchObject({ snapshot: body.snapshot });
    expect(urls).toEqual(['/examples/features.json']);
  });
});
