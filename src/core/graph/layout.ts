/**
 * Deterministic layout: a grid inside every namespace, namespaces stacked inside their group,
 * groups packed in rows (platform first, then tenants A–Z), outside peers in columns on the
 * right (entities, the internet and its carve-outs, ranges, names). Positions depend only on
 * the sorted ids of the unfiltered graph, so the same input gives the same picture and filtering
 * hides nodes without moving the rest.
 * @public
 */
import { TENANTS_GROUP } from './grouping.ts';
import type { Point } from './types.ts';

/** Space one leaf takes (node plus its label below it). */
export const CELL_W = 160;
export const CELL_H = 96;
/** Font sizes of the names the view draws, in model units (the stylesheet and the opening choice use them). */
export const NAME_FONT = 17;
export const NAMESPACE_TITLE_FONT = 16;
export const GROUP_TITLE_FONT = 21;
/**
 * Edge labels (flow counts, a bundle's count), and the room the view keeps around each (declutter.ts).
 * As big as the smallest name (a namespace title): at the zoom the graph opens at they read as
 * well as the names (at 14 they were 9.7 px in the customer view at 1280x720).
 */
export const EDGE_LABEL_FONT = 16;
export const EDGE_LABEL_CLEARANCE_UNITS = 4;
/** Compound padding the view uses; the layout leaves room for it and for the compound labels. */
export const NS_PAD = 14;
export const GROUP_PAD = 18;
const LABEL_H = 30;
const GAP = 64;
/** Width:height of the canvas the packing aims for (a laptop window with the panels beside the graph). */
const ASPECT = 2;

export interface LayoutNamespace {
  readonly id: string;
  readonly leaves: readonly string[];
}

export interface LayoutGroup {
  readonly id: string;
  readonly collapsed: boolean;
  readonly namespaces: readonly LayoutNamespace[];
}

export interface LayoutOutside {
  readonly id: string;
  /** A carve-out stub is placed right of the node it carves from. */
  readonly of: string | null;
}

export interface Box {
  readonly w: number;
  readonly h: number;
  /** Space kept to the next box (a collapsed group is one node: its neighbours can stand closer). */
  readonly gap: number;
  /** Leaf centres relative to the box's top-left corner. */
  readonly place: (x: number, y: number, out: Map<string, Point>) => void;
}

/**
 * A collapsed group's node (the view draws it 150 × 60: two lines of names) and the space around
 * it: collapsed groups stand closer than expanded ones. Stacked ones leave 36 between the drawn
 * boxes, room for one edge label with the declutter's clearance (EDGE_LABEL_ROOM). The room comes
 * from the drawn box, not a wider gap: a wider gap would shrink the names of a big cluster that
 * opens collapsed (1,000 workloads at 1280×720: a gap of 28 gives 8.8 px names instead of 10.3).
 */
export const COLLAPSED_DRAWN_H = 60;
const COLLAPSED_W = 164;
const COLLAPSED_H = 80;
export const COLLAPSED_GAP = 16;
/**
 * Every tenant as one node (TENANTS_GROUP, `249 other tenants` / `5,000 workloads`) is drawn this
 * wide: its name reads on one line (at 150 it wrapped to three lines in all).
 */
export const AGGREGATE_DRAWN_W = 214;
const AGGREGATE_W = AGGREGATE_DRAWN_W + (COLLAPSED_W - 150);

/** Height an edge label takes with its padding and clearance, and the arrow tips beside it. */
export const EDGE_LABEL_ROOM = 1.5 * EDGE_LABEL_FONT + 2 * EDGE_LABEL_CLEARANCE_UNITS + 4;
/** Outside peers: column pitch (their labels stand right of them, up to 210 px), and how far a label reaches. */
const OUT_COL_W = 260;
const OUT_LABEL_REACH = 250;

function namespaceBox(ns: LayoutNamespace): Box {
  const n = ns.leaves.length;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  const rows = Math.max(1, Math.ceil(n / cols));
  return {
    w: cols * CELL_W + 2 * NS_PAD,
    h: rows * CELL_H + 2 * NS_PAD + LABEL_H,
    gap: GAP,
    place(x, y, out) {
      ns.leaves.forEach((id, i) => {
        const c = i % cols;
        const r = Math.floor(i / cols);
        out.set(id, { x: x + NS_PAD + c * CELL_W + CELL_W / 2, y: y + LABEL_H + NS_PAD + r * CELL_H + CELL_H / 2 });
      });
    },
  };
}

