// How a dependency between two boxes is drawn when the graph is grouped by member. The boxes are
// stacked top to bottom (members above what they use, cluster-layout.ts), and ELK routes one line
// per pair of boxes between them (the skeleton) around every other box. A dependency leaves its
// crate to the right into the gap beside the crate's column, runs down (or up) that gap out of the
// box into a channel just outside its bottom (or top) edge, along the channel to where the
// skeleton leaves, follows the skeleton to the other box, and along that box's channel to the gap
// left of its crate's column, into the crate's left side. So it never runs over a crate or
// through a box; the dependencies of one pair of boxes share the skeleton like a bus.
// Routes are chains of cubic Bézier segments: straight runs have their control points on the
// line, and the skeleton's slanted runs (between two rows of boxes, where nothing is drawn) are
// S-curves that leave and arrive vertically.
import type { PlacedCluster, PlacedNode, Point } from './layout.ts';

/** How far outside a box's edge its channel runs (rows of boxes are far apart, so channels never meet a box). */
const CHANNEL = 7;
/** How far from a column of crates the turn towards the channel is when no column is beyond it. */
const TURN = 8;

type Box = Pick<PlacedCluster, 'x' | 'y' | 'width' | 'height'>;

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

/** The y of the channel outside `box` on the side `towards` (a point on its edge) is. */
function channelY(box: Box, towards: Point): number {
  return towards.y >= box.y + box.height / 2 ? box.y + box.height + CHANNEL : box.y - CHANNEL;
}

/** One cubic segment from `a` to `b`: straight along an axis, an S-curve leaving and arriving vertically otherwise. */
function segment(a: Point, b: Point): Point[] {
  if (Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5)
    return [{ x: a.x + (b.x - a.x) / 3, y: a.y + (b.y - a.y) / 3 }, { x: a.x + (2 * (b.x - a.x)) / 3, y: a.y + (2 * (b.y - a.y)) / 3 }, b];
  const half = (b.y - a.y) / 2;
  return [{ x: a.x, y: a.y + half }, { x: b.x, y: b.y - half }, b];
}

/**
 * A cubic from the middle of the depending crate's right side to the middle of its dependency's
 * left side, leaving and arriving horizontally: only when ELK gave no skeleton for the pair.
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
 * among `toPeers`) along `skeleton`, ELK's route from `fromBox`'s edge to `toBox`'s: the start,
 * then three points (two controls and an end) per cubic segment.
 */
export function crossRoute(
  from: PlacedNode,
  fromBox: Box,
  fromPeers: readonly PlacedNode[],
  to: PlacedNode,
  toBox: Box,
  toPeers: readonly PlacedNode[],
  skeleton: readonly Point[] | undefined,
): Point[] {
  if (!skeleton || skeleton.length < 2) return crossCurve(from, to);
  const first = skeleton[0]!;
  const last = skeleton[skeleton.length - 1]!;
  const out = channelY(fromBox, first);
  const into = channelY(toBox, last);
  const y0 = from.y + from.height / 2;
  const y1 = to.y + to.height / 2;
  const x0 = gapRight(column(from, fromPeers).right, fromPeers);
  const x1 = gapLeft(column(to, toPeers).left, toPeers);
  const corners: Point[] = [
    { x: from.x + from.width, y: y0 },
    { x: x0, y: y0 },
    { x: x0, y: out },
    { x: first.x, y: out },
    ...skeleton.slice(1, -1),
    { x: last.x, y: into },
    { x: x1, y: into },
    { x: x1, y: y1 },
    { x: to.x, y: y1 },
  ];
  // Corners that coincide (a crate whose gap is right where the skeleton leaves) would be zero-length segments.
  const points = corners.filter((p, i) => i === 0 || Math.abs(p.x - corners[i - 1]!.x) + Math.abs(p.y - corners[i - 1]!.y) > 0.01);
  const route: Point[] = [points[0]!];
  for (let i = 1; i < points.length; i++) route.push(...segment(points[i - 1]!, points[i]!));
  return route;
}
