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

  /** Whether `pred` holds for a stored box whose bounds meet `b`'s (touching counts). */
  some(b: Box, pred: (o: Box) => boolean): boolean {
    for (const k of this.keys(b)) for (const o of this.cells.get(k) ?? []) if (o.x2 >= b.x1 && o.x1 <= b.x2 && o.y2 >= b.y1 && o.y1 <= b.y2 && pred(o)) return true;
    return false;
  }

  /**
   * Whether `b` lies across the edge of a stored box: overlapping it (by more than `slack`)
   * without lying inside it. A label across a tenant's box has the box's border drawn through it.
   */
  crosses(b: Box, slack = 1): boolean {
    for (const k of this.keys(b)) {
      for (const o of this.cells.get(k) ?? []) {
        const inside = b.x1 >= o.x1 && b.y1 >= o.y1 && b.x2 <= o.x2 && b.y2 <= o.y2;
        if (!inside && boxesOverlap(b, o, slack)) return true;
      }
    }
    return false;
  }
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Where along its line an edge label may stand (0: the source end, 1: the target end), tried in this order. */
export const EDGE_LABEL_PLACES: readonly number[] = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8];
/**
 * Where else on its line a label may stand when none of EDGE_LABEL_PLACES (nor beside them) is
 * free: every 0.02 from the middle out to 0.22 / 0.78. A short line between two stacked workloads
 * has room for its count only where the gap between the upper one's name and the lower one's box
 * is, a third of the way up (app-platform's storefront -> cart '×12' at 1920x1080: free at 0.30 to
 * 0.32 only, shown on hover alone before).
 */
export const FINE_LABEL_PLACES: readonly number[] = Array.from({ length: 28 }, (_, i) => 0.5 + (i % 2 === 0 ? -1 : 1) * 0.02 * (Math.floor(i / 2) + 1))
  .map((u) => Math.round(u * 100) / 100)
  .filter((u) => !EDGE_LABEL_PLACES.includes(u));
/** Gap between a label set beside its line and the line. */
const BESIDE_GAP = 3;
/** Gap between a label set inside a box its line ends on and the box's border (beyond the labels' clearance). */
const INSIDE_GAP = 8;

/** A place for an edge label (an offset from the line's middle); `beside`: off the line, beside it. */
export interface LabelPlace extends Point {
  readonly beside: boolean;
}

/**
 * Where a line changes colour, as fractions of its length: `true`, at its middle (a bundle of two
 * kinds, bundle.ts bundleShades), or the turns of one of three (a third and two thirds); `false`, none.
 */
export type Turns = boolean | readonly number[];
const turnsOf = (split: Turns): readonly number[] => (split === true ? [0.5] : split === false ? [] : split);

/** Which ends of a line are on the border of a box drawn open (a group or namespace holding nodes). */
export interface EndsIntoBoxes {
  readonly source: boolean;
  readonly target: boolean;
}
const NO_BOXES: EndsIntoBoxes = { source: false, target: false };

/**
 * Where an edge label may go, as offsets from where it stands by default (the line's middle,
 * `m`), best first: on the line at EDGE_LABEL_PLACES, then beside the line (either side) at
 * each of them, the middle first (a line bent around a column of nodes, with names and stubs
 * beside its middle, finds room further out). The line is the quadratic curve from `s` through
 * `m` to `t` (a straight line when `m` is the middle of `s`–`t`). `split`: the line changes colour at its
 * middle (a bundle of allowed and denied paths), so no place on the line covers the middle.
 * A label `w`×`h` never leaves its line: a reader still sees whose label it is. `into`: the
 * line ends on the border of a box drawn open (a tenant's box): last, the label may stand just
 * inside that box, on the line where it enters (a bundle between two boxes side by side, whose
 * gap is narrower than its label, would otherwise lie across a border).
 */
