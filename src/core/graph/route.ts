/**
 * Lines that would run through a box they have nothing to do with bend around it. A straight
 * line from one group to another (or to an outside peer) crosses every box in between: the
 * platform's bundle to one tenant through another tenant's box, a denied path between two
 * collapsed tenants through the tenants stacked between them. A reader takes such a line for
 * traffic of the box it crosses. This step decides, from the model's positions alone, which
 * lines bend and how far; the canvas and the exports draw the same bends.
 *
 * A bend is the distance of one control point from the middle of the line (a quadratic curve,
 * the apex at half that distance), measured along the normal (-dy, dx) of the line's own
 * source → target direction: Cytoscape's `control-point-distances` for an `unbundled-bezier`.
 * Lines between the same two ends bend together, spread apart as Cytoscape spreads them.
 * Pure and deterministic; graphs with more lines than ROUTE_MAX_LINES are left straight.
 * @public
 */
import type { Box } from './boxIndex.ts';
import { bundleLabel } from './bundle.ts';
import { CELL_W, EDGE_LABEL_FONT, GROUP_PAD, GROUP_TITLE_FONT, NAME_FONT, NS_PAD } from './layout.ts';
import type { GraphModel, GraphNode, Point } from './types.ts';

/** Above this many lines (edges and bundles) nothing is routed: a cheap draw matters more there. */
export const ROUTE_MAX_LINES = 400;
/** Between two lines of one pair, as Cytoscape's `control-point-step-size` default. */
export const PAIR_STEP = 40;
/** The bends tried, in steps of BEND_STEP, up to the line's length times BEND_REACH (at least BEND_MIN_REACH, at most BEND_MAX). */
const BEND_STEP = 40;
const BEND_REACH = 1;
const BEND_MIN_REACH = 400;
const BEND_MAX = 640;
/**
 * What crossing a box costs, by what it is: another group's box (a reader takes the line for that
 * group's traffic) most, then a node (the line seems to end there), a namespace, a name least. A
 * bend costs its distance over BEND_COST: a line bends up to 480 units rather than cross a name.
 */
const CROSS_GROUP = 10;
const CROSS_NODE = 6;
const CROSS_NAMESPACE = 4;
const CROSS_NAME = 3;
/**
 * A bent line's label (a bundle's `2 paths · ×12`, a path's flow count) standing at the curve's
 * middle on a box: the bend that leaves it room wins over a shorter one (the label would have no
 * place: the platform's bundles bent around a stacked tenant had none at 1280x720).
 */
const CROSS_LABEL = 4;
const BEND_COST = 160;
/** Room kept around a box (model units; at least EDGE_LABEL_CLEARANCE_UNITS); a bent line stays within the picture plus PICTURE_MARGIN. */
const MARGIN = 6;
const PICTURE_MARGIN = 0;
/** Points along a curve checked against the boxes. */
const SAMPLES = 16;

/** How far a leaf's cell reaches around its centre (inside the layout's CELL_W × CELL_H grid). */
export const CELL_LEFT = CELL_W / 2 - 8;
export const CELL_TOP = 30;
export const CELL_BOTTOM = 44;
/** Room above a namespace box for its title, inside its group's box. */
export const LABEL_ZONE = 30;

const emptyBox = (): { x1: number; y1: number; x2: number; y2: number } => ({ x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity });

