/**
 * Axis-aligned boxes and a grid index over them, to ask "does this box hit any placed box" without
 * comparing with every box: how the canvas and the exports keep edge labels off names.
 * @public
 */

export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Whether two boxes share more than `slack` in both directions. */
export function boxesOverlap(a: Box, b: Box, slack = 1): boolean {
  return Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > slack && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > slack;
}

export class BoxIndex {
  private readonly cells = new Map<string, Box[]>();
  constructor(private readonly size = 200) {}

  private keys(b: Box): string[] {
    const out: string[] = [];
    for (let x = Math.floor(b.x1 / this.size); x <= Math.floor(b.x2 / this.size); x++) for (let y = Math.floor(b.y1 / this.size); y <= Math.floor(b.y2 / this.size); y++) out.push(`${x},${y}`);
    return out;
  }

  add(b: Box): void {
    for (const k of this.keys(b)) {
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    }
  }

  hits(b: Box, slack = 1): boolean {
    for (const k of this.keys(b)) for (const o of this.cells.get(k) ?? []) if (boxesOverlap(b, o, slack)) return true;
    return false;
  }
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where along its line an edge label may stand (0: the source end, 1: the target end), tried in this order. */
export const EDGE_LABEL_PLACES: readonly number[] = [0.5, 0.38, 0.62, 0.28, 0.72];
/** Gap between a label set beside its line and the line. */
const BESIDE_GAP = 3;

/**
 * Where an edge label may go, as offsets from where it stands by default (the line's middle,
 * `m`), best first: on the line at EDGE_LABEL_PLACES, then beside the line (either side) at its
 * middle and the next places out. The line is the quadratic curve from `s` through `m` to `t`
 * (a straight line when `m` is the middle of `s`–`t`). `split`: the line changes colour at its
 * middle (a bundle of allowed and denied paths), so no place on the line covers the middle.
 * A label `w`×`h` never leaves its line: a reader still sees whose label it is.
 */
export function edgeLabelOffsets(s: Point, m: Point, t: Point, w: number, h: number, split = false): Point[] {
  const c = { x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2 };
  const at = (u: number): Point => ({
    x: (1 - u) * (1 - u) * s.x + 2 * u * (1 - u) * c.x + u * u * t.x,
    y: (1 - u) * (1 - u) * s.y + 2 * u * (1 - u) * c.y + u * u * t.y,
  });
  const along = (u: number): Point => ({ x: 2 * (1 - u) * (c.x - s.x) + 2 * u * (t.x - c.x), y: 2 * (1 - u) * (c.y - s.y) + 2 * u * (t.y - c.y) });
  const len = Math.hypot(t.x - s.x, t.y - s.y) + Math.hypot(c.x - (s.x + t.x) / 2, c.y - (s.y + t.y) / 2);
  const out: Point[] = [];
  for (const u of EDGE_LABEL_PLACES) {
    const p = at(u);
    // On a split line the label keeps clear of the middle: its half-length along the line is less than the way to it.
    if (split && Math.abs(u - 0.5) * len < Math.max(w, h) / 2 + BESIDE_GAP) continue;
    out.push({ x: p.x - m.x, y: p.y - m.y });
  }
  for (const u of EDGE_LABEL_PLACES.slice(0, 3)) {
    const p = at(u);
    const d = along(u);
    const dl = Math.hypot(d.x, d.y);
    if (dl === 0) continue;
    const n = { x: -d.y / dl, y: d.x / dl };
    // From the label's centre to its edge in the direction of the normal, plus the gap.
    const reach = (Math.abs(n.x) * w) / 2 + (Math.abs(n.y) * h) / 2 + BESIDE_GAP;
    out.push({ x: p.x + n.x * reach - m.x, y: p.y + n.y * reach - m.y }, { x: p.x - n.x * reach - m.x, y: p.y - n.y * reach - m.y });
  }
  return out;
}
