// POST /api/crates under workerd (miniflare), its upstreams pointed at fake registries on
// 127.0.0.1: answers equal to what the fixtures say, stored after the first read (the second ask
// reaches no upstream), per-crate errors, the caps, malformed bodies, the rate limit, and a
// checksum mismatch injected upstream that the worker's client refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbsentCrates, layeredStore, type CacheLike, type KvLike } from '../../edge/crates.ts';
import type { RegistryCrate } from '../../worker/metadata/source.ts';
import { EdgeFactsSource } from '../../worker/metadata/net/edge-facts.ts';
import { NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { indexEntryFor, indexPath } from '../../worker/metadata/index-path.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { parseLockfile } from '../../worker/parse/lockfile.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { startEdge, type EdgeServer } from '../support/edge.ts';
import { startFakeRegistry, type FakeRegistry } from '../support/fake-registry.ts';
import { assertSameFile, FIXTURES } from '../support/golden.ts';

const REGISTRY = join(FIXTURES, 'crates-io', 'registry');
const CASE = join(FIXTURES, 'crates-io', 'cases', 'cross-compiling');
const FACTS = JSON.parse(readFileSync(join(REGISTRY, 'crate-facts.json'), 'utf8')) as Record<string, unknown>;
const MISSES_MAX = 5;
const BATCH_MAX = 12;

let upstream: FakeRegistry;
let edge: EdgeServer;

/** The lock's crates.io packages as `name@version`. */
const lockCrates = parseLockfile(readFileSync(join(CASE, 'Cargo.lock'), 'utf8'))
  .packages.filter((p) => p.id.source.kind === 'registry')
  .map((p) => `${p.id.name}@${p.id.version}`);

function fixtureLine(key: string): unknown {
  const [name, version] = key.split('@') as [string, string];
  return indexEntryFor(readFileSync(join(REGISTRY, 'index', indexPath(name)), 'utf8'), name, version);
}

interface Answer {
  readonly crate: string;
  readonly entry?: unknown;
  readonly facts?: unknown;
  readonly kind?: string;
  readonly error?: string;
}

async function post(body: string, server: EdgeServer = edge): Promise<{ status: number; json: { crates?: Answer[]; error?: string } }> {
  const response = await fetch(`${server.url}/api/crates`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, json: (await response.json()) as { crates?: Answer[]; error?: string } };
}

beforeAll(async () => {
  upstream = await startFakeRegistry([REGISTRY]);
  edge = await startEdge({
    vars: {
      CRATES_INDEX_URL: upstream.indexBase,
      CRATES_DL_URL: upstream.downloadBase,
      CRATES_MISSES_MAX: String(MISSES_MAX),
      CRATES_BATCH_MAX: String(BATCH_MAX),
    },
  });
});

afterAll(async () => {
  await edge?.close();
  await upstream?.close();
});

describe('POST /api/crates', () => {
  it('reads misses from the upstreams once, then answers them from its store', async () => {
    const crates = lockCrates.slice(0, MISSES_MAX);
    upstream.resetCounters();
    const first = await post(JSON.stringify({ crates }));
    expect(first.status).toBe(200);
    expect(first.json.crates!.map((a) => a.crate)).toEqual(crates);
    for (const a of first.json.crates!) {
      expect(a.entry, a.crate).toEqual(fixtureLine(a.crate));
      expect(a.facts, a.crate).toEqual(FACTS[a.crate]);
    }
    // One index file per name and one `.crate` per version.
    expect(upstream.requestCount(/\.crate$/)).toBe(crates.length);
    const afterFirst = upstream.requestCount();

    const second = await post(JSON.stringify({ crates: [...crates].reverse() }));
    expect(second.json.crates!.map((a) => a.crate)).toEqual([...crates].reverse());
    expect(second.json.crates!.map((a) => a.entry)).toEqual([...first.json.crates!].reverse().map((a) => a.entry));
    expect(upstream.requestCount()).toBe(afterFirst);
  });

  it('answers a crate or version that does not exist with a per-crate error, beside good answers', async () => {
    const good = lockCrates[MISSES_MAX]!;
    const [name] = good.split('@');
    const { status, json } = await post(JSON.stringify({ crates: ['no-such-crate-here@1.0.0', good, `${name}@999.0.0`] }));
    expect(status).toBe(200);
    const [missing, found, noVersion] = json.crates!;
    expect(missing).toMatchObject({ crate: 'no-such-crate-here@1.0.0', kind: 'not-found' });
    expect(missing!.error).toContain('`no-such-crate-here` is not on crates.io');
    expect(found!.entry).toEqual(fixtureLine(good));
    expect(noVersion).toMatchObject({ crate: `${name}@999.0.0`, kind: 'not-found' });
    expect(noVersion!.error).toContain('no version 999.0.0');
  });

  it('remembers for a while what crates.io does not have, so asking again costs crates.io nothing', async () => {
    const missing = 'never-published-crate@0.1.0';
    expect((await post(JSON.stringify({ crates: [missing] }))).json.crates![0]).toMatchObject({ kind: 'not-found' });
    const before = upstream.requestCount();
    const again = await post(JSON.stringify({ crates: [missing] }));
    expect(again.json.crates![0]).toMatchObject({ crate: missing, kind: 'not-found' });
    expect(again.json.crates![0]!.error).toContain('`never-published-crate` is not on crates.io');
    expect(upstream.requestCount()).toBe(before);
  });

  it('forgets an absent crate after its time, since the version may have been published since', () => {
    let now = 0;
    const absent = new AbsentCrates(1000, () => now);
    absent.set('late@1.0.0', 'crates.io has no version 1.0.0 of `late`');
    now = 999;
    expect(absent.get('late@1.0.0')).toContain('no version');
    now = 1000;
    expect(absent.get('late@1.0.0')).toBeUndefined();
  });

  it('answers an upstream failure per crate, and does not keep it', async () => {
    const crate = lockCrates[MISSES_MAX + 1]!;
    const [name, version] = crate.split('@') as [string, string];
    upstream.setFault(`/crates/${name}/${name}-${version}.crate`, { kind: 'status', status: 503, times: 1 });
    const first = await post(JSON.stringify({ crates: [crate] }));
    expect(first.json.crates![0]).toMatchObject({ crate, kind: 'upstream' });
    expect(first.json.crates![0]!.error).toContain('503');
    const second = await post(JSON.stringify({ crates: [crate] }));
    expect(second.json.crates![0]!.facts).toEqual(FACTS[crate]);
  });

  it('reads at most CRATES_MISSES_MAX crates upstream per request and defers the rest', async () => {
    const crates = lockCrates.slice(MISSES_MAX + 2, MISSES_MAX + 2 + MISSES_MAX + 3);
    expect(crates).toHaveLength(MISSES_MAX + 3);
    upstream.resetCounters();
    const { json } = await post(JSON.stringify({ crates }));
    expect(json.crates!.filter((a) => a.entry !== undefined).map((a) => a.crate)).toEqual(crates.slice(0, MISSES_MAX));
    expect(json.crates!.slice(MISSES_MAX).every((a) => a.kind === 'deferred')).toBe(true);
    expect(upstream.requestCount(/\.crate$/)).toBe(MISSES_MAX);
    expect(json).toMatchObject({ missesMax: MISSES_MAX });
  });

  it('refuses more than CRATES_BATCH_MAX crates, and malformed bodies, naming the problem', async () => {
    const many = Array.from({ length: BATCH_MAX + 1 }, (_, i) => `crate-${i}@1.0.0`);
    const cases: [string, number, string][] = [
      [JSON.stringify({ crates: many }), 413, `at most ${BATCH_MAX}`],
      ['{"crates": [', 400, 'not JSON'],
      ['[]', 400, 'no "crates" list'],
      ['{"crates": "serde@1.0.0"}', 400, 'not a list'],
      ['{"crates": []}', 400, 'empty'],
      ['{"crates": ["serde@1.0.0", 7]}', 400, '"crates"[1] is not a string'],
      ['{"crates": ["../../etc/passwd@1.0.0"]}', 400, '"crates"[0]'],
      ['{"crates": ["serde"]}', 400, 'not name@version'],
      ['{"crates": ["serde@latest"]}', 400, '"latest" is not a version'],
      ['{"crates": ["serde@1.0.0/../../x"]}', 400, 'is not a version'],
      ['x'.repeat(70_000), 413, 'request body over'],
    ];
    upstream.resetCounters();
    for (const [body, status, message] of cases) {
      const answer = await post(body);
      expect(answer.status, body.slice(0, 40)).toBe(status);
      expect(answer.json.error, body.slice(0, 40)).toContain(message);
    }
    expect(upstream.requestCount()).toBe(0);
  });

  it('takes POST only', async () => {
    const response = await fetch(`${edge.url}/api/crates`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('is rate limited like the git proxy', async () => {
    const limited = await startEdge({
      vars: { CRATES_INDEX_URL: upstream.indexBase, CRATES_DL_URL: upstream.downloadBase, RATE_LIMIT_REQUESTS: '2' },
    });
    try {
      const body = JSON.stringify({ crates: [lockCrates[0]] });
      expect((await post(body, limited)).status).toBe(200);
      expect((await post(body, limited)).status).toBe(200);
      const third = await fetch(`${limited.url}/api/crates`, { method: 'POST', body });
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

describe('the worker’s client through the real edge', () => {
  let tampered: FakeRegistry;
  let tamperedEdge: EdgeServer;
  const victim = lockCrates[2]!;
  const [victimName] = victim.split('@') as [string];

  beforeAll(async () => {
    // An upstream whose index line for one crate carries another checksum (a stale or poisoned cache would look the same).
    tampered = await startFakeRegistry([REGISTRY]);
    const indexFile = readFileSync(join(REGISTRY, 'index', indexPath(victimName)), 'utf8');
    const line = JSON.stringify(fixtureLine(victim));
    const forged = line.replace(/"cksum":"[0-9a-f]{64}"/, `"cksum":"${'0'.repeat(64)}"`);
    expect(forged).not.toBe(line);
    tampered.setFault(`/index/${indexPath(victimName)}`, { kind: 'body', body: indexFile.replace(line, forged) });
    tamperedEdge = await startEdge({ vars: { CRATES_INDEX_URL: tampered.indexBase, CRATES_DL_URL: tampered.downloadBase } });
  });

  afterAll(async () => {
    await tamperedEdge?.close();
    await tampered?.close();
  });

  it('refuses the edge’s line with the wrong checksum and takes crates.io’s: Cargo.nix is the golden one', async () => {
    const files = await readWorkspaceDir(CASE);
    const lock = parseLockfile(files.get('Cargo.lock')!);
    const direct = new NetworkSource({ indexBase: upstream.indexBase, downloadBase: upstream.downloadBase });
    const source = new EdgeFactsSource({ base: tamperedEdge.url, packages: lock.packages, direct });
    assertSameFile(
      'cross-compiling via a tampered edge',
      await generateCargoNix(files, { source }),
      readFileSync(join(CASE, 'expected', 'Cargo.nix'), 'utf8'),
    );
    expect(source.stats).toMatchObject({ rejected: 1, fallbacks: 1 });
    expect(source.stats.reasons[0]).toContain(victim);
    expect(direct.stats.fetched).toBe(1);
  });

  it('when crates.io itself disagrees with the lock, the run fails naming the crate', async () => {
    const files = await readWorkspaceDir(CASE);
    const lock = parseLockfile(files.get('Cargo.lock')!);
    const direct = new NetworkSource({ indexBase: tampered.indexBase, downloadBase: tampered.downloadBase });
    const source = new EdgeFactsSource({ base: tamperedEdge.url, packages: lock.packages, direct });
    const error = await generateCargoNix(files, { source }).catch((e: unknown) => e);
    expect(String(error)).toContain(`the checksum of \`${victim}\` in Cargo.lock does not match crates.io`);
  });
});

describe('the edge’s store', () => {
  // Stand-ins for the two bindings, keyed as the runtime keys them (KV by string, the Cache API by URL).
  function fakeKv() {
    const map = new Map<string, string>();
    const kv = {
      get: (key: string) => Promise.resolve(map.has(key) ? (JSON.parse(map.get(key)!) as unknown) : null),
      put: (key: string, value: string) => Promise.resolve(void map.set(key, value)),
    };
    return { map, kv: kv satisfies KvLike };
  }
  function fakeCache() {
    const map = new Map<string, string>();
    const cache = {
      match: (req: Request) => Promise.resolve(map.has(req.url) ? new Response(map.get(req.url)) : undefined),
      put: async (req: Request, res: Response) => void map.set(req.url, await res.text()),
    };
    return { map, cache: cache satisfies CacheLike };
  }
  const ref = { name: 'serde', version: '1.0.219', key: 'serde@1.0.219' };
  const value: RegistryCrate = {
    entry: { name: 'serde', vers: '1.0.219', deps: [], features: {}, cksum: 'c'.repeat(64) },
    facts: { libName: 'serde', procMacro: false },
  };

  it('writes through to KV and the Cache API; another isolate reads KV and warms its cache', async () => {
    const { map: kvMap, kv } = fakeKv();
    const { map: cacheMap, cache } = fakeCache();
    await layeredStore('https://edge.test', kv, cache, new Map()).put(ref, value);
    expect([...kvMap.keys()]).toEqual(['v1/serde@1.0.219']);
    expect([...cacheMap.keys()]).toEqual(['https://edge.test/api/crates/v1/serde/1.0.219']);

    // A fresh isolate in another data centre: empty memory and cache, the same KV.
    const other = fakeCache();
    expect(await layeredStore('https://edge.test', kv, other.cache, new Map()).get(ref)).toEqual(value);
    expect(other.map.size).toBe(1);
    // …and in this data centre, with KV unreachable: the Cache API alone answers.
    expect(await layeredStore('https://edge.test', undefined, cache, new Map()).get(ref)).toEqual(value);
  });

  it('ignores stored values that are not that crate’s facts', async () => {
    const { map, kv } = fakeKv();
    map.set('v1/serde@1.0.219', JSON.stringify({ entry: { name: 'serde', vers: '9.9.9', deps: [] }, facts: value.facts }));
    expect(await layeredStore('https://edge.test', kv, undefined, new Map()).get(ref)).toBeUndefined();
  });
});
