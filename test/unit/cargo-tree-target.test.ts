// Which `[target.…]` tables apply to a target, from rustc's cfg values for it.
import { describe, expect, it } from 'vitest';
import { parsePlatform } from '../../worker/parse/cfg.ts';
import { KNOWN_TARGETS, platformMatches, targetCfg } from '../../worker/views/tree/target-cfg.ts';

const holds = (platform: string, triple: string) => platformMatches(parsePlatform(platform), targetCfg(triple)!);

describe('target cfg', () => {
  it('knows the host and the usual targets, and nothing it was not given', () => {
    expect(KNOWN_TARGETS).toContain('x86_64-unknown-linux-gnu');
    expect(KNOWN_TARGETS).toContain('wasm32-unknown-unknown');
    expect(targetCfg('x86_64-unknown-nowhere')).toBeUndefined();
  });

  it('evaluates names, key-value pairs and combinators', () => {
    expect(holds('cfg(unix)', 'x86_64-unknown-linux-gnu')).toBe(true);
    expect(holds('cfg(windows)', 'x86_64-unknown-linux-gnu')).toBe(false);
    expect(holds('cfg(windows)', 'x86_64-pc-windows-msvc')).toBe(true);
    expect(holds('cfg(target_env = "msvc")', 'x86_64-pc-windows-gnu')).toBe(false);
    expect(holds('cfg(all(unix, target_pointer_width = "64"))', 'aarch64-apple-darwin')).toBe(true);
    expect(holds('cfg(all(unix, target_pointer_width = "64"))', 'i686-unknown-linux-gnu')).toBe(false);
    expect(holds('cfg(any(unix, target_os = "wasi"))', 'wasm32-wasi')).toBe(true);
    expect(holds('cfg(not(windows))', 'wasm32-unknown-unknown')).toBe(true);
    expect(holds('cfg(target_feature = "sse2")', 'x86_64-unknown-linux-gnu')).toBe(true);
    expect(holds('cfg(debug_assertions)', 'x86_64-unknown-linux-gnu')).toBe(true);
  });

  it('matches a triple key only on that very target', () => {
    expect(holds('x86_64-pc-windows-gnu', 'x86_64-pc-windows-gnu')).toBe(true);
    expect(holds('x86_64-pc-windows-gnu', 'x86_64-pc-windows-msvc')).toBe(false);
  });
});
