// What cargo tree reads from the workspace besides the graph: the resolver version (it decides
// whether host and target features are kept apart), default members, the --format patterns.
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../worker/pipeline.ts';
import { parseTreeFormat } from '../../worker/views/tree/tree-format.ts';
import { treeWorkspace, usesResolverV2 } from '../../worker/views/tree/tree-workspace.ts';

const LOCK = 'version = 3\n\n[[package]]\nname = "p"\nversion = "0.1.0"\n';

function v2(root: string, extra: Record<string, string> = {}): boolean {
  return usesResolverV2(parseInputs(new Map([['Cargo.toml', root], ['Cargo.lock', LOCK], ...Object.entries(extra)])));
}

describe('usesResolverV2', () => {
  const pkg = (edition: string, more = '') => `[package]\nname = "p"\nversion = "0.1.0"\nedition = ${edition}\n${more}`;

  it('follows the root package edition', () => {
    expect(v2(pkg('"2021"'))).toBe(true);
    expect(v2(pkg('"2018"'))).toBe(false);
    expect(v2('[package]\nname = "p"\nversion = "0.1.0"\n')).toBe(false);
  });

  it('lets an explicit resolver win', () => {
    expect(v2(pkg('"2021"', 'resolver = "1"\n'))).toBe(false);
    expect(v2(pkg('"2018"', 'resolver = "2"\n'))).toBe(true);
    expect(v2(`${pkg('"2018"')}\n[workspace]\nresolver = "2"\n`)).toBe(true);
  });

  it('reads an inherited edition', () => {
    expect(v2(`${pkg('{ workspace = true }')}\n[workspace.package]\nedition = "2021"\n`)).toBe(true);
  });

  it('is resolver 1 for a virtual manifest unless it says otherwise', () => {
    const member = { 'm/Cargo.toml': '[package]\nname = "p"\nversion = "0.1.0"\nedition = "2021"\n' };
    expect(v2('[workspace]\nmembers = ["m"]\n', member)).toBe(false);
    expect(v2('[workspace]\nmembers = ["m"]\nresolver = "2"\n', member)).toBe(true);
  });
});

describe('parseTreeFormat', () => {
  it('reads {p}, {f}, text and escapes', () => {
    expect(parseTreeFormat('{p} [{f}] {{x}}')).toEqual([
      { kind: 'package' },
      { kind: 'text', text: ' [' },
      { kind: 'features' },
      { kind: 'text', text: '] ' },
      { kind: 'text', text: '{' },
      { kind: 'text', text: 'x' },
      { kind: 'text', text: '}' },
    ]);
  });

  it("refuses what cargo refuses, with cargo's message", () => {
    expect(() => parseTreeFormat('{x}')).toThrow('tree format `{x}` not valid\n\nCaused by:\n  unsupported pattern `x`');
    expect(() => parseTreeFormat('{p')).toThrow("expected '}'");
    expect(() => parseTreeFormat('p}')).toThrow("unexpected '}'");
  });

  it('reads {l} and {r} (license and repository) next to {lib}', () => {
    expect(parseTreeFormat('{l}|{r}|{lib}')).toEqual([
      { kind: 'license' },
      { kind: 'text', text: '|' },
      { kind: 'repository' },
      { kind: 'text', text: '|' },
      { kind: 'lib' },
    ]);
  });
});

describe('treeWorkspace metadata ({l}, {r})', () => {
  const files = new Map([
    ['Cargo.toml', '[workspace]\nmembers = ["a", "b"]\n\n[workspace.package]\nlicense = "MIT"\nrepository = "https://example.org/ws"\n'],
    ['a/Cargo.toml', '[package]\nname = "a"\nversion = "0.1.0"\nlicense.workspace = true\nrepository = "https://example.org/a"\n'],
    ['b/Cargo.toml', '[package]\nname = "b"\nversion = "0.2.0"\n'],
    ['Cargo.lock', 'version = 3\n\n[[package]]\nname = "a"\nversion = "0.1.0"\n\n[[package]]\nname = "b"\nversion = "0.2.0"\n'],
  ]);
  const ws = treeWorkspace(parseInputs(files), new Map(), '/ws');

  it("reads a member's own fields and the ones it inherits from [workspace.package]", () => {
    expect(ws.metadata?.(ws.members[0]!)).toEqual({ license: 'MIT', repository: 'https://example.org/a' });
  });

  it('has no value, not a made-up one, for a field the manifest leaves out', () => {
    expect(ws.metadata?.(ws.members[1]!)).toEqual({ license: undefined, repository: undefined });
  });
});
