// POST /api/crates under workerd (miniflare), its upstreams pointed at fake registries on
// 127.0.0.1: misses answered `deferred` at once and read in the background (ctx.waitUntil), a later
// request finding them stored with what the fixtures say (and reaching no upstream), per-crate
// errors, the caps, malformed bodies, the rate limit, and a checksum mismatch injected upstream that
// the worker's client refuses. Background reads are observed the way a later visitor sees them:
// asking again until the answer changes (no sleeps; each ask waits only for the previous answer).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbsentCrates, answerCrates, FILL_DEADLINE_MS, layeredStore, type KvLike } from '../../edge/crates.ts';
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
  readonly filling?: boolean;
}

async function post(body: string, server: EdgeServer = edge): Promise<{ status: number; json: { crates?: Answer[]; error?: string } }> {
  // A fresh connection each time: a body the edge refuses before reading it all leaves its connection
  // unusable, and a pooled one would fail the next request with ECONNRESET (seen under load).
  const response = await fetch(`${server.url}/api/crates`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', connection: 'close' },
  });
  return { status: response.status, json: (await response.json()) as { crates?: Answer[]; error?: string } };
}

/**
 * Asks for `crates` until none is answered `deferred` (the edge's background reads done, failed ones
 * read again by the next ask), as a later visitor would; the answers then.
 */
