/**
 * Readability of what the canvas shows, measured on screen: the canvas's share of the window,
 * the size of every drawn name, whether it lies inside the canvas, labels drawn over each other
 * and edges crossing. Pure: it reads a `ScreenSnapshot` (taken from the renderer by
 * `screen.ts`, exposed to browser tests as `__graphTestApi.screen()`), so the same figures come
 * out of `npm run bench -- readability` and the e2e tests.
 */

/** Smallest name size on screen (CSS px) a customer reads without zooming. */
export const READABLE_PX = READABLE_NAME_PX;
/** Two label boxes overlap when they share more than this many px in both directions. */
const OVERLAP_SLACK = 1;

import type { Box } from '../../core/graph/boxIndex.ts';
import { READABLE_NAME_PX } from '../../core/graph/opening.ts';

/** A rectangle in window (CSS px) coordinates. */
export type { Box };

export interface ScreenLabel {
  /** The element that carries the label. */
  readonly id: string;
  /** `name`: a node's name (workloads, peers, collapsed groups, group and namespace titles); `edge`: an edge's label. */
  readonly kind: 'name' | 'edge';
  readonly text: string;
  /** Font size on screen (CSS px). */
  readonly px: number;
  /** False when the renderer leaves the label out (too small at this zoom, or hidden). */
  readonly drawn: boolean;
  readonly box: Box;
}

/** An edge as the straight segment between its ends' centres on screen. */
export interface ScreenEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface ScreenSnapshot {
  readonly window: { readonly w: number; readonly h: number };
  /** The canvas element's box. */
  readonly canvas: Box;
  readonly zoom: number;
  readonly labels: readonly ScreenLabel[];
  readonly edges: readonly ScreenEdge[];
  /** Boxes of the drawn nodes that are no compound boxes (workloads, peers, collapsed groups). */
  readonly bodies?: readonly Box[];
}

export interface Readability {
  /** Visible canvas area / window area. */
  readonly canvasShare: number;
  /** Names in the graph shown (drawn or too small to be drawn). */
  readonly names: number;
  /** Smallest name on screen (CSS px); 0 without names. */
  readonly minLabelPx: number;
  /** Names whose box lies inside the canvas. */
  readonly labelsInside: number;
  /** Names at least READABLE_PX on screen and inside the canvas. */
  readonly readableNames: number;
  /** readableNames / names (1 without names). */
  readonly readableShare: number;
  /** Pairs of drawn labels over each other, at least one of them a name. */
  readonly labelOverlaps: number;
  /** Pairs of edges crossing (as straight segments, edges sharing an end not counted). */
  readonly edgeCrossings: number;
}

const area = (b: Box): number => Math.max(0, b.x2 - b.x1) * Math.max(0, b.y2 - b.y1);

function intersect(a: Box, b: Box): Box {
  return { x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1), x2: Math.min(a.x2, b.x2), y2: Math.min(a.y2, b.y2) };
}

/** Whether `inner` lies inside `outer` (half a pixel of rounding allowed). */
export function inside(inner: Box, outer: Box): boolean {
  return inner.x1 >= outer.x1 - 0.5 && inner.y1 >= outer.y1 - 0.5 && inner.x2 <= outer.x2 + 0.5 && inner.y2 <= outer.y2 + 0.5;
}

/** Drawn label pairs over each other (at least one a name), by a sweep over x. */
export function overlappingLabels(labels: readonly ScreenLabel[]): [ScreenLabel, ScreenLabel][] {
  const drawn = labels.filter((l) => l.drawn && l.text !== '').sort((a, b) => a.box.x1 - b.box.x1);
  const out: [ScreenLabel, ScreenLabel][] = [];
  for (let i = 0; i < drawn.length; i++) {
    const a = drawn[i] as ScreenLabel;
    for (let j = i + 1; j < drawn.length; j++) {
      const b = drawn[j] as ScreenLabel;
      if (b.box.x1 >= a.box.x2 - OVERLAP_SLACK) break;
      if (a.kind === 'edge' && b.kind === 'edge') continue;
      const c = intersect(a.box, b.box);
      if (c.x2 - c.x1 > OVERLAP_SLACK && c.y2 - c.y1 > OVERLAP_SLACK) out.push([a, b]);
    }
  }
  return out;
}

/** How far a drawn edge label keeps from nodes and from other edge labels to read as its own (CSS px). */
export const EDGE_LABEL_CLEARANCE = 2;

/**
 * Drawn edge labels crowded against a node (collapsed groups included) or another edge label:
 * closer than EDGE_LABEL_CLEARANCE. Returns the crowded labels' texts.
 */
export function crowdedEdgeLabels(s: ScreenSnapshot): string[] {
  const grow = (b: Box, d: number): Box => ({ x1: b.x1 - d, y1: b.y1 - d, x2: b.x2 + d, y2: b.y2 + d });
  const hits = (a: Box, b: Box): boolean => {
    const c = intersect(a, b);
    return c.x2 > c.x1 && c.y2 > c.y1;
  };
  const edges = s.labels.filter((l) => l.kind === 'edge' && l.drawn && l.text !== '');
  const out: string[] = [];
  edges.forEach((l, i) => {
    const zone = grow(l.box, EDGE_LABEL_CLEARANCE);
    const crowded = (s.bodies ?? []).some((b) => hits(zone, b)) || edges.some((o, j) => j !== i && hits(zone, o.box));
    if (crowded) out.push(l.text);
  });
  return out;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return Math.abs(v) < 1e-9 ? 0 : Math.sign(v);
}

/** Whether two segments cross at a point inside both (touching or collinear does not count). */
export function segmentsCross(a: ScreenEdge, b: ScreenEdge): boolean {
  const o1 = orient(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1);
  const o2 = orient(a.x1, a.y1, a.x2, a.y2, b.x2, b.y2);
  const o3 = orient(b.x1, b.y1, b.x2, b.y2, a.x1, a.y1);
  const o4 = orient(b.x1, b.y1, b.x2, b.y2, a.x2, a.y2);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** Crossing edge pairs; edges sharing an end node never count (parallel paths do not cross). */
export function edgeCrossings(edges: readonly ScreenEdge[]): number {
  const sorted = [...edges].map((e) => ({ e, lo: Math.min(e.x1, e.x2), hi: Math.max(e.x1, e.x2) })).sort((a, b) => a.lo - b.lo);
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as (typeof sorted)[number];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as (typeof sorted)[number];
      if (b.lo > a.hi) break;
      if (a.e.source === b.e.source || a.e.source === b.e.target || a.e.target === b.e.source || a.e.target === b.e.target) continue;
      if (segmentsCross(a.e, b.e)) n++;
    }
  }
  return n;
}

export function readability(s: ScreenSnapshot): Readability {
  const screen: Box = { x1: 0, y1: 0, x2: s.window.w, y2: s.window.h };
  const visibleCanvas = intersect(s.canvas, screen);
  const names = s.labels.filter((l) => l.kind === 'name' && l.text !== '');
  const within = names.filter((l) => inside(l.box, visibleCanvas));
  const readable = within.filter((l) => l.px >= READABLE_PX - 1e-6);
  return {
    canvasShare: area(screen) > 0 ? area(visibleCanvas) / area(screen) : 0,
    names: names.length,
    minLabelPx: names.length > 0 ? Math.min(...names.map((l) => l.px)) : 0,
    labelsInside: within.length,
    readableNames: readable.length,
    readableShare: names.length > 0 ? readable.length / names.length : 1,
    labelOverlaps: overlappingLabels(s.labels).length,
    edgeCrossings: edgeCrossings(s.edges),
  };
}
