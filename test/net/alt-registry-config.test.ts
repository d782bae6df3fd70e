// Where an alternative registry's `.crate` files are, from its config.json's
// `dl`, by the rules of cargo's registry documentation (worked by hand here).
import { describe, expect, it } from 'vitest';
import { crateDirPrefix, downloadUrl, needsChecksum, parseRegistryConfig } from '../../worker/metadata/net/registry-config.ts';

describe('registry config.json', () => {
  it('computes the index directory prefix, keeping case for {prefix}', () => {
    expect(['a', 'ab', 'abc', 'abcd', 'Serde_JSON'].map(crateDirPrefix)).toEqual(['1', '2', '3/a', 'ab/cd', 'Se/rd']);
  });

  it('fills every marker, lowercasing only {lowerprefix} and encoding build metadata', () => {
    const dl = 'https://dl.example.com/{prefix}/{lowerprefix}/{crate}/{version}/{sha256-checksum}.crate';
    expect(downloadUrl(dl, 'Serde_JSON', '1.0.0+meta', 'ab12')).toBe('https://dl.example.com/Se/rd/se/rd/Serde_JSON/1.0.0%2Bmeta/ab12.crate');
    expect(downloadUrl('https://x.example/{crate}-{version}.crate?c={crate}', 'a', '2.0.0')).toBe('https://x.example/a-2.0.0.crate?c=a');
    expect(needsChecksum(dl)).toBe(true);
    expect(needsChecksum('https://x.example/{crate}')).toBe(false);
    expect(() => downloadUrl(dl, 'abc', '1.0.0')).toThrow(/\{sha256-checksum\}/);
  });

  it('adds /{crate}/{version}/download to a dl without markers', () => {
    expect(downloadUrl('https://dl.example.com/api/v1/crates', 'foo', '0.1.0')).toBe('https://dl.example.com/api/v1/crates/foo/0.1.0/download');
    expect(downloadUrl('https://dl.example.com/api/v1/crates/', 'foo', '0.1.0')).toBe('https://dl.example.com/api/v1/crates/foo/0.1.0/download');
  });

  it('reads dl and auth-required, and says what is wrong with a bad file', () => {
    expect(parseRegistryConfig('{"dl":"https://d.example/{crate}","api":"https://a.example"}')).toEqual({
      dl: 'https://d.example/{crate}',
      authRequired: false,
    });
    expect(parseRegistryConfig('{"dl":"https://d.example","auth-required":true}').authRequired).toBe(true);
    expect(() => parseRegistryConfig('nope')).toThrow(/^not JSON/);
    expect(() => parseRegistryConfig('[1]')).toThrow('not a JSON object');
    expect(() => parseRegistryConfig('{"dl":3}')).toThrow('no `dl` string');
    expect(() => parseRegistryConfig('{"dl":"/relative/{crate}"}')).toThrow('`dl` is not an absolute URL: /relative/{crate}');
    expect(() => parseRegistryConfig('{"dl":"ftp://d.example/"}')).toThrow('`dl` is not an http(s) URL');
  });
});