async function settled(crates: readonly string[], server: EdgeServer = edge): Promise<Answer[]> {
  for (let asks = 1; ; asks++) {
    const { status, json } = await post(JSON.stringify({ crates }), server);
    if (status !== 200) throw new Error(`the edge answered ${status}: ${JSON.stringify(json)}`);
    if (json.crates!.every((a) => a.kind !== 'deferred')) return json.crates!;
    if (asks === 10_000) throw new Error(`still deferred after ${asks} asks: ${JSON.stringify(json.crates!.filter((a) => a.kind === 'deferred'))}`);
    // Let the edge's I/O and this process's sockets turn over; no timer.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

beforeAll(async () => {
  upstream = await startFakeRegistry([REGISTRY]);
  edge = await startEdge({
    vars: {
      CRATES_INDEX_URL: upstream.indexBase,
      CRATES_DL_URL: upstream.downloadBase,
      CRATES_MISSES_MAX: String(MISSES_MAX),
      CRATES_BATCH_MAX: String(BATCH_MAX),
      // settled() asks again and again while the edge fills its store: no rate limit in the way.
      RATE_LIMIT_REQUESTS: '1000000',
    },
  });
});

afterAll(async () => {
  await edge?.close();
  await upstream?.close();
});

describe('POST /api/crates', () => {
  it('answers misses at once as deferred, without waiting for crates.io', async () => {
    // An upstream that never answers this `.crate`: the answer cannot have waited for it. (A crate
    // no other test asks for: it stays in flight until the edge's own timeout.)
    const crate = Object.keys(FACTS).find((k) => !lockCrates.includes(k))!;
    const [name, version] = crate.split('@') as [string, string];
    const path = `/crates/${name}/${name}-${version}.crate`;
    upstream.setFault(path, { kind: 'hang', times: 1 });
    const { status, json } = await post(JSON.stringify({ crates: [crate] }));
    expect(status).toBe(200);
    expect(json.crates).toEqual([{ crate, kind: 'deferred', error: expect.stringContaining('reading it now') as unknown, filling: true }]);
    // …and the read it started in the background did reach crates.io.
    await upstream.arrived(1, path);
    // Asked again while that read hangs: still deferred, and not read twice.
    expect((await post(JSON.stringify({ crates: [crate] }))).json.crates![0]).toMatchObject({ kind: 'deferred', filling: true });
    expect(upstream.requestCount(path)).toBe(1);
  });

  it('reads misses from the upstreams once in the background; a later request finds them stored', async () => {
    const crates = lockCrates.slice(0, MISSES_MAX);
    upstream.resetCounters();
    const first = await post(JSON.stringify({ crates }));
    expect(first.status).toBe(200);
    expect(first.json.crates!.map((a) => [a.crate, a.kind, a.filling])).toEqual(crates.map((c) => [c, 'deferred', true]));
    const later = await settled(crates);
    expect(later.map((a) => a.crate)).toEqual(crates);
    for (const a of later) {
      expect(a.entry, a.crate).toEqual(fixtureLine(a.crate));
      expect(a.facts, a.crate).toEqual(FACTS[a.crate]);
    }
    // One index file per name and one `.crate` per version, however many times it was asked meanwhile.
    expect(upstream.requestCount(/\.crate$/)).toBe(crates.length);
    const afterFill = upstream.requestCount();

    const again = await post(JSON.stringify({ crates: [...crates].reverse() }));
    expect(again.json.crates!.map((a) => a.crate)).toEqual([...crates].reverse());
    expect(again.json.crates!.map((a) => a.entry)).toEqual([...later].reverse().map((a) => a.entry));
    expect(upstream.requestCount()).toBe(afterFill);
  });

  it('answers a crate or version that does not exist with a per-crate error, beside good answers', async () => {
    const good = lockCrates[MISSES_MAX]!;
    const [name] = good.split('@');
    const [missing, found, noVersion] = await settled(['no-such-crate-here@1.0.0', good, `${name}@999.0.0`]);
    expect(missing).toMatchObject({ crate: 'no-such-crate-here@1.0.0', kind: 'not-found' });
    expect(missing!.error).toContain('`no-such-crate-here` is not on crates.io');
    expect(found!.entry).toEqual(fixtureLine(good));
    expect(noVersion).toMatchObject({ crate: `${name}@999.0.0`, kind: 'not-found' });
    expect(noVersion!.error).toContain('no version 999.0.0');
  });

  it('remembers for a while what crates.io does not have, so asking again costs crates.io nothing', async () => {
    const missing = 'never-published-crate@0.1.0';
    expect((await settled([missing]))[0]).toMatchObject({ kind: 'not-found' });
    const before = upstream.requestCount();
    const again = await post(JSON.stringify({ crates: [missing] }));
    expect(again.json.crates![0]).toMatchObject({ crate: missing, kind: 'not-found' });
    expect(again.json.crates![0]!.error).toContain('`never-published-crate` is not on crates.io');
    expect(upstream.requestCount()).toBe(before);
  });

  it('a read whose invocation was cut off before clearing its mark blocks that crate only until the fill deadline', async () => {
    const ref = { name: 'late', version: '1.0.0', key: 'late@1.0.0' };
    const value: RegistryCrate = {
      entry: { name: 'late', vers: '1.0.0', deps: [], features: {}, cksum: 'c'.repeat(64) },
      facts: { libName: 'late', procMacro: false },
    };
    const reads: string[] = [];
    const read = (r: typeof ref) => (reads.push(r.key), Promise.resolve(value));
    const puts: string[] = [];
    const store = { getMany: () => Promise.resolve(new Map<string, RegistryCrate>()), put: (r: typeof ref) => (puts.push(r.key), Promise.resolve()) };
    // Marked as being read at t=0 by an invocation that never finished.
    const filling = new Map([[ref.key, 0]]);
    const work: Promise<void>[] = [];
    const ask = (now: number) =>
      answerCrates(
        [ref],
        store,
        read,
        { batchMax: 10, missesMax: 10 },
        { filling, now: () => now, background: (w) => work.push(w), absent: new AbsentCrates() },
      );
    expect(await ask(FILL_DEADLINE_MS)).toEqual([expect.objectContaining({ kind: 'deferred', filling: true })]);
    expect(reads).toEqual([]);
    expect(await ask(FILL_DEADLINE_MS + 1)).toEqual([expect.objectContaining({ kind: 'deferred', filling: true })]);
    await Promise.all(work);
    expect(reads).toEqual([ref.key]);
    expect(puts).toEqual([ref.key]);
    expect(filling.size).toBe(0);
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

  // Reads used to happen inside the request, so a failure was answered `upstream`; now it happens after the answer.
  it('does not keep an upstream failure: the next ask has the crate read again', async () => {
    const crate = lockCrates[MISSES_MAX + 1]!;
    const [name, version] = crate.split('@') as [string, string];
    const path = `/crates/${name}/${name}-${version}.crate`;
    upstream.setFault(path, { kind: 'status', status: 503, times: 1 });
    expect((await post(JSON.stringify({ crates: [crate] }))).json.crates![0]).toMatchObject({ crate, kind: 'deferred', filling: true });
    await upstream.arrived(1, path);
    const [answer] = await settled([crate]);
    expect(answer!.facts).toEqual(FACTS[crate]);
    expect(upstream.requestCount(path)).toBe(2);
  });

  it('reads at most CRATES_MISSES_MAX crates upstream per request, and says which ones it leaves', async () => {
    const crates = lockCrates.slice(MISSES_MAX + 2, MISSES_MAX + 2 + MISSES_MAX + 3);
    expect(crates).toHaveLength(MISSES_MAX + 3);
    upstream.resetCounters();
    const { json } = await post(JSON.stringify({ crates }));
    expect(json.crates!.every((a) => a.kind === 'deferred')).toBe(true);
    expect(json.crates!.map((a) => a.filling)).toEqual(crates.map((_, i) => i < MISSES_MAX));
    expect(json).toMatchObject({ missesMax: MISSES_MAX });
    // The ones it took are stored (asking only for them reads nothing else)…
    await settled(crates.slice(0, MISSES_MAX));
    expect(upstream.requestCount(/\.crate$/)).toBe(MISSES_MAX);
    // …and the others are read when asked for again.
    const next = await post(JSON.stringify({ crates }));
    expect(next.json.crates!.map((a) => a.kind ?? 'stored')).toEqual(crates.map((_, i) => (i < MISSES_MAX ? 'stored' : 'deferred')));
    expect(next.json.crates!.slice(MISSES_MAX).every((a) => a.filling)).toBe(true);
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
    tamperedEdge = await startEdge({
      vars: { CRATES_INDEX_URL: tampered.indexBase, CRATES_DL_URL: tampered.downloadBase, RATE_LIMIT_REQUESTS: '1000000' },
    });
    // A cold edge answers nothing but `deferred` (read directly): let it store the lock's crates first.
    await settled(lockCrates, tamperedEdge);
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
  // A stand-in for the KV binding's bulk read and write, counting bulk reads.
  function fakeKv() {
    const map = new Map<string, string>();
    const reads: string[][] = [];
    const kv = {
      get: (keys: string[]) => {
        reads.push(keys);
        return Promise.resolve(new Map(keys.map((k) => [k, map.has(k) ? (JSON.parse(map.get(k)!) as unknown) : null])));
      },
      put: (key: string, value: string) => Promise.resolve(void map.set(key, value)),
    };
    return { map, reads, kv: kv satisfies KvLike };
  }
  const ref = { name: 'serde', version: '1.0.219', key: 'serde@1.0.219' };
  const value: RegistryCrate = {
    entry: { name: 'serde', vers: '1.0.219', deps: [], features: {}, cksum: 'c'.repeat(64) },
    facts: { libName: 'serde', procMacro: false },
  };

  it('writes through to KV; another isolate reads it from KV into its memory, once', async () => {
    const { map, reads, kv } = fakeKv();
    await layeredStore(kv, new Map()).put(ref, value);
    expect([...map.keys()]).toEqual(['v1/serde@1.0.219']);
    // A fresh isolate: empty memory, the same KV.
    const other = layeredStore(kv, new Map());
    expect(await other.getMany([ref])).toEqual(new Map([[ref.key, value]]));
    expect(await other.getMany([ref])).toEqual(new Map([[ref.key, value]]));
    expect(reads).toEqual([['v1/serde@1.0.219']]);
  });

  it('reads a batch’s misses in bulk reads of at most 100 keys', async () => {
    const { reads, kv } = fakeKv();
    const refs = Array.from({ length: 150 }, (_, i) => ({ name: `c${i}`, version: '1.0.0', key: `c${i}@1.0.0` }));
    expect((await layeredStore(kv, new Map()).getMany(refs)).size).toBe(0);
    expect(reads.map((r) => r.length)).toEqual([100, 50]);
  });

  it('ignores stored values that are not that crate’s facts', async () => {
    const { map, kv } = fakeKv();
    map.set('v1/serde@1.0.219', JSON.stringify({ entry: { name: 'serde', vers: '9.9.9', deps: [] }, facts: value.facts }));
    expect((await layeredStore(kv, new Map()).getMany([ref])).size).toBe(0);
  });
});