export function edgeLabelOffsets(s: Point, m: Point, t: Point, w: number, h: number, split: Turns = false, into: EndsIntoBoxes = NO_BOXES): LabelPlace[] {
  const turns = turnsOf(split);
  const c = { x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2 };
  const at = (u: number): Point => ({
    x: (1 - u) * (1 - u) * s.x + 2 * u * (1 - u) * c.x + u * u * t.x,
    y: (1 - u) * (1 - u) * s.y + 2 * u * (1 - u) * c.y + u * u * t.y,
  });
  const along = (u: number): Point => ({ x: 2 * (1 - u) * (c.x - s.x) + 2 * u * (t.x - c.x), y: 2 * (1 - u) * (c.y - s.y) + 2 * u * (t.y - c.y) });
  const len = Math.hypot(t.x - s.x, t.y - s.y) + Math.hypot(c.x - (s.x + t.x) / 2, c.y - (s.y + t.y) / 2);
  const out: LabelPlace[] = [];
  // A straight line whose label point is not the middle of its ends (Cytoscape's midpoint leaves
  // out the arrow): the middle of the ends first, centred in the room between the two nodes (a
  // short line between two stacked boxes has just the room for a label there).
  const chord = { x: (s.x + t.x) / 2 - m.x, y: (s.y + t.y) / 2 - m.y };
  const off = Math.hypot(chord.x, chord.y);
  const straight = Math.abs((t.x - s.x) * chord.y - (t.y - s.y) * chord.x) <= 0.5 * Math.hypot(t.x - s.x, t.y - s.y);
  if (turns.length === 0 && off > 0.5 && off < 8 && straight) out.push({ ...chord, beside: false });
  for (const u of EDGE_LABEL_PLACES) {
    const p = at(u);
    // On a split line the label keeps clear of every turn: its half-length along the line is less than the way to it.
    if (turns.some((turn) => Math.abs(u - turn) * len < Math.max(w, h) / 2 + BESIDE_GAP)) continue;
    out.push({ x: p.x - m.x, y: p.y - m.y, beside: false });
  }
  for (const u of EDGE_LABEL_PLACES) {
    const p = at(u);
    const d = along(u);
    const dl = Math.hypot(d.x, d.y);
    if (dl === 0) continue;
    const n = { x: -d.y / dl, y: d.x / dl };
    // From the label's centre to its edge in the direction of the normal, plus the gap.
    const reach = (Math.abs(n.x) * w) / 2 + (Math.abs(n.y) * h) / 2 + BESIDE_GAP;
    out.push({ x: p.x + n.x * reach - m.x, y: p.y + n.y * reach - m.y, beside: true }, { x: p.x - n.x * reach - m.x, y: p.y - n.y * reach - m.y, beside: true });
  }
  for (const u of FINE_LABEL_PLACES) {
    if (turns.some((turn) => Math.abs(u - turn) * len < Math.max(w, h) / 2 + BESIDE_GAP)) continue;
    const p = at(u);
    out.push({ x: p.x - m.x, y: p.y - m.y, beside: false });
  }
  for (const [end, u, sign] of [[s, 0, -1], [t, 1, 1]] as const) {
    if (!(u === 0 ? into.source : into.target)) continue;
    const d = along(u);
    const dl = Math.hypot(d.x, d.y);
    if (dl === 0) continue;
    const dir = { x: (sign * d.x) / dl, y: (sign * d.y) / dl };
    const reach = (Math.abs(dir.x) * w) / 2 + (Math.abs(dir.y) * h) / 2 + INSIDE_GAP;
    out.push({ x: end.x + dir.x * reach - m.x, y: end.y + dir.y * reach - m.y, beside: false });
  }
  return out;
}

/** Offsets from `m` of places on the line itself (the curve from `s` through `m` to `t`), at `places` (0: the source end, 1: the target end). */
export function edgeLabelOffsetsOnLine(s: Point, m: Point, t: Point, places: readonly number[] = EDGE_LABEL_PLACES): Point[] {
  const c = { x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2 };
  return places.map((u) => ({
    x: (1 - u) * (1 - u) * s.x + 2 * u * (1 - u) * c.x + u * u * t.x - m.x,
    y: (1 - u) * (1 - u) * s.y + 2 * u * (1 - u) * c.y + u * u * t.y - m.y,
  }));
}

/**
 * Where a line drawn green then red (a linear gradient from `s` to `t`) turns colour so that the
 * label box `b` leaves the turn seen: the fraction of s→t just before or just after the box
 * (`gap` beyond it), the one nearer the middle; null when neither lies well inside the line.
 */
export function splitBesideLabel(s: Point, t: Point, b: Box, gap: number): number | null {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return null;
  const f = (x: number, y: number): number => ((x - s.x) * dx + (y - s.y) * dy) / len2;
  const fs = [f(b.x1, b.y1), f(b.x2, b.y1), f(b.x1, b.y2), f(b.x2, b.y2)];
  const g = gap / Math.sqrt(len2);
  const options = [Math.min(...fs) - g, Math.max(...fs) + g].filter((p) => p >= 0.1 && p <= 0.9);
  if (options.length === 0) return null;
  return options.reduce((a, p) => (Math.abs(p - 0.5) < Math.abs(a - 0.5) ? p : a));
}