/** Boxes of the expanded groups and namespaces, from the leaves they hold (model units). */
export function compoundBoxes(nodes: readonly GraphNode[]): Map<string, Box> {
  const boxes = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  const parentOf = new Map(nodes.map((n) => [n.id, n.parent]));
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  for (const n of nodes) {
    if (n.position === null || n.parent === null) continue;
    let inner: Box = { x1: n.position.x - CELL_LEFT, y1: n.position.y - CELL_TOP, x2: n.position.x + CELL_LEFT, y2: n.position.y + CELL_BOTTOM };
    let p: string | null = n.parent;
    while (p !== null) {
      const pad = kindOf.get(p) === 'group' ? GROUP_PAD : NS_PAD;
      const b = boxes.get(p) ?? emptyBox();
      b.x1 = Math.min(b.x1, inner.x1 - pad);
      b.y1 = Math.min(b.y1, inner.y1 - pad);
      b.x2 = Math.max(b.x2, inner.x2 + pad);
      b.y2 = Math.max(b.y2, inner.y2 + pad);
      boxes.set(p, b);
      // The group box also holds the namespace's label, which sits above the namespace box.
      inner = { x1: b.x1, y1: b.y1 - LABEL_ZONE, x2: b.x2, y2: b.y2 };
      p = parentOf.get(p) ?? null;
    }
  }
  return boxes;
}

/** A rough width of a name (no font metrics here): enough to keep lines off it. */
function nameWidth(text: string, font: number): number {
  return Math.min(text.length * 0.6 * font, 220);
}

/** What a node covers as drawn: its body, and its name (model units). */
function nodeCover(n: GraphNode, p: Point): { body: Box; name: Box | null } {
  if (n.kind === 'group') return { body: { x1: p.x - 75, y1: p.y - 30, x2: p.x + 75, y2: p.y + 30 }, name: null };
  if (n.parent === null) {
    // Outside peers: the name stands right of the node (left of it on the left of the groups).
    const r = n.kind === 'world' ? 26 : 21;
    const w = nameWidth(n.label, NAME_FONT);
    // Left of the groups, the name stands left of the node (layout.ts hubLayout).
    const name = n.nameLeft ? { x1: p.x - r - 8 - w, y1: p.y - NAME_FONT, x2: p.x - r - 4, y2: p.y + NAME_FONT } : { x1: p.x + r + 4, y1: p.y - NAME_FONT, x2: p.x + r + 8 + w, y2: p.y + NAME_FONT };
    return { body: { x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r }, name };
  }
  const half = nameWidth(n.label, NAME_FONT) / 2;
  return { body: { x1: p.x - 18, y1: p.y - 18, x2: p.x + 18, y2: p.y + 18 }, name: { x1: p.x - half, y1: p.y + 20, x2: p.x + half, y2: p.y + 23 + NAME_FONT * 1.2 } };
}

interface Line {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The bundle it is drawn in place of ('' when none): it bends with its bundle. */
  readonly bundle: string;
  /** Half the width and height of the room its label takes (0: no label of its own). */
  readonly labelW: number;
  readonly labelH: number;
}

/**
 * A rough size of an edge label (bold, no font metrics here: 8 units a character at 16, as the
 * canvas draws `2 paths · ×12` 105 wide), with its background's padding. The room the canvas keeps
 * around it (EDGE_LABEL_CLEARANCE_UNITS) is within the MARGIN around every box.
 */
function labelRoom(text: string): { labelW: number; labelH: number } {
  if (text === '') return { labelW: 0, labelH: 0 };
  return { labelW: (text.length * 0.52 * EDGE_LABEL_FONT) / 2 + 2, labelH: (1.2 * EDGE_LABEL_FONT) / 2 + 2 };
}

/** Does the segment (px, py)→(qx, qy) cross the box x1..x2 × y1..y2? */
function segmentHits(px: number, py: number, qx: number, qy: number, x1: number, y1: number, x2: number, y2: number): boolean {
  // Either end inside, or the segment crosses one of the box's sides (it is short: a sample step).
  if ((px >= x1 && px <= x2 && py >= y1 && py <= y2) || (qx >= x1 && qx <= x2 && qy >= y1 && qy <= y2)) return true;
  if ((px < x1 && qx < x1) || (px > x2 && qx > x2) || (py < y1 && qy < y1) || (py > y2 && qy > y2)) return false;
  // The box's corners on both sides of the segment's line: it passes through.
  const side = (x: number, y: number): number => Math.sign((qx - px) * (y - py) - (qy - py) * (x - px));
  const s1 = side(x1, y1);
  return s1 !== side(x2, y1) || s1 !== side(x1, y2) || s1 !== side(x2, y2);
}

