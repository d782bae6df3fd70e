// Share payloads: encode → decode is the identity on any state, and whatever a payload has been
// through (cut, changed, forged, inflated into a bomb), decoding ends in the state or a ShareLinkError.
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import CRC32 from 'crc-32';
import { describe, expect, it } from 'vitest';
import { BACKENDS, DEFAULT_USER_OPTIONS, type UserOptions } from '../../worker/options/user-options.ts';
import { decodeShare, encodeShare, MAX_INFLATED_BYTES, ShareLinkError, SHARE_SCHEMA_VERSION, type SharedState } from '../../worker/share/index.ts';
import { fromBase64Url, toBase64Url } from '../../worker/share/base64url.ts';
import { CURRENT_SCHEMA, decodeShareWith, type ShareSchema } from '../../worker/share/codec.ts';
import type { MetadataSnapshot } from '../../worker/metadata/memory-source.ts';
import { fragmentLink, payloadFromFragment, shortLink } from '../../worker/share/link.ts';

const pathSegment = fc.stringMatching(/^[A-Za-z0-9_\-ü漢][A-Za-z0-9_.\-ü漢]{0,11}$/).filter((s) => s !== '.' && s !== '..');
const path = fc.array(pathSegment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constant(''));

const options: fc.Arbitrary<UserOptions> = fc.record({
  backend: fc.constantFrom(...BACKENDS),
  cargo2nixRelease: fc.string({ maxLength: 20 }),
  rustVersion: fc.string({ maxLength: 10 }),
  targets: fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
  release: fc.boolean(),
  rootFeatures: fc.string({ unit: 'grapheme', maxLength: 30 }),
});

const crateName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/);
const featureMap = fc.dictionary(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), { maxKeys: 3 });
/** Snapshots already in compact form (no defaults, sorted), the only form encodeShare writes. */
const snapshot: fc.Arbitrary<MetadataSnapshot> = fc.uniqueArray(crateName, { maxLength: 4 }).chain((names) =>
  fc
    .record({
      index: fc.tuple(
        ...names.map((name) =>
          fc.uniqueArray(fc.stringMatching(/^[0-9]\.[0-9]\.[0-9]$/), { minLength: 1, maxLength: 2 }).chain((versions) =>
            fc.tuple(
              ...versions.sort().map((vers) =>
                fc.record(
                  {
                    name: fc.constant(name),
                    vers: fc.constant(vers),
                    deps: fc.array(
                      fc.record(
                        {
                          name: crateName,
                          req: fc.constantFrom('^1', '=0.2.3', '*'),
                          features: fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 2 }),
                          optional: fc.constant(true),
                          default_features: fc.constant(false),
                          target: fc.constantFrom('cfg(unix)', 'x86_64-pc-windows-msvc'),
                          kind: fc.constantFrom('dev', 'build'),
                          package: crateName,
                        },
                        { requiredKeys: ['name', 'req'] },
                      ),
                      { maxLength: 3 },
                    ),
                    features: featureMap.map((m) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)))),
                    links: fc.string({ minLength: 1, maxLength: 8 }),
                  },
                  { requiredKeys: ['name', 'vers', 'deps', 'features'] },
                ),
              ),
            ),
          ),
        ),
      ),
    })
    .map(({ index }) => ({ index: Object.fromEntries(names.map((n, i) => [n, index[i]!])) }) as MetadataSnapshot),
);

const state: fc.Arbitrary<SharedState> = fc.record(
  {
    files: fc.uniqueArray(fc.record({ path, text }), { selector: (f) => f.path, maxLength: 5 }),
    options,
    tab: fc.record({ kind: fc.constantFrom('input' as const, 'output' as const), id: fc.string({ maxLength: 30 }) }),
    snapshot,
  },
  { requiredKeys: ['files', 'options'] },
);

