// The client side of the edge's crate-facts cache (worker/metadata/net/edge-facts.ts) against a fake
// edge (a function answering the POSTs) and a fake direct source: batching, the follow-ups for
// deferred crates, per-crate fallback on every kind of edge failure, and the checksum check that
// keeps a wrong edge from reaching the output.
import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { packageId, type PackageId } from '../../worker/core/package-id.ts';
import { CRATES_IO, parseSourceId } from '../../worker/core/source-id.ts';
import { MemoryCache } from '../../worker/metadata/net/cache.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { EdgeFactsSource, EdgeSession, type EdgeFetch } from '../../worker/metadata/net/edge-facts.ts';
import type { MetadataSource, RegistryCrate } from '../../worker/metadata/source.ts';
import type { LockedPackage } from '../../worker/parse/lockfile.ts';

const sum = (name: string, version: string) => `${name}-${version}`.padEnd(64, '0').slice(0, 64);

function locked(name: string, version = '1.0.0', checksum: string | undefined = sum(name, version)): LockedPackage {
  return { id: packageId(name, version, CRATES_IO), checksum, dependencies: [], line: 7 };
}

function crate(name: string, version: string, cksum = sum(name, version)): RegistryCrate {
  return { entry: { name, vers: version, deps: [], features: {}, cksum }, facts: { libName: name.replace(/-/g, '_'), procMacro: false } };
}

/** crates.io as the direct path sees it: every crate, recorded per request. */
class FakeDirect implements MetadataSource {
  readonly asked: string[] = [];
  constructor(private readonly answer: (id: PackageId) => RegistryCrate = (id) => crate(id.name, id.version)) {}
  registryCrate(id: PackageId): Promise<RegistryCrate> {
    this.asked.push(`${id.name}@${id.version}`);
    return Promise.resolve(this.answer(id));
  }
  gitManifest(): Promise<string> {
    return Promise.reject(new Error('no git here'));
  }
}

interface Post {
  readonly url: string;
  readonly crates: string[];
}

type Answer = Record<string, unknown>;

/** An edge that answers each named crate through `answer` (default: the right facts). */
function fakeEdge(
  answer: (key: string, post: number) => Answer = (key) => {
    const [name, version] = key.split('@') as [string, string];
    return { crate: key, ...crate(name, version) };
  },
  extra: Record<string, unknown> = {},
): { fetch: EdgeFetch; posts: Post[] } {
  const posts: Post[] = [];
  const fetch: EdgeFetch = (url, init) => {
    const crates = (JSON.parse(init.body) as { crates: string[] }).crates;
    posts.push({ url, crates });
    const n = posts.length;
    return Promise.resolve(new Response(JSON.stringify({ crates: crates.map((k) => answer(k, n)), ...extra }), { status: 200 }));
  };
  return { fetch, posts };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `crate-${String(i).padStart(3, '0')}`);

async function resolveAll(source: EdgeFactsSource, packages: readonly LockedPackage[]): Promise<RegistryCrate[]> {
  return Promise.all(packages.map((p) => source.registryCrate(p.id)));
}