const inside = (p: Point, b: Box): boolean => p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;

/** Points (x, y, x, y, …) along the quadratic curve from a to b with its control point at `bend` from the middle. */
function curve(a: Point, b: Point, bend: number): Float64Array {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const cx = (a.x + b.x) / 2 + (-dy / len) * bend;
  const cy = (a.y + b.y) / 2 + (dx / len) * bend;
  const out = new Float64Array(2 * (SAMPLES + 1));
  for (let i = 0; i <= SAMPLES; i++) {
    const u = i / SAMPLES;
    out[2 * i] = (1 - u) * (1 - u) * a.x + 2 * u * (1 - u) * cx + u * u * b.x;
    out[2 * i + 1] = (1 - u) * (1 - u) * a.y + 2 * u * (1 - u) * cy + u * u * b.y;
  }
  return out;
}

function within(pts: Float64Array, b: Box): boolean {
  for (let i = 0; i < pts.length; i += 2) if (!inside({ x: pts[i] as number, y: pts[i + 1] as number }, b)) return false;
  return true;
}

/**
 * The bend of every line that must bend (edge and bundle ids; absent: drawn as the canvas would
 * anyway). Lines of the model: its edges and its bundles, open or closed.
 */
export function routeLines(model: GraphModel): ReadonlyMap<string, number> {
  const bundles = model.bundles ?? [];
  const out = new Map<string, number>();
  if (model.edges.length + bundles.length > ROUTE_MAX_LINES) return out;

  // Where everything is, and what it covers.
  const compound = compoundBoxes(model.nodes);
  const centre = new Map<string, Point>();
  // What can be crossed: (owner id, box, cost).
  const covers: { id: string; box: Box; weight: number }[] = [];
  for (const n of model.nodes) {
    const b = compound.get(n.id);
    if (b && Number.isFinite(b.x1)) {
      centre.set(n.id, { x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 });
      // A group's title sits on its top border (the canvas) or just above it (the exports).
      if (n.kind === 'group') covers.push({ id: n.id, box: { ...b, y1: b.y1 - GROUP_TITLE_FONT - 8 }, weight: CROSS_GROUP });
      else covers.push({ id: n.id, box: b, weight: CROSS_NAMESPACE });
    } else if (n.position !== null) {
      centre.set(n.id, n.position);
      const c = nodeCover(n, n.position);
      covers.push({ id: n.id, box: c.body, weight: n.kind === 'group' ? CROSS_GROUP : CROSS_NODE });
      if (c.name) covers.push({ id: n.id, box: c.name, weight: CROSS_NAME });
    }
  }
  const parentOf = new Map(model.nodes.map((n) => [n.id, n.parent]));
  const chainOf = (id: string): Set<string> => {
    const s = new Set<string>();
    for (let p: string | null = id; p !== null && !s.has(p); p = parentOf.get(p) ?? null) s.add(p);
    return s;
  };
  const chains = new Map(model.nodes.map((n) => [n.id, chainOf(n.id)]));
  // Flat arrays: the crossing test runs for every candidate bend of every line.
  const ids = covers.map((c) => c.id);
  const ox1 = new Float64Array(ids.length);
  const oy1 = new Float64Array(ids.length);
  const ox2 = new Float64Array(ids.length);
  const oy2 = new Float64Array(ids.length);
  const ow = new Float64Array(ids.length);
  covers.forEach((c, i) => {
    ox1[i] = c.box.x1 - MARGIN;
    oy1[i] = c.box.y1 - MARGIN;
    ox2[i] = c.box.x2 + MARGIN;
    oy2[i] = c.box.y2 + MARGIN;
    ow[i] = c.weight;
  });
  const boxOf = (i: number): Box => ({ x1: ox1[i] as number, y1: oy1[i] as number, x2: ox2[i] as number, y2: oy2[i] as number });
  const all = emptyBox();
  for (const { box: b } of covers) {
    all.x1 = Math.min(all.x1, b.x1);
    all.y1 = Math.min(all.y1, b.y1);
    all.x2 = Math.max(all.x2, b.x2);
    all.y2 = Math.max(all.y2, b.y2);
  }
  const picture = { x1: all.x1 - PICTURE_MARGIN, y1: all.y1 - PICTURE_MARGIN, x2: all.x2 + PICTURE_MARGIN, y2: all.y2 + PICTURE_MARGIN };
  const middle = { x: (all.x1 + all.x2) / 2, y: (all.y1 + all.y2) / 2 };

  const bundleOf = new Map<string, string>();
  for (const b of bundles) for (const m of b.members) bundleOf.set(m, b.id);
  // Labels as the canvas writes them: a bundle's, a path's flow count (`×1,234 ≠`).
  const flowsText = (e: GraphModel['edges'][number]): string =>
    [e.tenants?.text ?? '', e.observed ? `×${e.observed.flows.toLocaleString('en-US')}${e.mismatch ? ' ≠' : ''}` : ''].filter((t) => t !== '').join(' · ');
  const lines: Line[] = [
    ...model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, bundle: bundleOf.get(e.id) ?? '', ...labelRoom(flowsText(e)) })),
    ...bundles.map((b) => ({ id: b.id, source: b.source, target: b.target, bundle: '', ...labelRoom(bundleLabel(b)) })),
  ];

  // Half the size of each end's body: a line is drawn from its border (a collapsed group's 150 × 60).
  const halfSize = new Map<string, Point>();
  for (const n of model.nodes) {
    if (n.position === null || compound.has(n.id)) continue;
    const { body } = nodeCover(n, n.position);
    halfSize.set(n.id, { x: (body.x2 - body.x1) / 2, y: (body.y2 - body.y1) / 2 });
  }
  /** Where the line from the centre `c` of `id` towards `p` leaves its body. */
  const border = (id: string, c: Point, p: Point): Point => {
    const h = halfSize.get(id) ?? { x: 0, y: 0 };
    const dx = p.x - c.x;
    const dy = p.y - c.y;
    const t = Math.min(dx === 0 ? Infinity : h.x / Math.abs(dx), dy === 0 ? Infinity : h.y / Math.abs(dy), 1);
    return { x: c.x + dx * t, y: c.y + dy * t };
  };

  /** What the labels of `own` (lines drawn side by side at `bend`, PAIR_STEP apart) cost, standing on boxes of `near`. */
  const labelCrossings = (near: Int32Array, s: string, t: string, a: Point, b: Point, bend: number, own: readonly Line[]): number => {
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    let cost = 0;
    own.forEach((l, i) => {
      if (l.labelW === 0) return;
      // The label stands at the middle of the curve as drawn (the canvas and svg.ts): from border to
      // border of its ends, the control point `bend` off the middle of their centres.
      const d = bend + (i - (own.length - 1) / 2) * PAIR_STEP;
      const ctrl = { x: (a.x + b.x) / 2 + (-(b.y - a.y) / len) * d, y: (a.y + b.y) / 2 + ((b.x - a.x) / len) * d };
      const p0 = border(s, a, ctrl);
      const p1 = border(t, b, ctrl);
      const x = 0.25 * p0.x + 0.5 * ctrl.x + 0.25 * p1.x;
      const y = 0.25 * p0.y + 0.5 * ctrl.y + 0.25 * p1.y;
      for (let k = 0; k < near.length; k++) {
        const o = near[k] as number;
        if ((ox2[o] as number) < x - l.labelW || (ox1[o] as number) > x + l.labelW || (oy2[o] as number) < y - l.labelH || (oy1[o] as number) > y + l.labelH) continue;
        cost += CROSS_LABEL;
        break;
      }
    });
    return cost;
  };

  /** What the curve through `pts` (x, y, x, y, …) costs in boxes crossed, of the boxes `near`. */
  const crossings = (near: Int32Array, pts: Float64Array): number => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (let i = 0; i < pts.length; i += 2) {
      const x = pts[i] as number;
      const y = pts[i + 1] as number;
      if (x < x1) x1 = x;
      if (x > x2) x2 = x;
      if (y < y1) y1 = y;
      if (y > y2) y2 = y;
    }
    let cost = 0;
    for (let k = 0; k < near.length; k++) {
      const o = near[k] as number;
      const bx1 = ox1[o] as number;
      const by1 = oy1[o] as number;
      const bx2 = ox2[o] as number;
      const by2 = oy2[o] as number;
      if (bx2 < x1 || bx1 > x2 || by2 < y1 || by1 > y2) continue;
      for (let i = 2; i < pts.length; i += 2) {
        if (segmentHits(pts[i - 2] as number, pts[i - 1] as number, pts[i] as number, pts[i + 1] as number, bx1, by1, bx2, by2)) {
          cost += ow[o] as number;
          break;
        }
      }
    }
    return cost;
  };

  // One decision per pair of ends (in id order), for the lines drawn between them.
  const pairs = new Map<string, Line[]>();
  for (const l of lines) {
    if (l.source === l.target || !centre.has(l.source) || !centre.has(l.target)) continue;
    const key = l.source < l.target ? `${l.source}\n${l.target}` : `${l.target}\n${l.source}`;
    const list = pairs.get(key);
    if (list) list.push(l);
    else pairs.set(key, [l]);
  }
  for (const [key, list] of pairs) {
    const [s, t] = key.split('\n') as [string, string];
    const a = centre.get(s) as Point;
    const b = centre.get(t) as Point;
    // Boxes this pair's lines may cross: neither end's, nor what holds an end or is held by one,
    // nor a box an end stands in (its neighbourhood, not something the line runs through).
    const sc = chains.get(s);
    const tc = chains.get(t);
    const near = Int32Array.from(ids.flatMap((id, i) => (sc?.has(id) || tc?.has(id) || chains.get(id)?.has(s) || chains.get(id)?.has(t) || inside(a, boxOf(i)) || inside(b, boxOf(i)) ? [] : [i])));
    const straight = crossings(near, Float64Array.of(a.x, a.y, b.x, b.y));
    if (straight === 0) continue;
    // Bend outwards first (away from the middle of the picture), then inwards, a step further each
    // time; the cheapest bend (boxes crossed, then distance) wins, never one leaving the picture.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const normal = { x: -(b.y - a.y) / len, y: (b.x - a.x) / len };
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const outwards = (mid.x - middle.x) * normal.x + (mid.y - middle.y) * normal.y >= 0 ? 1 : -1;
    const reach = Math.min(BEND_MAX, Math.max(BEND_MIN_REACH, len * BEND_REACH));
    // The pair's lines bend together, spread apart; a bundle's paths around their bundle's place.
    const own = list.filter((l) => l.bundle === '' || !list.some((o) => o.id === l.bundle));
    let best = { bend: 0, cost: straight };
    for (let d = BEND_STEP; d <= reach && d / BEND_COST < best.cost; d += BEND_STEP) {
      for (const sign of [outwards, -outwards]) {
        const pts = curve(a, b, sign * d);
        if (!within(pts, picture)) continue;
        const cost = crossings(near, pts) + labelCrossings(near, s, t, a, b, sign * d, own) + d / BEND_COST;
        if (cost < best.cost) best = { bend: sign * d, cost };
      }
    }
    if (best.bend === 0) continue;
    own.forEach((l, i) => {
      const spread = (i - (own.length - 1) / 2) * PAIR_STEP;
      const members = list.filter((m) => m.bundle === l.id);
      const sign = (x: Line): number => (x.source === s ? 1 : -1);
      out.set(l.id, sign(l) * (best.bend + spread));
      members.forEach((m, j) => out.set(m.id, sign(m) * (best.bend + spread + (j - (members.length - 1) / 2) * PAIR_STEP)));
    });
  }
  return out;
}