function errorOf(run: () => unknown): ShareLinkError {
  try {
    run();
  } catch (e) {
    if (e instanceof ShareLinkError) return e;
    throw new Error(`expected a ShareLinkError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a ShareLinkError, but decoding succeeded');
}

/** A payload built by hand: lets a test write any JSON, checksum and version the encoder never would. */
function forge(json: string, { version = SHARE_SCHEMA_VERSION, crc }: { version?: number; crc?: number } = {}): string {
  const bytes = new TextEncoder().encode(json);
  const deflated = deflateSync(bytes);
  const body = new Uint8Array(4 + deflated.length);
  new DataView(body.buffer).setUint32(0, crc ?? CRC32.buf(bytes) >>> 0);
  body.set(deflated, 4);
  return `${version}.${toBase64Url(body)}`;
}

describe('share codec', () => {
  it('encode → decode is the identity on random states (unicode, empty files, snapshots)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const decoded = decodeShare(encodeShare(s));
        expect(decoded).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('carries a large state (a 3 MB incompressible file) and an empty one', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;
    const big = Array.from({ length: 3_000_000 }, () => String.fromCharCode(32 + (random() % 95))).join('');
    const s: SharedState = { files: [{ path: 'Cargo.lock', text: big }], options: DEFAULT_USER_OPTIONS };
    expect(decodeShare(encodeShare(s))).toEqual(s);
    const empty: SharedState = { files: [], options: DEFAULT_USER_OPTIONS };
    expect(decodeShare(encodeShare(empty))).toEqual(empty);
  });

  it('is deterministic, whatever order the options and snapshot keys came in', () => {
    const a: SharedState = {
      files: [{ path: 'Cargo.toml', text: 'x' }],
      options: { ...DEFAULT_USER_OPTIONS, release: false },
      snapshot: { index: { b: [{ name: 'b', vers: '1.0.0', deps: [], features: {} }], a: [{ name: 'a', vers: '1.0.0', deps: [], features: {} }] } },
    };
    const reordered: SharedState = {
      ...a,
      options: Object.fromEntries(Object.entries(a.options).reverse()) as unknown as UserOptions,
      snapshot: { index: { a: a.snapshot!.index.a!, b: a.snapshot!.index.b! } },
    };
    expect(encodeShare(reordered)).toBe(encodeShare(a));
  });

  it('puts the schema version in plain sight', () => {
    expect(encodeShare({ files: [], options: DEFAULT_USER_OPTIONS })).toMatch(/^1\.[A-Za-z0-9_-]+$/);
  });

  it('compacts a snapshot to the fields the engine reads', () => {
    const s: SharedState = {
      files: [],
      options: DEFAULT_USER_OPTIONS,
      snapshot: {
        index: {
          'my-crate': [
            {
              name: 'my-crate',
              vers: '1.0.0',
              cksum: 'abc',
              yanked: false,
              v: 2,
              features2: {},
              links: null,
              features: {},
              deps: [
                {
                  name: 'x',
                  req: '^1',
                  features: [],
                  optional: false,
                  default_features: true,
                  target: null,
                  kind: 'normal',
                  registry: null,
                  package: null,
                },
              ],
            },
          ],
        },
        facts: { 'my-crate@1.0.0': { libName: 'my_crate', procMacro: false }, 'p@1.0.0': { libName: 'p', procMacro: true } },
        git: {},
      },
    };
    expect(decodeShare(encodeShare(s)).snapshot).toEqual({
      index: { 'my-crate': [{ name: 'my-crate', vers: '1.0.0', features: {}, deps: [{ name: 'x', req: '^1' }] }] },
      facts: { 'p@1.0.0': { libName: 'p', procMacro: true } },
    });
  });

  it('names what is wrong with a broken payload', () => {
    const good = encodeShare({ files: [{ path: 'Cargo.toml', text: '[package]\nname = "a"\n'.repeat(20) }], options: DEFAULT_USER_OPTIONS });
    const body = good.slice(2);
    expect(errorOf(() => decodeShare('')).kind).toBe('malformed');
    expect(errorOf(() => decodeShare('hello')).kind).toBe('malformed');
    expect(errorOf(() => decodeShare('0.' + body)).kind).toBe('malformed');
    expect(errorOf(() => decodeShare('1.' + body.slice(0, 10) + '=' + body.slice(11))).kind).toBe('malformed');
    expect(errorOf(() => decodeShare(good.slice(0, -6))).kind).toBe('truncated');
    expect(errorOf(() => decodeShare('1.AAAA')).kind).toBe('truncated');
    const future = errorOf(() => decodeShare('2.' + body));
    expect(future.kind).toBe('future-schema');
    expect(future.message).toContain('newer version');
    expect(errorOf(() => decodeShare(good, { maxPayloadChars: good.length - 1 })).kind).toBe('oversize');
    expect(errorOf(() => decodeShare(forge('{"files":[]}', { crc: 1 }))).kind).toBe('corrupt');
    expect(errorOf(() => decodeShare(forge('not json'))).kind).toBe('corrupt');
  });

  it('detects a changed character (checksum or stream), never returning a different state silently', () => {
    const s: SharedState = { files: [{ path: 'Cargo.toml', text: '[package]\nname = "alpha"\nversion = "1.2.3"\n' }], options: DEFAULT_USER_OPTIONS };
    const good = encodeShare(s);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let changed = 0;
    for (let i = 2; i < good.length - 1; i++) {
      const ch = alphabet[(alphabet.indexOf(good[i]!) + 17) % 64]!;
      const tampered = good.slice(0, i) + ch + good.slice(i + 1);
      try {
        expect(decodeShare(tampered)).toEqual(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ShareLinkError);
        expect(['corrupt', 'truncated', 'bad-field']).toContain((e as ShareLinkError).kind);
        changed++;
      }
    }
    expect(changed).toBe(good.length - 3);
  });

  it('stops a zip bomb at the inflated cap', () => {
    const bomb = forge(JSON.stringify({ files: [{ path: 'a', text: 'a'.repeat(5_000_000) }] }));
    expect(bomb.length).toBeLessThan(20_000);
    const e = errorOf(() => decodeShare(bomb, { maxInflatedBytes: 1_000_000 }));
    expect(e.kind).toBe('oversize');
    expect(decodeShare(bomb).files[0]!.text.length).toBe(5_000_000);
  });

  it('makes no link that would not open: a state past the inflated cap is refused when encoding', () => {
    const huge: SharedState = { files: [{ path: 'Cargo.lock', text: 'a'.repeat(MAX_INFLATED_BYTES) }], options: DEFAULT_USER_OPTIONS };
    expect(errorOf(() => encodeShare(huge)).kind).toBe('oversize');
  });

  it('refuses bad fields by name, and ignores fields a newer page adds', () => {
    const bad = (json: unknown) => errorOf(() => decodeShare(forge(JSON.stringify(json))));
    expect(bad([]).kind).toBe('bad-field');
    expect(bad({ files: 'x' }).message).toContain('`files` must be a list');
    expect(bad({ files: [{ path: '../etc/passwd', text: '' }] }).message).toContain('files[0].path');
    expect(bad({ files: [{ path: '/abs', text: '' }] }).kind).toBe('bad-field');
    expect(
      bad({
        files: [
          { path: 'a', text: '' },
          { path: 'a', text: '' },
        ],
      }).message,
    ).toContain('twice');
    expect(bad({ files: [], options: { backend: 'make' } }).message).toContain('options.backend');
    expect(bad({ files: [], tab: { kind: 'side', id: 'x' } }).message).toContain('tab');
    expect(bad({ files: [], snapshot: { index: { a: [{ name: 'b', vers: '1', deps: [], features: {} }] } } }).message).toContain('index["a"][0]');
    expect(bad({ files: [], snapshot: { index: {}, facts: { 'a@1': { libName: 3, procMacro: false } } } }).message).toContain('facts["a@1"]');
    const extra = decodeShare(forge(JSON.stringify({ files: [], options: { release: false, newOption: 1 }, newField: true })));
    expect(extra).toEqual({ files: [], options: { ...DEFAULT_USER_OPTIONS, release: false } });
  });

  it('upgrades old links through each migration in turn (a future page with schema 3 reading today’s links)', () => {
    const today = encodeShare({ files: [{ path: 'Cargo.toml', text: 'x' }], options: DEFAULT_USER_OPTIONS });
    const steps: number[] = [];
    const future: ShareSchema = {
      version: 3,
      decoders: { ...CURRENT_SCHEMA.decoders, 3: CURRENT_SCHEMA.decoders[1]! },
      migrations: {
        1: (json) => (steps.push(1), { ...(json as object), inputs: (json as { files: unknown }).files }),
        2: (json) => {
          steps.push(2);
          const { inputs, ...rest } = json as { inputs: { path: string; text: string }[] };
          return { ...rest, files: inputs.map((f) => ({ ...f, text: f.text.toUpperCase() })) };
        },
      },
      check: CURRENT_SCHEMA.check,
    };
    expect(decodeShareWith(future, today).files).toEqual([{ path: 'Cargo.toml', text: 'X' }]);
    expect(steps).toEqual([1, 2]);
    const gap = errorOf(() => decodeShareWith({ ...future, migrations: { 1: future.migrations[1]! } }, today));
    expect(gap).toMatchObject({ kind: 'malformed', message: 'links of schema 2 can no longer be read' });
    const failing = errorOf(() => decodeShareWith({ ...future, migrations: { ...future.migrations, 1: () => null } }, today));
    expect(failing.kind).toBe('bad-field');
  });

  it('keeps snapshot lookups off Object.prototype (a crate named `constructor`)', () => {
    const decoded = decodeShare(forge(JSON.stringify({ files: [], snapshot: { index: {} } })));
    expect(decoded.snapshot!.index['constructor']).toBeUndefined();
  });

  it('fuzz: random and mutated payloads end in a state or a ShareLinkError, nothing else', () => {
    const good = encodeShare({
      files: [{ path: 'Cargo.toml', text: '[package]\nname = "fuzz"\n' }],
      options: DEFAULT_USER_OPTIONS,
      snapshot: { index: { fuzz: [{ name: 'fuzz', vers: '1.0.0', deps: [{ name: 'x', req: '^1' }], features: { default: ['x'] } }] } },
    });
    const goldBytes = fromBase64Url(good.slice(2));
    const payload = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => `1.${s}`),
      fc.uint8Array({ maxLength: 300 }).map((b) => `1.${toBase64Url(b)}`),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const b = goldBytes.slice();
        b[at % b.length] = byte;
        return `1.${toBase64Url(b)}`;
      }),
      fc.nat().map((n) => good.slice(0, n % good.length)),
      fc.string({ maxLength: 200 }).map((s) => forge(s)),
      fc.json().map((j) => forge(j)),
    );
    fc.assert(
      fc.property(payload, (p) => {
        try {
          decodeShare(p);
        } catch (e) {
          if (!(e instanceof ShareLinkError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('share links', () => {
  it('puts the payload in the fragment of the playground or the embed page', () => {
    expect(fragmentLink('http://127.0.0.1:5173/', '1.abc')).toBe('http://127.0.0.1:5173/#s=1.abc');
    expect(fragmentLink('https://x.dev', '1.abc', { embed: true })).toBe('https://x.dev/embed#s=1.abc');
    expect(shortLink('https://x.dev', '0123', { embed: true })).toBe('https://x.dev/embed/s/0123');
    expect(payloadFromFragment('#s=1.abc')).toBe('1.abc');
    expect(payloadFromFragment('theme=dark&s=1.abc')).toBe('1.abc');
    expect(payloadFromFragment('#x=1')).toBeNull();
  });

  it('base64url round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
  });
});
