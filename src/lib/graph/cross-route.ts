// How a dependency between two boxes is drawn when the graph is grouped by member: out of its
// crate to the right and out of the box, across the gap between boxes as one smooth curve, and
// into the other box to its crate's left side. A crate with other crates to its right in its box
// leaves through the gap beside its column and along the box's top or bottom edge (outside it),
// so the line never runs over the crates of either box; the dependency's side mirrors that.
// Routes are chains of cubic Bézier segments (straight runs have their control points on the line).
import type { PlacedCluster, PlacedNode, Point } from './layout.ts';

/** How far outside a box's edge its channel runs (boxes are 28 px apart, so channels never meet a box). */
const CHANNEL = 7;
/** How far from a column of crates the turn towards the channel is when no column is beyond it. */
const TURN = 8;

type Box = Pick<PlacedCluster, 'x' | 'y' | 'width' | 'height'>;

const overlapsRow = (n: PlacedNode, of: PlacedNode) => n.y < of.y + of.height + 2 && n.y + n.height > of.y - 2;

/** The x-extent of the layer `n` sits in: every crate of the box whose extent overlaps it, transitively. */
function column(n: PlacedNode, peers: readonly PlacedNode[]): { left: number; right: number } {
  let left = n.x;
  let right = n.x + n.width;
  for (let grew = true; grew;) {
    grew = false;
    for (const p of peers) {
      if (p.x >= right || p.x + p.width <= left) continue;
      if (p.x < left || p.x + p.width > right) {
        left = Math.min(left, p.x);
        right = Math.max(right, p.x + p.width);
        grew = true;
      }
    }
  }
  return { left, right };
}

/** The middle of the free gap right of a column (that ends at `right`): no crate reaches into it. */
function gapRight(right: number, peers: readonly PlacedNode[]): number {
  let next = Infinity;
  for (const p of peers) if (p.x >= right) next = Math.min(next, p.x);
  return next === Infinity ? right + TURN : (right + next) / 2;
}

/** The middle of the free gap left of a column (that starts at `left`). */
function gapLeft(left: number, peers: readonly PlacedNode[]): number {
  let previous = -Infinity;
  for (const p of peers) if (p.x + p.width <= left) previous = Math.max(previous, p.x + p.width);
  return previous === -Infinity ? left - TURN : (previous + left) / 2;
}

/** From the crate's right side to its box's right edge: straight when nothing is in the way. */
function exit(from: PlacedNode, box: Box, peers: readonly PlacedNode[]): Point[] {
  const y = from.y + from.height / 2;
  const start = { x: from.x + from.width, y };
  const right = box.x + box.width;
  if (!peers.some((p) => p !== from && p.x >= start.x - 0.5 && overlapsRow(p, from))) return [start, { x: right, y }];
  const x = gapRight(column(from, peers).right, peers);
  const channel = y - box.y <= box.y + box.height - y ? box.y - CHANNEL : box.y + box.height + CHANNEL;
  return [start, { x, y }, { x, y: channel }, { x: right, y: channel }];
}

/** From its box's left edge to the crate's left side: the mirror of {@link exit}. */
function entry(to: PlacedNode, box: Box, peers: readonly PlacedNode[]): Point[] {
  const y = to.y + to.height / 2;
  const end = { x: to.x, y };
  if (!peers.some((p) => p !== to && p.x + p.width <= end.x + 0.5 && overlapsRow(p, to))) return [{ x: box.x, y }, end];
  const x = gapLeft(column(to, peers).left, peers);
  const channel = y - box.y <= box.y + box.height - y ? box.y - CHANNEL : box.y + box.height + CHANNEL;
  return [{ x: box.x, y: channel }, { x, y: channel }, { x, y }, end];
}

/** A polyline as cubic segments (after its first point). */
function straight(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    out.push({ x: a.x + (b.x - a.x) / 3, y: a.y + (b.y - a.y) / 3 }, { x: a.x + (2 * (b.x - a.x)) / 3, y: a.y + (2 * (b.y - a.y)) / 3 }, b);
  }
  return out;
}

/**
 * A cubic from the middle of the depending crate's right side to the middle of its dependency's
 * left side, leaving and arriving horizontally: for a dependency on a box that is not to the right
 * (only a cycle between boxes puts one there).
 */
export function crossCurve(from: PlacedNode, to: PlacedNode): Point[] {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  // Farther apart, flatter; backwards, a wider loop so it clears both crates.
  const reach = end.x >= start.x ? Math.max(30, (end.x - start.x) / 2) : Math.max(80, (start.x - end.x) / 3);
  return [start, { x: start.x + reach, y: start.y }, { x: end.x - reach, y: end.y }, end];
}

/**
 * The route of a dependency from `from` (in `fromBox`, among `fromPeers`) to `to` (in `toBox`,
 * among `toPeers`): start, then three points (two controls and an end) per cubic segment.
 */
export function crossRoute(
  from: PlacedNode,
  fromBox: Box,
  fromPeers: readonly PlacedNode[],
  to: PlacedNode,
  toBox: Box,
  toPeers: readonly PlacedNode[],
): Point[] {
  if (toBox.x < fromBox.x + fromBox.width) return crossCurve(from, to);
  const out = exit(from, fromBox, fromPeers);
  const into = entry(to, toBox, toPeers);
  const a = out[out.length - 1]!;
  const b = into[0]!;
  const reach = Math.max(20, (b.x - a.x) / 2);
  return [...out.slice(0, 1), ...straight(out), { x: a.x + reach, y: a.y }, { x: b.x - reach, y: b.y }, b, ...straight(into)];
}