function groupBox(g: LayoutGroup): Box {
  if (g.collapsed) {
    const w = g.id === TENANTS_GROUP ? AGGREGATE_W : COLLAPSED_W;
    return { w, h: COLLAPSED_H, gap: COLLAPSED_GAP, place: (x, y, out) => out.set(g.id, { x: x + w / 2, y: y + COLLAPSED_H / 2 }) };
  }
  const boxes = g.namespaces.map(namespaceBox);
  const inner = Math.max(CELL_W, ...boxes.map((b) => b.w));
  const h = boxes.reduce((s, b) => s + b.h + LABEL_H, 0);
  return {
    w: inner + 2 * GROUP_PAD,
    h: h + 2 * GROUP_PAD + LABEL_H,
    gap: GAP,
    place(x, y, out) {
      let cy = y + LABEL_H + GROUP_PAD;
      for (const b of boxes) {
        b.place(x + GROUP_PAD, cy, out);
        cy += b.h + LABEL_H;
      }
    },
  };
}

interface Arrangement {
  /** Top-left corner of every group box, in order. */
  readonly corners: readonly Point[];
  /** Width and height of the groups' area. */
  readonly right: number;
  readonly bottom: number;
  /** Outside peers per column. */
  readonly perCol: number;
  /** The whole picture, labels included. */
  readonly w: number;
  readonly h: number;
}

/** How big the picture can be drawn in a canvas of width:height ASPECT (bigger is better). */
function fitScore(a: Pick<Arrangement, 'w' | 'h'>): number {
  return Math.min(ASPECT / Math.max(a.w, 1), 1 / Math.max(a.h, 1));
}

/** Rows of group boxes no wider than `maxW`, then the outside columns on the right. */
function arrange(boxes: readonly Box[], outsideCount: number, maxW: number): Arrangement {
  const corners: Point[] = [];
  let x = 0;
  let y = 0;
  let rowH = 0;
  let rowGap = 0;
  let right = 0;
  let prevGap = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > maxW) {
      x = 0;
      y += rowH + rowGap;
      rowH = 0;
      rowGap = 0;
    }
    if (x > 0) x += Math.max(prevGap, b.gap) - prevGap;
    corners.push({ x, y });
    right = Math.max(right, x + b.w);
    x += b.w + b.gap;
    prevGap = b.gap;
    rowH = Math.max(rowH, b.h);
    rowGap = Math.max(rowGap, b.gap);
  }
  const bottom = y + rowH;
  // Outside columns: as many as fit the groups' height, or fewer and taller when that fits a
  // wide canvas better (a short picture with many outside peers).
  const fitting = Math.max(4, Math.floor(Math.max(bottom, CELL_H * 4) / CELL_H));
  let best: Arrangement | null = null;
  for (let cols = Math.max(1, Math.ceil(outsideCount / fitting)); cols >= 1; cols--) {
    const perCol = outsideCount > 0 ? Math.ceil(outsideCount / cols) : fitting;
    const w = outsideCount > 0 ? right + GAP + (cols - 1) * OUT_COL_W + CELL_W / 4 + OUT_LABEL_REACH : right;
    const h = Math.max(bottom, Math.min(outsideCount, perCol) * CELL_H);
    const a = { corners, right, bottom, perCol, w, h };
    if (best === null || fitScore(a) > fitScore(best)) best = a;
  }
  return best as Arrangement;
}

/**
 * The row widths worth trying: between the widest group and one long row. Each gives a picture
 * (groups and outside columns) that fits a canvas of width:height ASPECT at some zoom.
 */
function arrangements(boxes: readonly Box[], outsideCount: number): Arrangement[] {
  const widest = Math.max(1, ...boxes.map((b) => b.w));
  const total = boxes.reduce((s, b) => s + b.w + b.gap, 0);
  // Widths from the widest group to one long row, in 32 geometric steps.
  const steps = 32;
  const ratio = Math.max(1, total / widest);
  const out: Arrangement[] = [];
  for (let i = 0; i <= steps; i++) out.push(arrange(boxes, outsideCount, widest * Math.pow(ratio, i / steps)));
  return out;
}

/** The arrangement with the biggest fitted zoom (the first of equals). */
function bestArrangement(boxes: readonly Box[], outsideCount: number): Arrangement {
  return arrangements(boxes, outsideCount).reduce((best, a) => (fitScore(a) > fitScore(best) ? a : best));
}

/**
 * Width and height of the picture `layoutGraph` draws (labels included), in model units, and the
 * share of the best fit's zoom the layout may give up for fewer crossings (ZOOM_SLACK, or 1).
 */
export function layoutExtent(groups: readonly LayoutGroup[], outsideCount: number): { readonly w: number; readonly h: number; readonly slack: number } {
  // The hub's layout is one picture: it trades no zoom for fewer crossings.
  if (hubOpening(groups, outsideCount)) return { ...hubExtent(groups, outsideCount), slack: 1 };
  const a = bestArrangement(groups.map(groupBox), outsideCount);
  return { w: a.w, h: a.h, slack: ZOOM_SLACK };
}

/** An edge between two laid-out ids (leaves, collapsed groups, outside peers). */
export interface LayoutEdge {
  readonly source: string;
  readonly target: string;
}

