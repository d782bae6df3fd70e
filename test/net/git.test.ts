// Git packages against a real `git http-backend` on 127.0.0.1: the exact
// commit comes back as a FileTree (symlinks, executable bits, a large file,
// no .git), shallow by id in two requests; commits on no branch and tags;
// the package is found the way cargo finds it (nested folders, hidden and
// target folders skipped) with workspace inheritance applied; the cache
// answers a second run without a request; and the git-path golden case
// generates byte for byte with gitdep's manifest fetched from the server.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../../worker/core/errors.ts';
import { packageId, type PackageId } from '../../worker/core/package-id.ts';
import { parseSourceId } from '../../worker/core/source-id.ts';
import type { FileTree } from '../../worker/hash/file-tree.ts';
import { narHash } from '../../worker/hash/nar-hash.ts';
import { fetchCommit } from '../../worker/metadata/git/checkout.ts';
import { MemoryGitCache } from '../../worker/metadata/git/git-cache.ts';
import { gitHttpClient, GitTransferError } from '../../worker/metadata/git/git-http.ts';
import { GitSource } from '../../worker/metadata/git/git-source.ts';
import { checkNetworkSupport, NetworkSource } from '../../worker/metadata/net/network-source.ts';
import { readRawManifest, normaliseManifest } from '../../worker/parse/manifest.ts';
import { generateCargoNix } from '../../worker/pipeline.ts';
import { readWorkspaceDir } from '../../worker/node/workspace-dir.ts';
import { startFakeRegistry, unreachableOrigin, type FakeRegistry } from '../support/fake-registry.ts';
import { failure } from '../support/failure.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { RepoBuilder, serveBundle, startGitServer, type GitServer } from '../support/git-server.ts';
import { assertSameFile, FIXTURES } from '../support/golden.ts';

let server: GitServer;
const builders: RepoBuilder[] = [];
const commits: Record<string, string> = {};

