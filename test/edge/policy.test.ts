// The edge's pure policies in Node, where time and the edge's own address can be chosen freely:
// the rate limiter on an injected clock, CORS on a deployed (non-loopback) origin, and config parsing.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../edge/config.ts';
import { isAllowedOrigin } from '../../edge/cors.ts';
import { RateLimiter } from '../../edge/rate-limit.ts';

describe('RateLimiter', () => {
  it('refuses past the budget, per client, until the window ends', () => {
    let now = 1_000;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].map((d) => d.allowed)).toEqual([true, true, false]);
    expect(limiter.take('a').retryAfterS).toBe(60);
    expect(limiter.take('b').allowed).toBe(true);
    now += 59_999;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterS: 1 });
    now += 1;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('forgets the oldest clients beyond its memory bound', () => {
    const limiter = new RateLimiter(1, 60_000, () => 0, 2);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // drops a's window
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  const deployed = new URL('https://cargo2nix.example/api/git/github.com/o/r/info/refs');
  const local = new URL('http://127.0.0.1:8787/api/health');

  it('allows the edge’s own origin and configured site origins', () => {
    expect(isAllowedOrigin('https://cargo2nix.example', deployed, new Set())).toBe(true);
    expect(isAllowedOrigin('https://preview.cargo2nix.example', deployed, new Set(['https://preview.cargo2nix.example']))).toBe(true);
  });

  it('allows loopback pages only when the edge itself runs on loopback', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5173', local, new Set())).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', local, new Set())).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5173', deployed, new Set())).toBe(false);
  });

  it('refuses other origins, look-alikes and junk', () => {
    expect(isAllowedOrigin('https://cargo2nix.example.evil.com', deployed, new Set())).toBe(false);
    expect(isAllowedOrigin('http://cargo2nix.example', deployed, new Set())).toBe(false);
    expect(isAllowedOrigin('null', local, new Set())).toBe(false);
    expect(isAllowedOrigin('file://127.0.0.1', local, new Set())).toBe(false);
  });
});

describe('readConfig', () => {
  it('adds extra hosts to the defaults and reads numbers', () => {
    const config = readConfig({ GIT_EXTRA_HOSTS: ' Git.Example.org , ', MAX_REQUEST_BYTES: '10' });
    expect([...config.gitHosts]).toContain('git.example.org');
    expect([...config.gitHosts]).toContain('github.com');
    expect(config.maxRequestBytes).toBe(10);
  });

  it('fails loudly on bad values instead of widening the proxy', () => {
    expect(() => readConfig({ MAX_RESPONSE_BYTES: '-1' })).toThrow(/MAX_RESPONSE_BYTES/);
    expect(() => readConfig({ RATE_LIMIT_REQUESTS: 'lots' })).toThrow(/RATE_LIMIT_REQUESTS/);
    expect(() => readConfig({ GIT_UPSTREAMS: '["x"]' })).toThrow(/JSON object/);
    expect(() => readConfig({ GIT_UPSTREAMS: '{"github.com":"file:///etc"}' })).toThrow(/http/);
  });
});