/** Up to this many edges the arrangement is also chosen for fewer crossings (pairs are compared). */
const CROSSING_EDGES = 600;
/** An arrangement with fewer crossings may cost this share of the best fitted zoom. */
export const ZOOM_SLACK = 0.88;

/** Pairs of edges crossing as straight lines (edges sharing an end never count). */
export function crossingCount(pos: ReadonlyMap<string, Point>, edges: readonly LayoutEdge[]): number {
  const segs: [Point, Point, string, string][] = [];
  for (const e of edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (a && b && e.source !== e.target) segs.push([a, b, e.source, e.target]);
  }
  const side = (p: Point, q: Point, r: Point): number => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    const [a1, a2, as, at] = segs[i] as [Point, Point, string, string];
    for (let j = i + 1; j < segs.length; j++) {
      const [b1, b2, bs, bt] = segs[j] as [Point, Point, string, string];
      if (as === bs || as === bt || at === bs || at === bt) continue;
      if (side(a1, a2, b1) * side(a1, a2, b2) < 0 && side(b1, b2, a1) * side(b1, b2, a2) < 0) n++;
    }
  }
  return n;
}

/**
 * Room between the groups and the outside columns for lines bent around a stacked group: a line
 * between two collapsed groups of the rightmost column with another between them bends out to
 * the right (core/graph/route.ts), its label at the bend's middle. The platform's bundles to
 * globex and initech (app-platform at 1280x720) had 87 units between acme and the internet node
 * for a label 105 wide and were drawn without. With these 60 more, a label of about 13 characters
 * (`2 paths · ×12`) stands clear of both; a longer one may still find no place (hover shows it).
 * No more: every unit widens the exported picture too (its text must stay readable pasted 16 cm wide).
 */
export const BEND_LANE = 60;

/** Whether a line joins two collapsed groups of the rightmost column with another one between them. */
function bendsBesideColumn(boxes: readonly Box[], a: Arrangement, ids: readonly string[], edges: readonly LayoutEdge[]): boolean {
  const index = new Map<string, number>();
  boxes.forEach((b, i) => {
    const c = a.corners[i] as Point;
    if (b.gap === COLLAPSED_GAP && c.x + b.w >= a.right) index.set(ids[i] as string, i);
  });
  if (index.size < 3) return false;
  return edges.some((e) => {
    const i = index.get(e.source);
    const j = index.get(e.target);
    if (i === undefined || j === undefined) return false;
    const ci = a.corners[i] as Point;
    const cj = a.corners[j] as Point;
    if (ci.x !== cj.x) return false;
    const [lo, hi] = ci.y < cj.y ? [ci.y, cj.y] : [cj.y, ci.y];
    return [...index.values()].some((k) => k !== i && k !== j && (a.corners[k] as Point).x === ci.x && (a.corners[k] as Point).y > lo && (a.corners[k] as Point).y < hi);
  });
}

function place(boxes: readonly Box[], a: Arrangement, outside: readonly LayoutOutside[], lane = 0): Map<string, Point> {
  const out = new Map<string, Point>();
  boxes.forEach((b, i) => {
    const c = a.corners[i] as Point;
    b.place(c.x, c.y, out);
  });

  // Outside column(s): every base node followed by its carve-out stubs, top to bottom.
  const colX = a.right + GAP + lane;
  const stubsOf = new Map<string, string[]>();
  const ids = new Set(outside.map((o) => o.id));
  const order: string[] = [];
  for (const o of outside) if (o.of !== null && ids.has(o.of)) stubsOf.set(o.of, [...(stubsOf.get(o.of) ?? []), o.id]);
  for (const o of outside) if (o.of === null || !ids.has(o.of)) order.push(o.id, ...(stubsOf.get(o.id) ?? []));
  order.forEach((id, i) => {
    const col = Math.floor(i / a.perCol);
    const row = i % a.perCol;
    // Outside labels sit right of their node: columns leave room for them.
    out.set(id, { x: colX + col * OUT_COL_W + CELL_W / 4, y: row * CELL_H + CELL_H / 2 });
  });
  return out;
}

/**
 * Groups in the order given (callers sort), outside nodes in the order given (the many-tenant
 * opening, `hubOpening`, is placed by hubLayout.ts, a lazy chunk). With `edges` (up to
 * CROSSING_EDGES), of the arrangements that fit a wide canvas nearly as well as the best one, the
 * one whose edges cross least.
 */
