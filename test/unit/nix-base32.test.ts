// Nix's base32 and SRI spellings, against the conversion vectors in Nix's own test suite
// (tests/hash.sh: the same digest as hex, base32 and base64).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNixBase32, nixBase32Length, toNixBase32 } from '../../worker/hash/nix-base32.ts';
import { sha256Sri, toBase64 } from '../../worker/hash/sri.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

const NIX_VECTORS = [
  {
    type: 'sha1',
    hex: '800d59cfcd3c05e900cb4e214be48f6b886a08df',
    base32: 'vw46m23bizj4n8afrc0fj19wrp7mj3c0',
    base64: 'gA1Zz808BekAy04hS+SPa4hqCN8=',
  },
  {
    type: 'sha256',
    hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    base32: '1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s',
    base64: 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=',
  },
  {
    type: 'sha512',
    hex: '204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445',
    base32: '12k9jiq29iyqm03swfsgiw5mlqs173qazm3n7daz43infy12pyrcdf30fkk3qwv4yl2ick8yipc2mqnlh48xsvvxl60lbx8vp38yji0',
    base64: 'IEqPxt2oLwoM7XvrjgikFlfBbvRosiioJ5vjMacDwzWW/RXBOxsH+aodO+pXeJygMa2Fx6cd1wNU7GMSOMo0RQ==',
  },
];

describe('Nix base32', () => {
  for (const v of NIX_VECTORS) {
    it(`spells Nix's ${v.type} vector as Nix does, and reads it back`, () => {
      expect(toNixBase32(hex(v.hex))).toBe(v.base32);
      expect(Buffer.from(fromNixBase32(v.base32, v.hex.length / 2)).toString('hex')).toBe(v.hex);
      expect(toBase64(hex(v.hex))).toBe(v.base64);
    });
  }

  it('has 52 characters for SHA-256 and 32 for SHA-1', () => {
    expect(nixBase32Length(32)).toBe(52);
    expect(nixBase32Length(20)).toBe(32);
  });

  it('round-trips any digest and only uses its alphabet', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 70 }), (bytes) => {
        const text = toNixBase32(bytes);
        expect(text).toMatch(/^[0-9abcdfghijklmnpqrsvwxyz]*$/);
        expect(text.length).toBe(nixBase32Length(bytes.length));
        expect(fromNixBase32(text, bytes.length)).toEqual(bytes);
      }),
    );
  });

  it('refuses letters Nix leaves out, wrong lengths and bits past the digest', () => {
    const good = NIX_VECTORS[1]!.base32;
    expect(() => fromNixBase32(good.slice(0, -1) + 'e', 32)).toThrow(/`e` \(character 52\) is not a Nix base32 digit/);
    expect(() => fromNixBase32(good.slice(1), 32)).toThrow(/has 52 characters, not 51/);
    // The first character carries only the top bit of the last byte (52 × 5 = 260 = 256 + 4 spare bits).
    expect(() => fromNixBase32('z' + good.slice(1), 32)).toThrow(/bits set beyond a 32-byte hash/);
  });
});

describe('SRI', () => {
  it("is Nix's SRI for the sha256 vector", () => {
    expect(sha256Sri(hex(NIX_VECTORS[1]!.hex))).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  it('refuses a digest of the wrong size', () => {
    expect(() => sha256Sri(new Uint8Array(20))).toThrow(/32 bytes, not 20/);
  });

  it("base64 equals Node's for every length and value", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});
