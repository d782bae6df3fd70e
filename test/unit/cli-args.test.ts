// The command line's arguments for backends and options: what parses, what is refused with which
// words, and `--options` read inline or from a file with every bad field named.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, readUserOptions, UsageError } from '../../worker/node/cli-args.ts';
import { BACKENDS, DEFAULT_USER_OPTIONS } from '../../worker/options/user-options.ts';

function usageError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('--backend', () => {
  it('takes every backend and `all`, with --out', () => {
    for (const b of [...BACKENDS, 'all'] as const) {
      expect(parseCliArgs(['ws', '--backend', b, '--out', 'o'])).toMatchObject({ kind: 'generate', workspace: 'ws', backend: b, out: 'o' });
    }
    expect(parseCliArgs(['ws', '--out', 'o'])).not.toHaveProperty('backend');
  });

  it('refuses an unknown backend, naming the known ones', () => {
    expect(usageError(() => parseCliArgs(['ws', '--backend', 'nix', '--out', 'o']))).toBe(
      'no backend `nix`; known: cargo2nix, crate2nix, buildRustPackage, crane, naersk, dream2nix, all',
    );
  });

  it('needs --out (printing is one file) and does not mix with --renderer', () => {
    expect(usageError(() => parseCliArgs(['ws', '--backend', 'crane']))).toBe(
      '--backend crane writes files: give --out <dir> (or --renderer <id> to print one file)',
    );
    expect(usageError(() => parseCliArgs(['ws', '--backend', 'all', '--renderer', 'cargo2nix/Cargo.nix', '--out', 'o']))).toMatch(
      /cannot be combined with --backend/,
    );
    expect(usageError(() => parseCliArgs(['ws', '--backend', '', '--out', 'o']))).toBe('--backend needs a value');
  });
});

describe('--options', () => {
  it('is kept as given for the command to read', () => {
    expect(parseCliArgs(['ws', '--options', '{"release":false}'])).toMatchObject({ options: '{"release":false}' });
    expect(usageError(() => parseCliArgs(['ws', '--options', '']))).toBe('--options needs a value');
  });

  it('reads inline JSON (the share links’ shape); absent fields take their defaults', () => {
    const read = () => {
      throw new Error('inline JSON must not be read from a file');
    };
    expect(readUserOptions('{"release":false,"targets":["x86_64-unknown-linux-musl"],"backend":"crane"}', read)).toEqual({
      ...DEFAULT_USER_OPTIONS,
      release: false,
      targets: ['x86_64-unknown-linux-musl'],
      backend: 'crane',
    });
    expect(readUserOptions('  {}', read)).toEqual(DEFAULT_USER_OPTIONS);
  });

  it('reads a file when the value is not inline JSON', () => {
    const seen: string[] = [];
    const options = readUserOptions('opts.json', (path) => {
      seen.push(path);
      return '{"rootFeatures":"app/tls"}';
    });
    expect(seen).toEqual(['opts.json']);
    expect(options.rootFeatures).toBe('app/tls');
  });

  it('names the bad field, strictly (a typo is not ignored)', () => {
    const none = () => '';
    expect(usageError(() => readUserOptions('{"release":"no"}', none))).toBe('--options.release must be true or false; got "no"');
    expect(usageError(() => readUserOptions('{"relase":false}', none))).toMatch(/^--options has no field "relase"; known: backend, /);
    expect(usageError(() => readUserOptions('{"backend":"nix"}', none))).toMatch(/^--options\.backend must be one of cargo2nix, /);
    expect(usageError(() => readUserOptions('o.json', () => '{"targets":"x"}'))).toBe('o.json: options.targets must be a list of target triples');
  });

  it('says when the JSON itself is broken, and where', () => {
    expect(usageError(() => readUserOptions('{"release":', () => ''))).toMatch(/^--options: not valid JSON \(/);
    expect(usageError(() => readUserOptions('o.json', () => '[1,'))).toMatch(/^o\.json: not valid JSON \(/);
    expect(usageError(() => readUserOptions('o.json', () => '[1]'))).toBe('o.json: options must be a JSON object');
  });
});