/** Whether the segment p–q passes through the box (either end inside, or it crosses a side). */
export function segmentCrossesBox(p: Point, q: Point, b: Box): boolean {
  const inBox = (a: Point): boolean => a.x >= b.x1 && a.x <= b.x2 && a.y >= b.y1 && a.y <= b.y2;
  if (inBox(p) || inBox(q)) return true;
  if ((p.x < b.x1 && q.x < b.x1) || (p.x > b.x2 && q.x > b.x2) || (p.y < b.y1 && q.y < b.y1) || (p.y > b.y2 && q.y > b.y2)) return false;
  // The box's corners on both sides of the segment's line: it passes through.
  const side = (x: number, y: number): number => Math.sign((q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x));
  const s1 = side(b.x1, b.y1);
  return s1 !== side(b.x2, b.y1) || s1 !== side(b.x1, b.y2) || s1 !== side(b.x2, b.y2);
}

/** Pieces a line is cut into (a quadratic curve through its middle). */
const LINE_PIECES = 12;

/**
 * Lines (each the quadratic curve from its source end through its middle to its target end, in
 * LINE_PIECES straight pieces) and a grid over them, to ask "which line passes through this
 * box": a label moved off its line's middle must not lie on another line, which a reader would
 * take it for.
 */
export class LineIndex {
  private readonly boxes = new BoxIndex();
  private readonly pieces = new Map<Box, { readonly id: string; readonly p: Point; readonly q: Point }>();

  add(id: string, s: Point, m: Point, t: Point): void {
    const c = { x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2 };
    const at = (u: number): Point => ({ x: (1 - u) * (1 - u) * s.x + 2 * u * (1 - u) * c.x + u * u * t.x, y: (1 - u) * (1 - u) * s.y + 2 * u * (1 - u) * c.y + u * u * t.y });
    let p = s;
    for (let i = 1; i <= LINE_PIECES; i++) {
      const q = at(i / LINE_PIECES);
      const box = { x1: Math.min(p.x, q.x), y1: Math.min(p.y, q.y), x2: Math.max(p.x, q.x), y2: Math.max(p.y, q.y) };
      this.boxes.add(box);
      this.pieces.set(box, { id, p, q });
      p = q;
    }
  }

  /** Whether a line other than `own` passes through `b`. */
  crosses(b: Box, own: string): boolean {
    return this.boxes.some(b, (box) => {
      const piece = this.pieces.get(box);
      return piece !== undefined && piece.id !== own && segmentCrossesBox(piece.p, piece.q, b);
    });
  }
}

/** How far a split bundle's moved green/red turn stands from its label (model units). */
export const SPLIT_GAP = 6;
/** Places on the line tried for a split bundle's label over its middle: from the middle out, in small steps. */
export const OVER_SPLIT_PLACES: readonly number[] = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7];

/** Where an edge label goes: its offset from the line's middle, and where a split bundle's turn moved to (null: at the middle). */
export interface PlacedLabel extends Point {
  readonly split: number | null;
}

export interface LabelRoom {
  /** Where the line changes colour (Turns: at its middle for a bundle of two kinds, at its thirds for one of three). */
  readonly split: Turns;
  readonly into?: EndsIntoBoxes;
  /** What the picture shows: a label stays inside it (it would be cut). */
  readonly bounds: Box;
  /**
   * Whether nothing taken lies at `b` (names, nodes, labels placed before, across box borders)
   * and, for a label `beside` its line, no other line (it would read as that line's).
   */
  readonly clear: (b: Box, beside: boolean) => boolean;
  /**
   * For a label drawn whatever (the lit path's, the selection's): looser tests, tried in order
   * over every place (on the line, beside it and further beside, slid into the picture) once
   * `clear` finds none, so that it keeps off what matters most (another such label, a name)
   * rather than being drawn at its middle over them.
   */
  readonly fallback?: readonly ((b: Box, beside: boolean) => boolean)[];
}

/** How much of a label slid sideways into the picture stays on each side of its line's point (model units). */
const SLID_KEEP = 8;

/**
 * The place of an edge label whose box at the line's middle `m` is `box`, the same for the canvas
 * (declutter.ts) and the exports (svg.ts): the middle, else along the line, else beside it
 * (edgeLabelOffsets); a split line never at its middle, but, last, over the middle with the
 * green/red turn moved just beside the label (splitBesideLabel: between two stacked boxes, or
 * bent past a column of nodes, there is no other room). Before that, a label on its line that
 * would stick out of the picture (a wide label between two stacked boxes at the picture's edge)
 * slides sideways into it, still over its line's point. A label drawn whatever (`room.fallback`:
 * the lit path's) then takes the first place a looser test allows. Null: no free place.
 */
