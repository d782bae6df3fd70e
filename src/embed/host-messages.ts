// What the embed says to the page that frames it, and the one thing it accepts from it. Documented
// in the README ("Embedding"): the host may trust nothing but the height, and the embed trusts
// nothing from the host — a message that is not exactly a known shape is ignored.

/** Sent to the parent whenever the embed's height changes: `{ type, height }` in CSS pixels. */
export const HEIGHT_MESSAGE = 'cargo2nix-playground:height';
/** A host may ask for the current height again (e.g. after it attached its listener late). */
export const HEIGHT_REQUEST = 'cargo2nix-playground:request-height';

export interface HeightMessage {
  readonly type: typeof HEIGHT_MESSAGE;
  readonly height: number;
}

export function heightMessage(height: number): HeightMessage {
  return { type: HEIGHT_MESSAGE, height: Math.ceil(height) };
}

/** Exactly `{ type: HEIGHT_REQUEST }`: anything else (other fields, other types, non-objects) is not a request. */
export function isHeightRequest(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0] === 'type' && (data as { type: unknown }).type === HEIGHT_REQUEST;
}
