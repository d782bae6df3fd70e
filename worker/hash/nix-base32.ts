// Nix's base32: its own 32-letter alphabet (no e, o, t, u, so hashes never spell words) and its own
// bit order — the text is read from the end of the digest backwards, the last character carrying
// the digest's lowest bits. Nothing else reads or writes it, so a standard base32 library cannot.

const ALPHABET = '0123456789abcdfghijklmnpqrsvwxyz';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Characters needed for `bytes` bytes: 52 for a SHA-256 digest. */
export function nixBase32Length(bytes: number): number {
  return Math.ceil((bytes * 8) / 5);
}

export function toNixBase32(digest: Uint8Array): string {
  const chars = nixBase32Length(digest.length);
  let out = '';
  // Character k (from the end) holds bits 5k … 5k+4 of the digest taken as one little-endian number.
  for (let k = chars - 1; k >= 0; k--) {
    const bit = k * 5;
    const byte = bit >> 3;
    const shift = bit & 7;
    const low = digest[byte]! >> shift;
    const high = byte + 1 < digest.length ? digest[byte + 1]! << (8 - shift) : 0;
    out += ALPHABET[(low | high) & 31];
  }
  return out;
}

/** The digest of `text`, which must be `bytes` bytes long; throws on a wrong length, letter or leftover bits. */
export function fromNixBase32(text: string, bytes: number): Uint8Array {
  if (text.length !== nixBase32Length(bytes)) {
    throw new Error(`a ${bytes}-byte hash in Nix base32 has ${nixBase32Length(bytes)} characters, not ${text.length}`);
  }
  const out = new Uint8Array(bytes);
  for (let i = 0; i < text.length; i++) {
    const value = VALUE.get(text[i]!);
    if (value === undefined) throw new Error(`\`${text[i]}\` (character ${i + 1}) is not a Nix base32 digit`);
    const k = text.length - 1 - i;
    const bit = k * 5;
    const byte = bit >> 3;
    const shift = bit & 7;
    out[byte]! |= (value << shift) & 0xff;
    const carry = value >> (8 - shift);
    if (carry !== 0) {
      // Bits past the last byte must be zero, or two texts would name the same digest.
      if (byte + 1 >= bytes) throw new Error(`\`${text}\` has bits set beyond a ${bytes}-byte hash`);
      out[byte + 1]! |= carry;
    }
  }
  return out;
}