/** 5 MiB that do not compress, the same on every run. */
function largeFile(): Uint8Array {
  const out = new Uint8Array(5 << 20);
  let block = createHash('sha256').update('seed').digest();
  for (let at = 0; at < out.length; at += block.length) {
    out.set(block.subarray(0, Math.min(block.length, out.length - at)), at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}
const LARGE = largeFile();

function repo(name: string): RepoBuilder {
  const r = new RepoBuilder(server, name);
  builders.push(r);
  return r;
}

beforeAll(async () => {
  server = await startGitServer();

  const single = repo('single');
  commits.single = single.commit({
    'Cargo.toml': '[package]\nname = "single"\nversion = "0.3.0"\nedition = "2021"\n\n[dependencies]\neither = "1"\n',
    'src/lib.rs': 'pub fn f() {}\n',
    'run.sh': { executable: '#!/bin/sh\necho hi\n' },
    README: { symlink: 'docs/readme.md' },
    'docs/readme.md': '# single\n',
    'data/large.bin': LARGE,
  });
  single.push('HEAD', 'refs/heads/main');

  const ws = repo('ws');
  commits.ws = ws.commit({
    'Cargo.toml': [
      '[workspace]',
      'members = ["crates/*"]',
      '',
      '[workspace.package]',
      'version = "1.2.3"',
      'edition = "2021"',
      '',
      '[workspace.dependencies]',
      'either = { version = "1.6", default-features = false, features = ["use_std"] }',
      'helper = { path = "crates/helper" }',
      '',
    ].join('\n'),
    'crates/member/Cargo.toml': [
      '[package]',
      'name = "member"',
      'version.workspace = true',
      'edition.workspace = true',
      '',
      '[dependencies]',
      'either = { workspace = true, features = ["serde"], optional = true }',
      'helper.workspace = true',
      '',
    ].join('\n'),
    'crates/member/src/lib.rs': '',
    'crates/helper/Cargo.toml': '[package]\nname = "helper"\nversion.workspace = true\nedition.workspace = true\n',
    'crates/helper/src/lib.rs': '',
  });
  ws.push('HEAD', 'refs/heads/main');

  const nested = repo('nested');
  commits.nested = nested.commit({
    // Decoys cargo never reads: a hidden folder, a target folder next to a manifest, a nested repository.
    '.hidden/Cargo.toml': '[package]\nname = "deep"\nversion = "9.9.9"\n',
    'target/Cargo.toml': '[package]\nname = "deep"\nversion = "9.9.8"\n',
    'Cargo.toml': '[package]\nname = "top"\nversion = "0.1.0"\n',
    // After `target` in walk order, so only skipping target/ finds this one.
    'z/b/c/deep/Cargo.toml': '[package]\nname = "deep"\nversion = "0.2.0"\n',
  });
  nested.push('HEAD', 'refs/heads/main');

  const withSubmodule = repo('submodule');
  commits.submodule = withSubmodule.commit({ 'Cargo.toml': '[package]\nname = "outer"\nversion = "0.1.0"\n' }, 'with a submodule', {
    'vendor/inner': 'c'.repeat(40),
  });
  withSubmodule.push('HEAD', 'refs/heads/main');

  const loose = repo('loose');
  commits.looseMain = loose.commit({ 'Cargo.toml': '[package]\nname = "loose"\nversion = "1.0.0"\n' });
  loose.push('HEAD', 'refs/heads/main');
  commits.loose = loose.commit({ 'Cargo.toml': '[package]\nname = "loose"\nversion = "1.0.1"\n' }, 'on no branch');
  loose.pushUnreferenced(commits.loose);
  loose.push(commits.looseMain, 'refs/heads/main', 'loose-any');
  loose.pushUnreferenced(commits.loose, 'loose-any');
  loose.config('uploadpack.allowAnySHA1InWant', 'true', 'loose-any');

  const tagged = repo('tagged');
  tagged.commit({ 'Cargo.toml': '[package]\nname = "tagged"\nversion = "0.1.0"\n' });
  tagged.push('HEAD', 'refs/heads/main');
  commits.tagged = tagged.commit({ 'Cargo.toml': '[package]\nname = "tagged"\nversion = "0.2.0"\n' }, 'release');
  tagged.push('HEAD', 'refs/tags/v0.2.0');

  serveBundle(server, 'gitdep', join(FIXTURES, 'debian', 'registry', 'git', 'gitdep.bundle'));
});

afterAll(async () => {
  for (const b of builders) b.dispose();
  await server?.close();
});

function gitId(name: string, version: string, repoName: string, commit: string, query = ''): PackageId {
  return packageId(name, version, parseSourceId(`git+${server.url(repoName)}${query}#${commit}`));
}

function entry(tree: FileTree, path: string): FileTree | undefined {
  let at: FileTree | undefined = tree;
  for (const seg of path.split('/')) at = at?.type === 'directory' ? at.entries.get(seg) : undefined;
  return at;
}

describe('fetchCommit', () => {
  it('reads the commit as a FileTree: symlink, executable bit, large file, no .git; shallow by id in two requests', async () => {
    const requests: string[] = [];
    const co = await fetchCommit(
      server.url('single'),
      commits.single!,
      { kind: 'default' },
      { http: gitHttpClient({ onRequest: (u) => requests.push(u) }) },
    );
    expect(co.commit).toBe(commits.single);
    expect(co.submodules).toEqual([]);
    expect(entry(co.tree, 'README')).toEqual({ type: 'symlink', target: 'docs/readme.md' });
    expect(entry(co.tree, 'run.sh')).toMatchObject({ type: 'regular', executable: true });
    expect(entry(co.tree, 'src/lib.rs')).toMatchObject({ type: 'regular', executable: false });
    const large = entry(co.tree, 'data/large.bin');
    expect(large?.type).toBe('regular');
    expect(Buffer.from((large as { contents: Uint8Array }).contents).equals(Buffer.from(LARGE))).toBe(true);
    expect(co.tree.type === 'directory' && [...co.tree.entries.keys()].sort()).toEqual(['Cargo.toml', 'README', 'data', 'docs', 'run.sh', 'src']);
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/single/info/refs', '/single/git-upload-pack']);
  });

  it('reads only the files asked for (the package scan asks for manifests)', async () => {
    const co = await fetchCommit(
      server.url('single'),
      commits.single!,
      { kind: 'default' },
      { http: gitHttpClient(), files: (p) => p.endsWith('Cargo.toml') },
    );
    expect(entry(co.tree, 'Cargo.toml')?.type).toBe('regular');
    expect(entry(co.tree, 'data/large.bin')).toBeUndefined();
    expect(entry(co.tree, 'README')).toBeUndefined();
    expect(entry(co.tree, 'data')).toEqual({ type: 'directory', entries: new Map() });
  });

  it('fetches a commit on no branch when the server allows any id, and says clearly when it does not', async () => {
    const co = await fetchCommit(server.url('loose-any'), commits.loose!, { kind: 'default' }, { http: gitHttpClient() });
    expect(new TextDecoder().decode((entry(co.tree, 'Cargo.toml') as { contents: Uint8Array }).contents)).toContain('1.0.1');
    await expect(fetchCommit(server.url('loose'), commits.loose!, { kind: 'default' }, { http: gitHttpClient() })).rejects.toThrow(
      new RegExp(`commit ${commits.loose} is not in ${server.url('loose')}: no branch or tag the server advertises reaches it`),
    );
  });

  it('fetches a tagged commit off every branch, and falls back to the tag when fetching by id fails', async () => {
    const co = await fetchCommit(server.url('tagged'), commits.tagged!, { kind: 'tag', name: 'v0.2.0' }, { http: gitHttpClient() });
    expect(co.commit).toBe(commits.tagged);
    // The first upload-pack request (the shallow one by id) fails; the tag is fetched instead.
    let posts = 0;
    const bodies: string[] = [];
    const http = gitHttpClient({
      fetch: async (url, init) => {
        if (url.endsWith('/git-upload-pack') && ++posts === 1) return new Response('no', { status: 500 });
        const body = (init as { body?: Uint8Array }).body;
        if (body) bodies.push(new TextDecoder().decode(body));
        return fetch(url, init);
      },
    });
    const again = await fetchCommit(server.url('tagged'), commits.tagged!, { kind: 'tag', name: 'v0.2.0' }, { http });
    expect(again.commit).toBe(commits.tagged);
    expect(posts).toBe(2);
    expect(bodies.some((b) => b.includes('deepen'))).toBe(false);
  });

  it('a missing repository is one clear error, without falling back', async () => {
    const requests: string[] = [];
    const e = await fetchCommit(
      server.url('nope'),
      commits.single!,
      { kind: 'branch', name: 'main' },
      {
        http: gitHttpClient({ onRequest: (u) => requests.push(u) }),
      },
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(requests).toHaveLength(1);
  });
});

describe('transfer limits', () => {
  it('a server that stops answering is called off after the idle timeout, on the injected clock', async () => {
    const clock = new FakeClock();
    server.hang(/^\/single\/git-upload-pack$/);
    try {
      const before = server.requests.filter((p) => p === '/single/git-upload-pack').length;
      const outcome = fetchCommit(
        server.url('single'),
        commits.single!,
        { kind: 'default' },
        { http: gitHttpClient({ clock, idleTimeoutMs: 5000 }) },
      ).then(
        () => 'fetched',
        (e: unknown) => e,
      );
      await server.arrived(before + 1, /^\/single\/git-upload-pack$/);
      clock.advance(5000);
      const e = await outcome;
      expect(e).toBeInstanceOf(GitTransferError);
      expect((e as Error).message).toBe(`no answer from ${server.url('single')}/git-upload-pack for 5 s`);
      // Fatal: no fallback request after the timeout.
      expect(server.requests.filter((p) => p === '/single/git-upload-pack').length).toBe(before + 1);
    } finally {
      server.hang(undefined);
    }
  });

  it('a fetch stops once it has read maxBytes', async () => {
    const e = await fetchCommit(server.url('single'), commits.single!, { kind: 'default' }, { http: gitHttpClient({ maxBytes: 1 << 20 }) }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(GitTransferError);
    expect((e as Error).message).toBe('the repository is larger than 1 MiB, more than this fetch may read');
  });
});

describe('GitSource', () => {
  it('finds a package in a nested folder, skipping hidden folders and target/ as cargo does', async () => {
    const source = new GitSource();
    const text = await source.gitManifest(gitId('deep', '0.2.0', 'nested', commits.nested!));
    expect(text).toContain('version = "0.2.0"');
  });

  it('applies the root workspace: version, edition and dependencies inherited', async () => {
    const source = new GitSource();
    const text = await source.gitManifest(gitId('member', '1.2.3', 'ws', commits.ws!, '?branch=main'));
    const m = normaliseManifest(readRawManifest('Cargo.toml', text), undefined);
    expect(m.version).toBe('1.2.3');
    expect(text).toMatch(/edition = "2021"/);
    const either = m.dependencies.find((d) => d.nameInToml === 'either')!;
    expect(either).toMatchObject({ req: '1.6', optional: true, usesDefaultFeatures: false, features: ['use_std', 'serde'] });
    const helper = m.dependencies.find((d) => d.nameInToml === 'helper')!;
    // The path is rebased from the root to the member's folder.
    expect(helper.source).toEqual({ kind: 'path', path: '../helper' });
  });

  it('packages of one commit share one fetch, asked for at once', async () => {
    let requests = 0;
    const source = new GitSource({ onRequest: () => requests++ });
    const [member, helper] = await Promise.all([
      source.gitManifest(gitId('member', '1.2.3', 'ws', commits.ws!, '?branch=main')),
      source.gitManifest(gitId('helper', '1.2.3', 'ws', commits.ws!, '?branch=main')),
    ]);
    expect(member).toContain('name = "member"');
    expect(helper).toContain('name = "helper"');
    expect(requests).toBe(2);
  });

  it('a second source with the same cache answers without a request', async () => {
    const cache = new MemoryGitCache();
    const id = gitId('single', '0.3.0', 'single', commits.single!);
    let requests = 0;
    const first = await new GitSource({ cache, onRequest: () => requests++ }).gitManifest(id);
    expect(requests).toBe(2);
    const second = await new GitSource({ cache, onRequest: () => requests++ }).gitManifest(id);
    expect(second).toBe(first);
    expect(requests).toBe(2);
  });

  it('treeHash hashes the whole tree once: the same fetch answers gitManifest, and the cache answers later hashes', async () => {
    const cache = new MemoryGitCache();
    let requests = 0;
    const source = new GitSource({ cache, onRequest: () => requests++ });
    const hash = await source.treeHash(server.url('single'), commits.single!);
    const tree = (await fetchCommit(server.url('single'), commits.single!, { kind: 'default' }, { http: gitHttpClient() })).tree;
    expect(hash).toEqual(await narHash(tree));
    expect(requests).toBe(2);
    expect(await source.gitManifest(gitId('single', '0.3.0', 'single', commits.single!))).toContain('name = "single"');
    expect(await new GitSource({ cache, onRequest: () => requests++ }).treeHash(server.url('single'), commits.single!)).toEqual(hash);
    expect(requests).toBe(2);
    // A cache that has the manifests but no hash yet: one fetch for the tree, manifests kept.
    const partial = new MemoryGitCache();
    await new GitSource({ cache: partial }).gitManifest(gitId('single', '0.3.0', 'single', commits.single!));
    expect((await partial.get(server.url('single'), commits.single!))?.narHash).toBeUndefined();
    expect(await new GitSource({ cache: partial }).treeHash(server.url('single'), commits.single!)).toEqual(hash);
    expect((await partial.get(server.url('single'), commits.single!))?.narHash).toEqual(hash);
  });

  it('treeHash refuses a tree with submodules', async () => {
    await expect(new GitSource().treeHash(server.url('submodule'), commits.submodule!)).rejects.toThrow(
      'the tree has git submodules (vendor/inner), which are not supported: its hash would leave them out',
    );
  });

  it('names the crate and the repository when the commit lacks the package or has another version', async () => {
    const source = new GitSource();
    const missing = await failure(source.gitManifest(gitId('absent', '1.0.0', 'single', commits.single!)));
    expect(missing.message).toMatch(/has no package `absent`/);
    expect(missing.location).toMatchObject({ file: 'Cargo.lock', crate: 'absent@1.0.0' });
    const wrong = await failure(source.gitManifest(gitId('single', '0.4.0', 'single', commits.single!)));
    expect(wrong.message).toMatch(/has `single` version 0\.3\.0, but Cargo\.lock locks 0\.4\.0/);
    const unpinned = await failure(source.gitManifest(packageId('single', '0.3.0', parseSourceId(`git+${server.url('single')}`))));
    expect(unpinned.message).toMatch(/no full commit id/);
  });

  it('submodules are listed as not supported, and a package inside one is a clear error', async () => {
    const co = await fetchCommit(server.url('submodule'), commits.submodule!, { kind: 'default' }, { http: gitHttpClient() });
    expect(co.submodules).toEqual(['vendor/inner']);
    expect(entry(co.tree, 'vendor/inner')).toBeUndefined();
    const e = await failure(new GitSource().gitManifest(gitId('inner', '1.0.0', 'submodule', commits.submodule!)));
    expect(e.message).toMatch(/has no package `inner`.*`vendor\/inner` is a git submodule, which is not supported/);
  });

  it('a host that cannot be reached is named with the reason under fetch’s own "fetch failed"', async () => {
    const origin = await unreachableOrigin();
    const id = packageId('x', '1.0.0', parseSourceId(`git+${origin}/x#${commits.single}`));
    const e = await failure(new GitSource().gitManifest(id));
    expect(e.message).toMatch(new RegExp(`^cannot fetch git package \`x@1\\.0\\.0\` from ${origin}/x: fetch failed: .*ECONNREFUSED`));
  });

  it('a repository that cannot be fetched is a GeneratorError naming the crate', async () => {
    const e = await failure(new GitSource().gitManifest(gitId('x', '1.0.0', 'nope', commits.single!)));
    expect(e).toBeInstanceOf(GeneratorError);
    expect(e.message).toMatch(new RegExp(`cannot fetch git package \`x@1\\.0\\.0\` from ${server.url('nope')}`));
  });
});

describe('checkNetworkSupport with a git client', () => {
  it('lets git packages through, still refusing registries on the git index protocol', () => {
    const text = readFileSync(join(FIXTURES, 'debian', 'cases', 'git-path', 'Cargo.lock'), 'utf8');
    expect(() => checkNetworkSupport(text)).toThrow(/git dependency/);
    expect(() => checkNetworkSupport(text, undefined, { git: true })).not.toThrow();
    const foreign = `${text}\n[[package]]\nname = "corp"\nversion = "1.0.0"\nsource = "registry+https://corp.example.com/index"\n`;
    expect(() => checkNetworkSupport(foreign, undefined, { git: true })).toThrow(
      /`corp@1\.0\.0` comes from the registry registry\+https:\/\/corp\.example\.com\/index, on the git index protocol/,
    );
  });
});

describe('git-path golden case through the git server', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry([join(FIXTURES, 'debian', 'registry')]);
  });
  afterAll(async () => {
    await registry.close();
  });

  it('generates expected/Cargo.nix byte for byte with gitdep fetched from the server', async () => {
    const dir = join(FIXTURES, 'debian', 'cases', 'git-path');
    const gitRequests: string[] = [];
    const source = new NetworkSource({
      indexBase: registry.indexBase,
      downloadBase: registry.downloadBase,
      git: {
        rewriteUrl: (url) => url.replace('https://git.example.org/', `${server.origin}/`),
        onRequest: (u) => gitRequests.push(u),
      },
    });
    const actual = await generateCargoNix(await readWorkspaceDir(dir), { source });
    assertSameFile('debian/git-path/Cargo.nix', actual, readFileSync(join(dir, 'expected', 'Cargo.nix'), 'utf8'));
    expect(gitRequests.map((u) => new URL(u).pathname)).toEqual(['/gitdep/info/refs', '/gitdep/git-upload-pack']);
  });
});
