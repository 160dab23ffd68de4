// Plane geometry for the polygons staff type or paste (expo areas, initiative areas). Pure, no I/O.
// Coordinates are used as given, as if lat/lng were planar: at city scale a ring is a few kilometres
// across, where the curvature of the Earth cannot turn a crossing into a non-crossing. Either axis order
// works ([lng, lat] or [lat, lng]): swapping the axes flips every orientation's sign, not its zero.

/** A position: two numbers (an altitude after them, as GeoJSON allows, is ignored). */
export type Position = readonly [number, number, ...number[]];

/**
 * Two edges of a ring that cross, as their 1-based numbers (edge k joins position k and k + 1, the
 * closing edge ends at the last position), first < second; undefined when the ring is simple.
 * Crossing here also means touching: an edge through another edge's end or interior, collinear edges
 * that overlap, and a position repeated anywhere but at the closing one. Adjacent edges may share
 * their common vertex (the closing edge and the first edge are adjacent) but may not fold back over
 * each other. A ring whose last position differs from its first is read as closed by an implied edge.
 * O(n²) segment tests: meant for the few thousand positions our forms allow.
 */
export function ringSelfIntersection(ring: readonly Position[]): { first: number; second: number } | undefined {
  let m = ring.length;
  if (m > 1 && samePosition(ring[0]!, ring[m - 1]!)) m--;
  if (m < 2) return undefined;
  if (m === 2) return samePosition(ring[0]!, ring[1]!) ? undefined : { first: 1, second: 2 };
  // Edge i (0-based) runs from corner i to corner (i + 1) % m; its bounding box rules most pairs out cheaply.
  const x0 = new Float64Array(m);
  const y0 = new Float64Array(m);
  const x1 = new Float64Array(m);
  const y1 = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % m]!;
    x0[i] = Math.min(a[0], b[0]);
    x1[i] = Math.max(a[0], b[0]);
    y0[i] = Math.min(a[1], b[1]);
    y1[i] = Math.max(a[1], b[1]);
  }
  for (let i = 0; i < m; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % m]!;
    for (let j = i + 1; j < m; j++) {
      if (x0[j]! > x1[i]! || x1[j]! < x0[i]! || y0[j]! > y1[i]! || y1[j]! < y0[i]!) continue;
      const c = ring[j]!;
      const d = ring[(j + 1) % m]!;
      const adjacent = j === i + 1 || (i === 0 && j === m - 1);
      if (adjacent) {
        // They share one corner; they cross only by folding back along the same line.
        const [p, q, r] = j === i + 1 ? [a, b, d] : [c, a, b];
        if (foldsBack(p, q, r)) return { first: i + 1, second: j + 1 };
      } else if (segmentsMeet(a, b, c, d)) {
        return { first: i + 1, second: j + 1 };
      }
    }
  }
  return undefined;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** > 0 when a → b → c turns left, < 0 right, 0 when the three are on one line. */
function orientation(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** c lies on segment a–b, given the three are collinear. */
function within(a: Position, b: Position, c: Position): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** Edges p–q and q–r overlap beyond q: r goes back along the line p–q. */
function foldsBack(p: Position, q: Position, r: Position): boolean {
  if (orientation(p, q, r) !== 0) return false;
  return (q[0] - p[0]) * (r[0] - q[0]) + (q[1] - p[1]) * (r[1] - q[1]) < 0;
}

/** Segments a–b and c–d have at least one point in common (crossing, touching or overlapping). */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (o1 === 0 && within(a, b, c)) || (o2 === 0 && within(a, b, d)) || (o3 === 0 && within(c, d, a)) || (o4 === 0 && within(c, d, b));
}