export function layoutGraph(groups: readonly LayoutGroup[], outside: readonly LayoutOutside[], edges: readonly LayoutEdge[] = []): Layout {
  const boxes = groups.map(groupBox);
  const ids = groups.map((g) => g.id);
  const all = arrangements(boxes, outside.length);
  const best = all.reduce((b, a) => (fitScore(a) > fitScore(b) ? a : b));
  const placed = (a: Arrangement): Map<string, Point> => place(boxes, a, outside, outside.length > 0 && bendsBesideColumn(boxes, a, ids, edges) ? BEND_LANE : 0);
  if (edges.length < 2 || edges.length > CROSSING_EDGES) return withNames(placed(best));
  let chosen = placed(best);
  let fewest = crossingCount(chosen, edges);
  for (const a of all) {
    if (a === best || fitScore(a) < ZOOM_SLACK * fitScore(best)) continue;
    const pos = placed(a);
    const n = crossingCount(pos, edges);
    if (n < fewest) {
      fewest = n;
      chosen = pos;
    }
  }
  return withNames(chosen);
}

/** Positions, and the outside peers whose name stands left of them (left of the groups). */
export type Layout = Map<string, Point> & { readonly namesLeft: ReadonlySet<string> };

export function withNames(pos: Map<string, Point>, namesLeft: ReadonlySet<string> = new Set()): Layout {
  return Object.assign(pos, { namesLeft });
}

/**
 * The many-tenant opening (every tenant as one node, TENANTS_GROUP, beside the platform; all
 * groups collapsed) is a hub: nearly every line runs from the tenants' node to an outside peer.
 * In columns right of it (the layout of every other view) the lines to the second and third
 * column ran between the first column's peers and their names, bent around them and crossed
 * each other (the 5k synthetic cluster at 1280x720: 15 lines at the hub, 3 columns, 4 lines
 * without a label, 6 bent). Here the groups stand stacked in the middle and the peers in one
 * column on each side, centred on them: every line is a short ray from the middle, none runs
 * past another peer, and the peers on the left have their names on their left (outwards).
 */
export function hubOpening(groups: readonly LayoutGroup[], outsideCount: number): boolean {
  return outsideCount >= 2 && groups.every((g) => g.collapsed) && groups.some((g) => g.id === TENANTS_GROUP);
}

/**
 * From the groups' box to the centre of a peer beside it: room for an edge label of about 26
 * characters (`15 of 200 tenants · 443/TCP`, 8.3 units a character) between them.
 */
export const HUB_SIDE_GAP = 250;
/**
 * The peers' pitch beside the hub: a name of one line and the rays' labels between them (at the
 * rays' middle half of this apart: a label is 1.5 fonts and its clearance tall, 32 units). At 96
 * (the grid's CELL_H) the 5k cluster's 8 rows were the picture's height: 12.8 px names at 1280x720.
 */
export const HUB_ROW_H = 80;

export interface HubFrame {
  readonly w: number;
  readonly h: number;
  /** Top of each group's box, in order. */
  readonly tops: readonly number[];
  /** Where the peers' columns are centred: the hub's middle. */
  readonly hubY: number;
  /** Each group's box: its width and where its leaves go. */
  readonly boxes: readonly Box[];
  /** From either side of the picture to its column of peers' centres (their names lie outwards). */
  readonly reach: number;
}

/**
 * The hub (TENANTS_GROUP) in the middle of the picture, the groups before it (the platform) at
 * its top, those after it at its bottom: the hub's rays, fanning left and right, run clear of
 * them (stacked right above it, the platform's box stood in the way of the steep rays, which
 * bent around it).
 */
export function hubFrame(groups: readonly LayoutGroup[], rows: number): HubFrame {
  const boxes = groups.map(groupBox);
  const at = Math.max(0, groups.findIndex((g) => g.id === TENANTS_GROUP));
  const hub = boxes[at] as Box;
  const stackH = (list: readonly Box[]): number => list.reduce((s, b) => s + b.h + Math.max(b.gap, hub.gap), 0);
  const above = boxes.slice(0, at);
  const below = boxes.slice(at + 1);
  const h = Math.max(rows * HUB_ROW_H, hub.h + 2 * Math.max(stackH(above), stackH(below)));
  const stackW = Math.max(1, ...boxes.map((b) => b.w));
  const reach = CELL_W / 4 + OUT_LABEL_REACH;
  const tops: number[] = [];
  let y = 0;
  for (const b of above) {
    tops.push(y);
    y += b.h + Math.max(b.gap, hub.gap);
  }
  tops.push((h - hub.h) / 2);
  y = h;
  const bottoms: number[] = [];
  for (const b of [...below].reverse()) {
    bottoms.unshift(y - b.h);
    y -= b.h + Math.max(b.gap, hub.gap);
  }
  return { w: stackW + 2 * (HUB_SIDE_GAP + reach), h, tops: [...tops, ...bottoms], hubY: h / 2, boxes, reach };
}

function hubExtent(groups: readonly LayoutGroup[], outsideCount: number): { w: number; h: number } {
  const f = hubFrame(groups, Math.ceil(outsideCount / 2));
  return { w: f.w, h: f.h };
}
