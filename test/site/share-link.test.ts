// The site's share-link glue: which page and link an address names, the address without the link,
// opening payloads and short links (every broken kind gives a message that says what happened),
// making payloads from the page's state, the embed's parameters, its messages to the host and the
// snippets the Embed dialog hands out.
import { describe, expect, it } from 'vitest';
import { encodeShare } from '../../worker/share/index.ts';
import { DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';
import { DEFAULT_OPTIONS } from '../../src/lib/state.ts';
import { addressWithoutLink, readRoute } from '../../src/lib/share-route.ts';
import {
  createShortLink,
  LinkOpenError,
  openLink,
  openPayload,
  openShortLink,
  sharePayload,
  tryPayload,
  type Fetch,
} from '../../src/lib/share-link.ts';
import { embedQuery, readEmbedParams, EMBED_DEFAULTS } from '../../src/embed/embed-params.ts';
import { heightMessage, isHeightRequest, HEIGHT_REQUEST } from '../../src/embed/host-messages.ts';
import { autoSizeScript, iframeSnippet, markdownLink } from '../../src/embed/snippet.ts';

const ID = '0123456789abcdef0123456789abcdef';
const FILES = [
  { path: 'Cargo.toml', text: '[package]\nname = "démo"\n' },
  { path: 'Cargo.lock', text: 'version = 3\n' },
];
const PAYLOAD = encodeShare({ files: FILES, options: { ...DEFAULT_USER_OPTIONS, release: false }, tab: { kind: 'output', id: 'flake.nix' } });

describe('readRoute', () => {
  it.each([
    ['/', '', { embed: false, link: undefined }],
    ['/', `#s=${PAYLOAD}`, { embed: false, link: { kind: 'fragment', payload: PAYLOAD } }],
    [`/s/${ID}`, '', { embed: false, link: { kind: 'short', id: ID } }],
    [`/s/${ID}/`, '', { embed: false, link: { kind: 'short', id: ID } }],
    ['/embed', `#s=${PAYLOAD}`, { embed: true, link: { kind: 'fragment', payload: PAYLOAD } }],
    ['/embed/', `#s=${PAYLOAD}&x=1`, { embed: true, link: { kind: 'fragment', payload: PAYLOAD } }],
    [`/embed/s/${ID}`, '', { embed: true, link: { kind: 'short', id: ID } }],
    ['/embed', '', { embed: true, link: undefined }],
    ['/docs', '#s=', { embed: false, link: { kind: 'fragment', payload: '' } }],
    ['/embedded', '', { embed: false, link: undefined }],
  ])('%s%s', (path, hash, expected) => {
    expect(readRoute(path, hash)).toEqual(expected);
  });

  it('reads paths under a base folder', () => {
    expect(readRoute(`/play/embed/s/${ID}`, '', '/play/')).toEqual({ embed: true, link: { kind: 'short', id: ID } });
  });

  it('a broken %-escape in a short id is kept as text (reported as not an id), not thrown', () => {
    expect(readRoute('/s/%E0%A4%A', '')).toEqual({ embed: false, link: { kind: 'short', id: '%E0%A4%A' } });
  });

  it('the address without the link keeps the query and other fragment parts', () => {
    expect(addressWithoutLink('/', '?keep=1', `#s=${PAYLOAD}`)).toBe('/?keep=1');
    expect(addressWithoutLink(`/s/${ID}`, '', '')).toBe('/');
    expect(addressWithoutLink(`/embed/s/${ID}`, '?layout=both', '')).toBe('/embed?layout=both');
    expect(addressWithoutLink('/', '', `#a=1&s=${PAYLOAD}`)).toBe('/#a=1');
  });
});

describe('opening a link', () => {
  it('a payload gives its files, options (page shape), tab, no snapshot, and itself', () => {
    const opened = openPayload(PAYLOAD);
    expect(opened.files).toEqual(FILES);
    expect(opened.options.release).toBe(false);
    expect(opened.options.cargo2nixRelease).toBe(DEFAULT_OPTIONS.cargo2nixRelease);
    expect(opened.tab).toEqual({ kind: 'output', id: 'flake.nix' });
    expect(opened.snapshot).toBeUndefined();
    expect(opened.payload).toBe(PAYLOAD);
  });

  it('a renderer id as the tab (as the share command writes it) becomes that backend’s file, with the backend chosen', () => {
    const payload = encodeShare({ files: FILES, options: DEFAULT_USER_OPTIONS, tab: { kind: 'output', id: 'crane/flake.nix' } });
    const opened = openPayload(payload);
    expect(opened.tab).toEqual({ kind: 'output', id: 'flake.nix' });
    expect(opened.options).toMatchObject({ backend: 'crane' });
    expect(openPayload(encodeShare({ files: FILES, options: DEFAULT_USER_OPTIONS, tab: { kind: 'output', id: 'nix/flake.nix' } })).tab).toEqual({
      kind: 'output',
      id: 'nix/flake.nix',
    });
  });

  it('a cargo2nix ref this page does not offer becomes the default one', () => {
    const payload = encodeShare({ files: FILES, options: { ...DEFAULT_USER_OPTIONS, cargo2nixRelease: 'release-0.1' } });
    expect(openPayload(payload).options.cargo2nixRelease).toBe(DEFAULT_OPTIONS.cargo2nixRelease);
  });

  const broken = (payload: string) => {
    try {
      openPayload(payload);
    } catch (e) {
      expect(e).toBeInstanceOf(LinkOpenError);
      return e as LinkOpenError;
    }
    throw new Error('no error');
  };

  it('truncated, tampered, future and malformed payloads say what is wrong', () => {
    const cut = broken(PAYLOAD.slice(0, PAYLOAD.length - 9));
    expect(['truncated', 'corrupt']).toContain(cut.kind);
    expect(cut.message).toMatch(/^This shared link could not be opened: /);
    const middle = Math.floor(PAYLOAD.length / 2);
    const tampered = broken(`${PAYLOAD.slice(0, middle)}${PAYLOAD[middle] === 'A' ? 'B' : 'A'}${PAYLOAD.slice(middle + 1)}`);
    expect(tampered.kind).toBe('corrupt');
    expect(tampered.message).toMatch(/changed or damaged/);
    const future = broken(`9${PAYLOAD.slice(1)}`);
    expect(future.kind).toBe('future-schema');
    expect(future.message).toMatch(/newer version/);
    expect(broken('hello').kind).toBe('malformed');
    expect(broken('').kind).toBe('malformed');
  });

  const respond =
    (status: number, body: string): Fetch =>
    () =>
      Promise.resolve(new Response(body, { status }));

  it('a short link fetches /api/share/<id> from the site and decodes it', async () => {
    const asked: string[] = [];
    const opened = await openShortLink(ID, 'http://site.test', (url) => {
      asked.push(url);
      return Promise.resolve(new Response(`${PAYLOAD}\n`));
    });
    expect(asked).toEqual([`http://site.test/api/share/${ID}`]);
    expect(opened.files).toEqual(FILES);
  });

  it('an unknown id, a bad id, a server error and a network failure each say so', async () => {
    await expect(openShortLink(ID, 'http://x', respond(404, '{"error":"no such share"}'))).rejects.toMatchObject({ kind: 'unknown-id' });
    await expect(openShortLink('not-an-id', 'http://x', respond(200, PAYLOAD))).rejects.toMatchObject({
      kind: 'unknown-id',
      message: expect.stringMatching(/“not-an-id” is not a short link id/),
    });
    await expect(openShortLink(ID, 'http://x', respond(503, ''))).rejects.toMatchObject({ kind: 'server', message: expect.stringMatching(/503/) });
    await expect(openShortLink(ID, 'http://x', () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/could not be reached \(Failed to fetch\)/),
    });
    await expect(openShortLink(ID, 'http://x', respond(200, 'garbage'))).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('openLink rejects (never throws) for a broken fragment', async () => {
    await expect(openLink({ kind: 'fragment', payload: 'x' }, 'http://x')).rejects.toBeInstanceOf(LinkOpenError);
  });
});

describe('making a link', () => {
  it('drops the network bases, keeps the rest, and round-trips', () => {
    const payload = sharePayload({
      files: FILES,
      options: { ...DEFAULT_OPTIONS, indexBase: 'http://127.0.0.1:9/index', rootFeatures: 'a/b' },
      tab: { kind: 'input', id: 'Cargo.lock' },
      snapshot: { index: {}, facts: {}, git: {} },
    });
    expect(payload).not.toContain('127.0.0.1');
    const opened = openPayload(payload);
    expect(opened.files).toEqual(FILES);
    expect(opened.options.rootFeatures).toBe('a/b');
    expect(opened.options).not.toHaveProperty('indexBase');
    expect(opened.tab).toEqual({ kind: 'input', id: 'Cargo.lock' });
    expect(opened.snapshot?.index).toEqual({});
  });

  it('a state no link can carry gives a message instead of throwing', () => {
    const huge = 'x'.repeat(33 * 1024 * 1024);
    const r = tryPayload({ files: [{ path: 'Cargo.toml', text: huge }], options: DEFAULT_OPTIONS });
    expect(r).toEqual({ error: expect.stringMatching(/^No link for this: /) });
  });

  it('a short link is the id the server answers; refusals and bad answers become messages', async () => {
    const sent: RequestInit[] = [];
    const id = await createShortLink(PAYLOAD, 'http://x', (_url, init) => {
      sent.push(init!);
      return Promise.resolve(Response.json({ id: ID, url: `http://x/s/${ID}` }));
    });
    expect(id).toBe(ID);
    expect(sent[0]).toMatchObject({ method: 'POST', body: PAYLOAD });
    await expect(
      createShortLink(PAYLOAD, 'http://x', () => Promise.resolve(Response.json({ error: 'rate limited' }, { status: 429 }))),
    ).rejects.toThrow('No short link: rate limited. The link above works without it.');
    await expect(createShortLink(PAYLOAD, 'http://x', () => Promise.resolve(Response.json({ id: '../x' })))).rejects.toThrow(/No short link/);
  });
});

describe('embed parameters and messages', () => {
  it('reads known values and falls back to defaults for the rest', () => {
    expect(readEmbedParams('')).toEqual(EMBED_DEFAULTS);
    expect(readEmbedParams('?layout=both&theme=dark&readonly=1&tab=flake.nix')).toEqual({
      layout: 'both',
      theme: 'dark',
      readonly: true,
      tab: 'flake.nix',
    });
    expect(readEmbedParams('?layout=sideways&theme=neon&readonly=no')).toEqual({ ...EMBED_DEFAULTS, readonly: false });
    expect(readEmbedParams('?readonly')).toMatchObject({ readonly: true });
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(embedQuery(EMBED_DEFAULTS)).toBe('');
    const params = { layout: 'both', theme: 'light', readonly: true, tab: 'Cargo.nix' } as const;
    expect(readEmbedParams(embedQuery(params))).toEqual(params);
  });

  it('a height request is exactly { type } and nothing else', () => {
    expect(isHeightRequest({ type: HEIGHT_REQUEST })).toBe(true);
    for (const bad of [
      null,
      'x',
      [HEIGHT_REQUEST],
      { type: HEIGHT_REQUEST, html: '<b>' },
      { type: 'other' },
      { type: { toString: () => HEIGHT_REQUEST } },
    ])
      expect(isHeightRequest(bad)).toBe(false);
    expect(heightMessage(120.2)).toEqual({ type: 'cargo2nix-playground:height', height: 121 });
  });

  it('snippets escape what they quote', () => {
    expect(iframeSnippet('http://x/embed#s=1.a"b', 'a <b> & "c"')).toBe(
      '<iframe src="http://x/embed#s=1.a&quot;b" title="a &lt;b&gt; &amp; &quot;c&quot;" width="100%" height="420" style="border:0" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>',
    );
    expect(autoSizeScript('http://x')).toContain(`e.origin !== "http://x"`);
    expect(markdownLink('http://x/#s=1.a(b) c', 'Open [it]')).toBe('[Open \\[it\\]](http://x/#s=1.a%28b%29%20c)');
  });
});
