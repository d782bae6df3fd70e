// The Insight view on screen is the playground's output tab (`insight:why?crate=…`): it must read
// back as written, and survive a share link — encoded, decoded, and opened by the page, which reads
// `<backend>/<file>` tabs specially and must leave these alone.
import { describe, expect, it } from 'vitest';
import { insightTab, isInsightTab, parseInsightTab } from '../../src/components/insight/insight-route.ts';
import { openPayload, sharePayload } from '../../src/lib/share-link.ts';
import { DEFAULT_OPTIONS } from '../../src/lib/state.ts';

describe('insight route', () => {
  it('reads back what it writes, parameters in a fixed order, empty ones left out', () => {
    const tab = insightTab({ view: 'why', params: { feature: 'std', crate: 'serde@1.0.189', empty: '' } });
    expect(tab).toBe('insight:why?crate=serde%401.0.189&feature=std');
    expect(parseInsightTab(tab)).toEqual({ view: 'why', params: { crate: 'serde@1.0.189', feature: 'std' } });
    expect(insightTab({ view: 'native', params: {} })).toBe('insight:native');
    expect(parseInsightTab('insight:native')).toEqual({ view: 'native', params: {} });
  });

  it('tells insight tabs from file tabs', () => {
    expect(isInsightTab('Cargo.nix')).toBe(false);
    expect(isInsightTab(undefined)).toBe(false);
    expect(parseInsightTab('flake.nix')).toBeUndefined();
    expect(isInsightTab('insight:platforms?a=x86_64-linux')).toBe(true);
  });

  it('a crate key with slashes stays one parameter (no `/` reaches the tab)', () => {
    const key = 'registry+https://github.com/rust-lang/crates.io-index serde 1.0.189';
    const tab = insightTab({ view: 'why', params: { crate: key } });
    expect(tab).not.toContain('/');
    expect(parseInsightTab(tab)!.params.crate).toBe(key);
  });

  it('survives a share link as the page opens it', () => {
    const tab = insightTab({ view: 'platforms', params: { a: 'x86_64-linux', b: 'aarch64-darwin' } });
    const payload = sharePayload({
      files: [{ path: 'Cargo.toml', text: '[package]\nname = "a"\n' }],
      options: DEFAULT_OPTIONS,
      tab: { kind: 'output', id: tab },
    });
    const opened = openPayload(payload);
    expect(opened.tab).toEqual({ kind: 'output', id: tab });
    expect(opened.options.backend).toBe(DEFAULT_OPTIONS.backend);
    expect(parseInsightTab(opened.tab!.id)).toEqual({ view: 'platforms', params: { a: 'x86_64-linux', b: 'aarch64-darwin' } });
  });
});
