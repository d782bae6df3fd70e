// base64url without padding (RFC 4648 §5): the alphabet that survives URL fragments, paths and chat
// clients unescaped. Written here because the generator core has neither btoa nor Buffer.
import { ShareLinkError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    chunk += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    if (b !== undefined) chunk += ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    if (c !== undefined) chunk += ALPHABET[c & 63]!;
    // Joined in pieces: repeated += on one multi-megabyte string is slow in some engines.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** Refuses any character outside the alphabet (padding included) and a length no encoder makes. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new ShareLinkError('truncated', 'the link is cut short (its payload has an impossible length)');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let bits = 0;
    let n = 0;
    for (let j = i; j < Math.min(i + 4, text.length); j++) {
      const code = text.charCodeAt(j);
      const v = code < 128 ? VALUES[code]! : -1;
      if (v < 0)
        throw new ShareLinkError(
          'malformed',
          `the link's payload has a character that cannot be in it at position ${j + 1}: ${JSON.stringify(text[j])}`,
        );
      bits = (bits << 6) | v;
      n++;
    }
    if (n === 4) {
      out[o++] = bits >> 16;
      out[o++] = (bits >> 8) & 255;
      out[o++] = bits & 255;
    } else if (n === 3) {
      out[o++] = bits >> 10;
      out[o++] = (bits >> 2) & 255;
    } else {
      out[o++] = bits >> 4;
    }
  }
  return out.subarray(0, o);
}