export function placeEdgeLabel(s: Point, m: Point, t: Point, box: Box, room: LabelRoom): PlacedLabel | null {
  const at = (d: Point): Box => ({ x1: box.x1 + d.x, y1: box.y1 + d.y, x2: box.x2 + d.x, y2: box.y2 + d.y });
  const b0 = room.bounds;
  const within = (b: Box): boolean => b.x1 >= b0.x1 && b.y1 >= b0.y1 && b.x2 <= b0.x2 && b.y2 <= b0.y2;
  const turns = turnsOf(room.split);
  const places: LabelPlace[] = [...(turns.length > 0 ? [] : [{ x: 0, y: 0, beside: false }]), ...edgeLabelOffsets(s, m, t, box.x2 - box.x1, box.y2 - box.y1, room.split, room.into)];
  const found = places.find((d) => within(at(d)) && room.clear(at(d), d.beside));
  if (found !== undefined) return { x: found.x, y: found.y, split: null };
  // On the line, slid into the picture: the label still covers its line's point (the middle of the box before sliding).
  const slid = (d: Point): Point | null => {
    const b = at(d);
    if (b.x2 - b.x1 > b0.x2 - b0.x1 || b.y2 - b.y1 > b0.y2 - b0.y1) return null;
    const dx = b.x1 < b0.x1 ? b0.x1 - b.x1 : b.x2 > b0.x2 ? b0.x2 - b.x2 : 0;
    const dy = b.y1 < b0.y1 ? b0.y1 - b.y1 : b.y2 > b0.y2 ? b0.y2 - b.y2 : 0;
    const px = (b.x1 + b.x2) / 2;
    const py = (b.y1 + b.y2) / 2;
    const keepsPoint = px >= b.x1 + dx + SLID_KEEP && px <= b.x2 + dx - SLID_KEEP && py >= b.y1 + dy + Math.min(SLID_KEEP, (b.y2 - b.y1) / 4) && py <= b.y2 + dy - Math.min(SLID_KEEP, (b.y2 - b.y1) / 4);
    return (dx !== 0 || dy !== 0) && keepsPoint ? { x: d.x + dx, y: d.y + dy } : null;
  };
  for (const d of places) {
    if (d.beside) continue;
    const e = slid(d);
    if (e !== null && room.clear(at(e), false)) return { x: e.x, y: e.y, split: null };
  }
  // A line of two colours (one turn, at its middle): over the middle with the turn moved beside the
  // label, else over the turn. Not one of three: a label over its middle would hide its middle colour.
  if (turns.length === 1) {
    for (const d of edgeLabelOffsetsOnLine(s, m, t, OVER_SPLIT_PLACES)) {
      for (const e of [d, slid(d)]) {
        if (e === null || !within(at(e)) || !room.clear(at(e), false)) continue;
        const turn = splitBesideLabel(s, t, at(e), SPLIT_GAP);
        if (turn !== null) return { x: e.x, y: e.y, split: turn };
      }
    }
    // Last, a line too short for the turn beside its label (between two stacked boxes): the label
    // over its middle, the turn under it, when the line shows beyond the label at both ends (green
    // at one, red at the other) and the label says how many paths are denied.
    for (const d of edgeLabelOffsetsOnLine(s, m, t, [0.5])) {
      for (const e of [d, slid(d)]) {
        if (e === null || !within(at(e)) || !room.clear(at(e), false) || !showsBeyond(s, t, at(e))) continue;
        return { x: e.x, y: e.y, split: null };
      }
    }
  }
  // A label drawn whatever (the lit path's): the first place a looser test allows, further beside its line too.
  if (room.fallback === undefined || room.fallback.length === 0) return null;
  // Beside it, a label's height further out too (the places of a label that much wider and taller).
  const h = box.y2 - box.y1;
  const loose = [...places, ...edgeLabelOffsets(s, m, t, box.x2 - box.x1 + 2 * h, 3 * h, room.split).filter((d) => d.beside)];
  for (const ok of room.fallback) {
    for (const d of loose) {
      for (const e of d.beside ? [d] : [d, slid(d)]) {
        if (e !== null && within(at(e)) && ok(at(e), d.beside)) return { x: e.x, y: e.y, split: null };
      }
    }
  }
  return null;
}

/**
 * Whether the straight line s–t reaches beyond the box `b` at both ends: both ends lie outside it,
 * so a part of the line shows on each side. (Measured along the line, a wide label's far corners
 * passed the ends of a slanted short line, which still showed at both: the 120-tenant overview's
 * platform <-> tenants bundle had no label.)
 */
function showsBeyond(s: Point, t: Point, b: Box): boolean {
  const inside = (p: Point): boolean => p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
  return !inside(s) && !inside(t) && (s.x !== t.x || s.y !== t.y);
}