describe('EdgeFactsSource', () => {
  it('asks for every crates.io package in batches, and nothing of crates.io directly', async () => {
    const packages = names(250).map((n) => locked(n));
    const edge = fakeEdge();
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test/', packages, direct, fetch: edge.fetch, batchSize: 100 });
    const got = await resolveAll(source, packages);
    expect(got.map((c) => c.entry.name)).toEqual(packages.map((p) => p.id.name));
    expect(edge.posts.map((p) => p.crates.length)).toEqual([100, 100, 50]);
    expect(edge.posts.every((p) => p.url === 'http://edge.test/api/crates')).toBe(true);
    expect(new Set(edge.posts.flatMap((p) => p.crates)).size).toBe(250);
    expect(direct.asked).toEqual([]);
    expect(source.stats).toMatchObject({ requests: 3, fromEdge: 250, fallbacks: 0, rejected: 0 });
  });

  it('sends nothing but names and versions', async () => {
    const packages = [locked('serde', '1.0.219')];
    const bodies: string[] = [];
    const edge = fakeEdge();
    const source = new EdgeFactsSource({
      base: 'http://edge.test',
      packages,
      direct: new FakeDirect(),
      fetch: (url, init) => (bodies.push(init.body), edge.fetch(url, init)),
    });
    await resolveAll(source, packages);
    expect(bodies).toEqual(['{"crates":["serde@1.0.219"]}']);
  });

  // Deferred crates used to be asked for again, round after round, until the edge had read them: the
  // first visitor of a big workspace waited ~3x the direct path. Now they go direct at once.
  it('reads deferred crates directly at once, and sends the edge what it did not take on in batches of its miss budget, off the critical path', async () => {
    const packages = names(30).map((n) => locked(n));
    const firsts: string[][] = [];
    const followUps: string[][] = [];
    let releaseFollowUps!: () => void;
    const followUpsMayAnswer = new Promise<void>((resolve) => (releaseFollowUps = resolve));
    // Like a cold edge: nothing stored; it reads the first 4 of each request itself, says so, and its budget.
    const fetch: EdgeFetch = async (_url, init) => {
      const crates = (JSON.parse(init.body) as { crates: string[] }).crates;
      const first = firsts.length === 0;
      (first ? firsts : followUps).push(crates);
      if (!first) await followUpsMayAnswer;
      const answers = crates.map((key, i) => ({ crate: key, kind: 'deferred', error: 'not stored yet', filling: i < 4 }));
      return new Response(JSON.stringify({ crates: answers, missesMax: 4 }));
    };
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch, batchSize: 100, warmConcurrency: 2 });
    // Every crate resolves (directly) while the follow-ups are still unanswered.
    await resolveAll(source, packages);
    expect(firsts).toEqual([packages.map((p) => `${p.id.name}@${p.id.version}`)]);
    expect(direct.asked.sort()).toEqual(firsts[0]!.slice().sort());
    expect(source.stats).toMatchObject({ fromEdge: 0, fallbacks: 30, deferred: 30 });
    releaseFollowUps();
    await source.warmed();
    // The 4 it read itself are not sent again; the other 26 go out once, 4 at a time.
    expect(followUps.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4, 2]);
    expect(followUps.flat()).toEqual(firsts[0]!.slice(4));
    expect(source.stats).toMatchObject({ requests: 8, warmRequests: 7 });
  });

  it('sends no follow-ups when the edge is reading every miss itself', async () => {
    const packages = names(3).map((n) => locked(n));
    const edge = fakeEdge((key) => ({ crate: key, kind: 'deferred', error: 'not stored yet', filling: true }), { missesMax: 10 });
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: edge.fetch });
    await resolveAll(source, packages);
    await source.warmed();
    expect(edge.posts).toHaveLength(1);
    expect(direct.asked.sort()).toEqual(packages.map((p) => `${p.id.name}@${p.id.version}`));
    expect(source.stats).toMatchObject({ fallbacks: 3, deferred: 3, warmRequests: 0 });
  });

  it('halves its batches when the edge takes fewer crates per request than it sent', async () => {
    const packages = names(10).map((n) => locked(n));
    const sizes: number[] = [];
    const inner = fakeEdge();
    // An edge whose cap is 3 crates per request.
    const fetch: EdgeFetch = (url, init) => {
      const n = (JSON.parse(init.body) as { crates: string[] }).crates.length;
      sizes.push(n);
      return n > 3 ? Promise.resolve(new Response('{"error":"at most 3 per request"}', { status: 413 })) : inner.fetch(url, init);
    };
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch, concurrency: 1 });
    await resolveAll(source, packages);
    expect(sizes).toEqual([10, 5, 3, 2, 5, 3, 2]);
    expect(direct.asked).toEqual([]);
    expect(source.stats.fromEdge).toBe(10);
  });

  it('falls back per crate: edge errors, malformed entries and missing answers go direct, the rest stay', async () => {
    const packages = ['good', 'not-there', 'broken', 'garbled', 'forgotten'].map((n) => locked(n));
    const edge = fakeEdge((key) => {
      const [name, version] = key.split('@') as [string, string];
      if (name === 'not-there') return { crate: key, kind: 'not-found', error: 'crate `not-there` is not on crates.io' };
      if (name === 'broken') return { crate: key, kind: 'upstream', error: 'static.crates.io answered 503' };
      if (name === 'garbled') return { crate: key, entry: { name, vers: version }, facts: {} };
      if (name === 'forgotten') return { crate: 'someone-else@1.0.0', ...crate('someone-else', '1.0.0') };
      return { crate: key, ...crate(name, version) };
    });
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: edge.fetch });
    const got = await resolveAll(source, packages);
    expect(got.map((c) => c.entry.name)).toEqual(['good', 'not-there', 'broken', 'garbled', 'forgotten']);
    expect(direct.asked.sort()).toEqual(['broken@1.0.0', 'forgotten@1.0.0', 'garbled@1.0.0', 'not-there@1.0.0']);
    expect(source.stats).toMatchObject({ fromEdge: 1, fallbacks: 4, rejected: 1 });
  });

  it('falls back for the whole batch when the edge fails, answers an error status or not JSON', async () => {
    const cases: [string, EdgeFetch][] = [
      ['network', () => Promise.reject(new TypeError('fetch failed'))],
      ['429', () => Promise.resolve(new Response('{"error":"rate limited"}', { status: 429 }))],
      ['html', () => Promise.resolve(new Response('<html>login</html>', { status: 200 }))],
      ['no list', () => Promise.resolve(new Response('{"error":"?"}', { status: 200 }))],
    ];
    for (const [label, fetch] of cases) {
      const packages = names(3).map((n) => locked(n));
      const direct = new FakeDirect();
      const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch });
      await resolveAll(source, packages);
      expect(direct.asked.length, label).toBe(3);
      expect(source.stats.fallbacks, label).toBe(3);
    }
  });

  it('refuses an edge answer whose checksum is not the lock’s, and takes crates.io’s when that one matches', async () => {
    const packages = [locked('tampered'), locked('fine')];
    const edge = fakeEdge((key) => {
      const [name, version] = key.split('@') as [string, string];
      return { crate: key, ...crate(name, version, name === 'tampered' ? 'f'.repeat(64) : sum(name, version)) };
    });
    const direct = new FakeDirect();
    const cache = new MemoryCache();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: edge.fetch, cache });
    const got = await resolveAll(source, packages);
    expect(got[0]!.entry.cksum).toBe(sum('tampered', '1.0.0'));
    expect(direct.asked).toEqual(['tampered@1.0.0']);
    expect(source.stats).toMatchObject({ rejected: 1, fallbacks: 1 });
    // Only the accepted edge answer is cached here (the direct source caches its own).
    expect((await cache.get('fine@1.0.0'))?.entry.cksum).toBe(sum('fine', '1.0.0'));
    expect(await cache.get('tampered@1.0.0')).toBeUndefined();
  });

  it('a checksum that neither the edge nor crates.io has is an error naming the crate and its lock line', async () => {
    const packages = [locked('odd', '2.0.0', 'a'.repeat(64))];
    const edge = fakeEdge();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct: new FakeDirect(), fetch: edge.fetch });
    const error = await source.registryCrate(packages[0]!.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    expect((error as GeneratorError).message).toContain('`odd@2.0.0`');
    expect((error as GeneratorError).message).toContain('a'.repeat(64));
    expect((error as GeneratorError).location).toMatchObject({ file: 'Cargo.lock', line: 7, crate: 'odd@2.0.0' });
  });

  it('takes the local cache’s entries as they are, as the direct path does (only the edge’s answers are checked)', async () => {
    const cache = new MemoryCache();
    // Stored by an earlier direct run; the lock's checksum is not the index line's (a hand-edited lock).
    await cache.put('edited@1.0.0', crate('edited', '1.0.0', 'e'.repeat(64)));
    const packages = [locked('edited')];
    const edge = fakeEdge();
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: edge.fetch, cache });
    expect((await source.registryCrate(packages[0]!.id)).entry.cksum).toBe('e'.repeat(64));
    expect(edge.posts).toEqual([]);
    expect(direct.asked).toEqual([]);
    expect(source.stats).toMatchObject({ cacheHits: 1, rejected: 0, fallbacks: 0 });
  });

  it('a lock without checksums (v1 without metadata) takes the edge’s line as it is', async () => {
    const packages = [locked('old', '0.1.0', undefined)];
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: fakeEdge().fetch });
    expect((await source.registryCrate(packages[0]!.id)).entry.name).toBe('old');
    expect(direct.asked).toEqual([]);
  });

  it('asks only for what the cache lacks, crates.io over either protocol, and never for other registries', async () => {
    const cache = new MemoryCache();
    await cache.put('cached@1.0.0', crate('cached', '1.0.0'));
    const other: LockedPackage = {
      id: packageId('private', '1.0.0', parseSourceId('sparse+https://my-registry.example/index/')),
      checksum: undefined,
      dependencies: [],
      line: 3,
    };
    const sparseCratesIo: LockedPackage = {
      ...locked('sparse-one'),
      id: packageId('sparse-one', '1.0.0', parseSourceId('sparse+https://index.crates.io/')),
    };
    const packages = [locked('cached'), locked('fresh'), other, sparseCratesIo];
    const edge = fakeEdge();
    const direct = new FakeDirect();
    const source = new EdgeFactsSource({ base: 'http://edge.test', packages, direct, fetch: edge.fetch, cache });
    await resolveAll(source, packages);
    expect(edge.posts.map((p) => p.crates)).toEqual([['fresh@1.0.0', 'sparse-one@1.0.0']]);
    expect(direct.asked).toEqual(['private@1.0.0']);
    expect(source.stats).toMatchObject({ cacheHits: 1, fromEdge: 2, requests: 1 });
  });

  it('a page without the edge (404, 405, 501, HTML, nothing listening) is not asked again in the session', async () => {
    const cases: [string, EdgeFetch][] = [
      ['404', () => Promise.resolve(new Response('Not Found', { status: 404 }))],
      ['405', () => Promise.resolve(new Response('Method Not Allowed', { status: 405 }))],
      ['501', () => Promise.resolve(new Response('Unsupported method', { status: 501 }))],
      ['html', () => Promise.resolve(new Response('<!doctype html><title>site</title>', { status: 200 }))],
      ['network', () => Promise.reject(new TypeError('Failed to fetch'))],
    ];
    for (const [label, fail] of cases) {
      const session = new EdgeSession();
      let posts = 0;
      const fetch: EdgeFetch = (url, init) => (posts++, fail(url, init));
      const packages = names(3).map((n) => locked(n));
      const first = new EdgeFactsSource({ base: 'http://site.test', packages, direct: new FakeDirect(), fetch, session });
      await resolveAll(first, packages);
      expect(posts, label).toBe(1);
      expect(session.disabled('http://site.test'), label).toBeDefined();
      // The next run in the same session goes direct without a request.
      const direct = new FakeDirect();
      const second = new EdgeFactsSource({ base: 'http://site.test', packages, direct, fetch, session });
      await resolveAll(second, packages);
      expect(posts, label).toBe(1);
      expect(direct.asked, label).toHaveLength(3);
      expect(second.stats, label).toMatchObject({ requests: 0, fallbacks: 3 });
      expect(second.stats.reasons[0], label).toContain('not asked in this session');
      // Another edge is still asked.
      expect(session.disabled('http://other.test'), label).toBeUndefined();
    }
  });

  it('an edge that fails this time (429, 503, its own deadline) is asked again on the next run', async () => {
    const cases: [string, EdgeFetch][] = [
      ['429', () => Promise.resolve(new Response('{"error":"rate limited"}', { status: 429 }))],
      ['503', () => Promise.resolve(new Response('{"error":"busy"}', { status: 503 }))],
      [
        'deadline',
        (_url, init) =>
          new Promise<Response>((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      ],
    ];
    for (const [label, fail] of cases) {
      const session = new EdgeSession();
      const clock = new FakeClock();
      const packages = names(2).map((n) => locked(n));
      const source = new EdgeFactsSource({
        base: 'http://edge.test',
        packages,
        direct: new FakeDirect(),
        fetch: fail,
        session,
        clock,
        timeoutMs: 1000,
      });
      // The deadline case waits on the clock alone: drive() fires its timer.
      await clock.drive(resolveAll(source, packages));
      expect(session.disabled('http://edge.test'), label).toBeUndefined();
      const edge = fakeEdge();
      const next = new EdgeFactsSource({ base: 'http://edge.test', packages, direct: new FakeDirect(), fetch: edge.fetch, session });
      await resolveAll(next, packages);
      expect(edge.posts, label).toHaveLength(1);
    }
  });
});
