/**
 * The picture of a GraphModel as a standalone SVG: title and provenance lines on top, the graph
 * (compound boxes, nodes, edges by verdict, observed counts, the highlighted path) and the legend
 * below. Pure and deterministic: the same model and options give the same bytes, so the app's
 * export, the print view and `netpol-viz render` draw one picture. All text is escaped.
 * @public
 */
import { AGGREGATE_DRAWN_W, CELL_W } from '../graph/layout.ts';
import { CELL_BOTTOM, CELL_LEFT, CELL_TOP, compoundBoxes as modelBoxes, LABEL_ZONE, routeLines } from '../graph/route.ts';
import { PLATFORM_GROUP, TENANTS_GROUP } from '../graph/grouping.ts';
import { bundleKind, bundleLabel, bundleTurns, drawnShades } from '../graph/bundle.ts';
import type { GraphEdge, GraphModel, GraphNode } from '../graph/types.ts';
import { isDenied } from '../graph/types.ts';
import { bundledEdges } from './drawn.ts';
import { legendItems, legendSvg, type LegendItem } from './legend.ts';
import { nodeDisplayLines } from './nodeLabel.ts';
import { arrowInset, arrowSvg, boundaryPoint, shapeSvg, type Point } from './shapes.ts';
import { DASH, DNS_STYLE, HIGHLIGHT_COLOR, INK, MISMATCH_COLOR, MUTED, NODE_STYLE, OBSERVED_WIDTH, PLATFORM_GROUP_STYLE, UNRESTRICTED_STYLE, UNSEEN_OPACITY, VERDICT_STYLE, type NodeStyle } from './style.ts';
import { clipText, esc, num, textWidth, thousands, wrapText } from './xml.ts';
import { BoxIndex, LineIndex, placeEdgeLabel } from '../graph/boxIndex.ts';

/** What a path query lit up (structurally the app's PathHighlight). */
export interface ExportHighlight {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  /** The query's answer, for the caption when the graph does not draw the path. */
  readonly verdict?: 'allowed' | 'denied';
  readonly ends?: readonly [string, string];
  readonly port?: string;
}

export interface SvgOptions {
  readonly title: string;
  /** Provenance and view lines under the title (counts, filters, input digest, time). */
  readonly subtitle: readonly string[];
  readonly highlight: ExportHighlight | null;
  /** Lines explaining the highlighted path, printed under the graph. */
  readonly caption: readonly string[];
  /** Leave the title and subtitle out (the HTML report prints them as the page's own). */
  readonly bare?: boolean;
  /** Flows are overlaid: the legend says what a faint (no flow seen) line is. */
  readonly withFlows?: boolean;
  /** Why the picture is blank when it draws nothing (written where the graph would be). */
  readonly empty?: string | null;
}

export interface SvgPicture {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** The legend's rows as drawn: the kinds of line, in the colours the picture draws them. */
  readonly legend: readonly LegendItem[];
}

/** The smallest text of a picture (edge labels, the subtitle, the legend), in picture px. */
export const SMALLEST_TEXT = 13;
/** How wide a picture is when pasted into a document page (16 cm at 96 dpi, rounded). */
export const PAGE_WIDTH_PX = 600;
/** Below this (px at page width) text is too small to read on the page without zooming. */
export const PAGE_READABLE_PX = 9;

/** The smallest text of `picture` when it is pasted `width` px wide (a picture narrower than that is not blown up). */
export function smallestTextAt(picture: Pick<SvgPicture, 'width'>, width = PAGE_WIDTH_PX): number {
  return SMALLEST_TEXT * Math.min(1, width / Math.max(picture.width, 1));
}

export const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif';
const MARGIN = 28;
/** The narrowest picture: room for the legend's columns and the provenance line. */
const MIN_CONTENT_W = 560;
const LEAF_FONT = 15;
const OUTSIDE_FONT = 15;
const NS_FONT = 14;
const GROUP_FONT = 19;
const EDGE_FONT = SMALLEST_TEXT;
const OUTSIDE_LABEL_W = 210;
/** Lines of an outside node's name: four ranges and what they were excepted from (`10.0.0.0/8, … (excepted from internet)`) read whole. */
const OUTSIDE_LABEL_LINES = 4;
const PAIR_SPREAD = 22;
/** Bold text runs wider than textWidth's estimate of regular text (DejaVu Sans Bold: about 12%). */
const BOLD_WIDTH = 1.15;
/** Opacity of what is not on the highlighted path. */
const FADED_EDGE = 0.15;
const FADED_NODE = 0.3;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const emptyBox = (): Box => ({ x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity });

/** Compound boxes (expanded groups and namespaces), from the leaves they hold. */
function compoundBoxes(model: GraphModel): Map<string, Box> {
  return new Map([...modelBoxes(model.nodes)].map(([id, b]) => [id, { ...b }]));
}
function grow(b: Box, x1: number, y1: number, x2: number, y2: number): void {
  b.x1 = Math.min(b.x1, x1);
  b.y1 = Math.min(b.y1, y1);
  b.x2 = Math.max(b.x2, x2);
  b.y2 = Math.max(b.y2, y2);
}

function isOutside(n: GraphNode): boolean {
  return n.parent === null && n.kind !== 'group';
}

function styleOf(n: GraphNode): NodeStyle {
  let s = n.dns ? DNS_STYLE : NODE_STYLE[n.kind];
  if (n.unrestricted.length === 2) s = { ...s, ...UNRESTRICTED_STYLE };
  else if (n.unrestricted.length === 1) s = { ...s, dash: '1.5 3', strokeWidth: 3 };
  if (n.id === PLATFORM_GROUP) s = { ...s, ...PLATFORM_GROUP_STYLE };
  // Every tenant as one node: as wide as the canvas draws it, its name on one line.
  if (n.id === TENANTS_GROUP) s = { ...s, w: AGGREGATE_DRAWN_W };
  return s;
}

const halo = 'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"';

function textLines(lines: readonly string[], x: number, y: number, size: number, attrs: string, lineH = size * 1.2): string {
  return lines.map((l, i) => `<text x="${num(x)}" y="${num(y + i * lineH)}" font-size="${size}" ${attrs}>${esc(l)}</text>`).join('');
}

interface NodeGeo {
  readonly node: GraphNode;
  readonly c: Point;
  readonly style: NodeStyle;
}

interface EdgeGeo {
  readonly edge: GraphEdge;
  readonly d: string;
  readonly arrow: string;
  /** Where the label goes by default. */
  readonly mid: Point;
  readonly width: number;
  /** The point at `t` (0..1) along the drawn line (other label places). */
  readonly at: (t: number) => Point;
  /**
   * The line from end to end, arrowhead included, for its label's places and its green/red turn:
   * its start, its middle (a straight line's label is centred between the two nodes, as on the canvas) and its tip.
   */
  readonly whole: readonly [Point, Point, Point];
}

/** A line's length from end to end (the chord: a bundle line between two boxes is straight). */
const lineLength = (p: EdgeGeo): number => Math.hypot(p.whole[2].x - p.whole[0].x, p.whole[2].y - p.whole[0].y);

function edgePaths(edges: readonly GraphEdge[], geo: ReadonlyMap<string, NodeGeo>, highlight: ReadonlySet<string>, bends: ReadonlyMap<string, number>) {
  const byPair = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const key = e.source < e.target ? `${e.source}\n${e.target}` : `${e.target}\n${e.source}`;
    byPair.set(key, [...(byPair.get(key) ?? []), e]);
  }
  const out: EdgeGeo[] = [];
  for (const [key, list] of byPair) {
    const [a, b] = key.split('\n') as [string, string];
    const ga = geo.get(a);
    const gb = geo.get(b);
    if (!ga || !gb) continue;
    list.forEach((e, i) => {
      const s = geo.get(e.source) as NodeGeo;
      const t = geo.get(e.target) as NodeGeo;
      const v = VERDICT_STYLE[e.verdict];
      const width = e.observed ? OBSERVED_WIDTH : v.width;
      const scale = Math.max(1, width / 2.2);
      if (e.source === e.target) {
        const { x, y } = s.c;
        const r = s.style.h / 2;
        const p0 = { x: x + 6, y: y - r - 1 };
        const tip = { x: x + s.style.w / 2 + 1, y: y - 4 };
        const c1 = { x: x + 20, y: y - r - 44 };
        const c2 = { x: x + s.style.w / 2 + 44, y: y - 20 };
        const ang = (Math.atan2(tip.y - c2.y, tip.x - c2.x) * 180) / Math.PI;
        const mid = { x: x + 34, y: y - r - 26 };
        out.push({ edge: e, width, d: `M${num(p0.x)} ${num(p0.y)} C${num(c1.x)} ${num(c1.y)} ${num(c2.x)} ${num(c2.y)} ${num(tip.x)} ${num(tip.y)}`, arrow: arrowSvg(v.arrow, tip, ang, v.color, scale), mid, at: () => mid, whole: [mid, mid, mid] });
        return;
      }
      // A line bent around the boxes it would cross (core/graph/route.ts), as the canvas bends it;
      // else the pair's lines spread apart.
      const bend = bends.get(e.id);
      const offset = bend !== undefined ? bend / 2 : (i - (list.length - 1) / 2) * PAIR_SPREAD * (highlight.has(e.id) && list.length === 1 ? 0 : 1);
      const [from, to] = bend !== undefined ? [s, t] : [ga, gb];
      const dx = to.c.x - from.c.x;
      const dy = to.c.y - from.c.y;
      const len = Math.hypot(dx, dy) || 1;
      const normal = { x: -dy / len, y: dx / len };
      const mid = { x: (s.c.x + t.c.x) / 2, y: (s.c.y + t.c.y) / 2 };
      const ctrl = { x: mid.x + normal.x * offset * 2, y: mid.y + normal.y * offset * 2 };
      const p0 = boundaryPoint(s.c, s.style.w, s.style.h, s.style.shape, ctrl);
      const tip = boundaryPoint(t.c, t.style.w, t.style.h, t.style.shape, ctrl);
      const tdx = tip.x - ctrl.x;
      const tdy = tip.y - ctrl.y;
      const tlen = Math.hypot(tdx, tdy) || 1;
      const inset = arrowInset(v.arrow, scale);
      const end = { x: tip.x - (tdx / tlen) * inset, y: tip.y - (tdy / tlen) * inset };
      const ang = (Math.atan2(tdy, tdx) * 180) / Math.PI;
      const d = offset === 0 ? `M${num(p0.x)} ${num(p0.y)} L${num(end.x)} ${num(end.y)}` : `M${num(p0.x)} ${num(p0.y)} Q${num(ctrl.x)} ${num(ctrl.y)} ${num(end.x)} ${num(end.y)}`;
      const at = (u: number): Point =>
        offset === 0 ? { x: p0.x + (end.x - p0.x) * u, y: p0.y + (end.y - p0.y) * u } : { x: (1 - u) * (1 - u) * p0.x + 2 * u * (1 - u) * ctrl.x + u * u * tip.x, y: (1 - u) * (1 - u) * p0.y + 2 * u * (1 - u) * ctrl.y + u * u * tip.y };
      out.push({ edge: e, width, d, arrow: arrowSvg(v.arrow, tip, ang, v.color, scale), mid: at(0.5), at, whole: [p0, offset === 0 ? { x: (p0.x + tip.x) / 2, y: (p0.y + tip.y) / 2 } : at(0.5), tip] });
    });
  }
  return out;
}

function edgeLabel(e: GraphEdge, lit: boolean): string {
  const count = e.observed ? `×${thousands(e.observed.flows)}` : '';
  const mismatch = e.mismatch ? '≠' : '';
  // Not known: a '?' on the line itself, so a pasted picture does not read as its colour alone.
  const unknown = e.verdict === 'not-known' ? '?' : '';
  // At the tenants' aggregate: how many of its tenants the line stands for (as on the canvas).
  const tenants = e.tenants?.text ?? '';
  const own = lit ? [unknown, e.portsText, count, mismatch] : [unknown, count, mismatch];
  // Its ports too (TenantShare.ports; a lit line's are written in full).
  return [tenants, lit ? '' : (e.tenants?.ports ?? ''), own.filter((s) => s !== '').join(' ')].filter((s) => s !== '').join(' · ');
}

function nodeBox(g: NodeGeo): Box {
  return { x1: g.c.x - g.style.w / 2, y1: g.c.y - g.style.h / 2, x2: g.c.x + g.style.w / 2, y2: g.c.y + g.style.h / 2 };
}

/** The box of a node's name as drawn below (null: the name is inside the node). */
function nodeLabelBox(g: NodeGeo): Box | null {
  const n = g.node;
  const s = g.style;
  const lines = nodeDisplayLines(n);
  if (n.kind === 'group') return null;
  if (isOutside(n)) {
    const wrapped = wrapText(lines[0] ?? '', OUTSIDE_FONT, OUTSIDE_LABEL_W, OUTSIDE_LABEL_LINES);
    const top = g.c.y + 5 - (wrapped.length - 1) * 9 - OUTSIDE_FONT;
    const w = 16 + Math.max(0, ...wrapped.map((l) => textWidth(l, OUTSIDE_FONT)));
    // Left of the groups (layout.ts hubLayout) the name stands left of the node.
    const x = n.nameLeft ? g.c.x - s.w / 2 - 6 - w : g.c.x + s.w / 2 + 6;
    return { x1: x, y1: top, x2: x + w, y2: top + wrapped.length * 18 + 2 };
  }
  const w = textWidth(clipText(lines[0] ?? '', LEAF_FONT, CELL_W - 12), LEAF_FONT) / 2 + 2;
  const base = g.c.y + s.h / 2 + LEAF_FONT + 3;
  return { x1: g.c.x - w, y1: base - LEAF_FONT - 1, x2: g.c.x + w, y2: base + 5 };
}

export function graphSvg(model: GraphModel, o: SvgOptions): SvgPicture {
  const lit = new Set(o.highlight?.edges ?? []);
  const drawn = bundledEdges(model, lit);
  // The path's ends as drawn: the ends of its edges (a carve-out stub rather than the internet behind it).
  const litEdges = model.edges.filter((e) => lit.has(e.id));
  const litNodes = new Set(litEdges.length > 0 ? litEdges.flatMap((e) => [e.source, e.target]) : (o.highlight?.nodes ?? []));
  const boxes = compoundBoxes(model);
  const geo = new Map<string, NodeGeo>();
  const bounds = emptyBox();
  for (const b of boxes.values()) grow(bounds, b.x1, b.y1 - LABEL_ZONE, b.x2, b.y2);
  for (const n of model.nodes) {
    if (n.position === null) continue;
    const style = styleOf(n);
    geo.set(n.id, { node: n, c: n.position, style });
    if (isOutside(n)) {
      const w = Math.max(...wrapText(nodeDisplayLines(n)[0] ?? '', OUTSIDE_FONT, OUTSIDE_LABEL_W, OUTSIDE_LABEL_LINES).map((l) => textWidth(l, OUTSIDE_FONT)), 0);
      if (n.nameLeft) grow(bounds, n.position.x - style.w / 2 - 10 - w, n.position.y - CELL_TOP, n.position.x + style.w / 2, n.position.y + CELL_TOP);
      else grow(bounds, n.position.x - style.w / 2, n.position.y - CELL_TOP, n.position.x + style.w / 2 + 10 + w, n.position.y + CELL_TOP);
    } else grow(bounds, n.position.x - Math.max(CELL_LEFT, style.w / 2), n.position.y - CELL_TOP, n.position.x + Math.max(CELL_LEFT, style.w / 2), n.position.y + CELL_BOTTOM);
  }
  const blank = !Number.isFinite(bounds.x1);
  if (blank) grow(bounds, 0, 0, Math.max(320, textWidth(o.empty ?? '', LEAF_FONT)), 120);

  // Header, graph, caption, legend, stacked.
  const bare = o.bare === true;
  const titleSize = bare ? 0 : 24;
  // Text lines wrap at the graph's width (at least MIN_CONTENT_W): a long caption or subtitle
  // must not make a small graph's picture wide (pasted into a document, everything shrinks with it).
  const wrapW = Math.max(bounds.x2 - bounds.x1, MIN_CONTENT_W);
  const subtitle = o.subtitle.flatMap((l) => wrapText(l, 13, wrapW, 6));
  const caption = o.caption.flatMap((l) => wrapText(l, 13, wrapW, 6));
  const headerLines = bare ? 0 : subtitle.length;
  const headerH = bare ? 0 : titleSize + 12 + headerLines * 18 + 16;
  const graphW = bounds.x2 - bounds.x1;
  const contentW = Math.max(graphW, bare ? 0 : textWidth(o.title, titleSize), ...(bare ? [] : subtitle.map((l) => textWidth(l, 13))), ...caption.map((l) => textWidth(l, 13)), MIN_CONTENT_W);
  const dx = MARGIN - bounds.x1;
  const dy = MARGIN + headerH - bounds.y1;
  const tx = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const graphBottom = MARGIN + headerH + (bounds.y2 - bounds.y1);
  const captionY = graphBottom + 24;
  const captionH = caption.length > 0 ? 22 + caption.length * 18 : 0;
  const width = Math.ceil(contentW + 2 * MARGIN);

  const parts: string[] = [];
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  if (!bare) {
    parts.push(`<text x="${MARGIN}" y="${MARGIN + titleSize - 4}" font-size="${titleSize}" font-weight="bold" fill="${INK}" class="title">${esc(o.title)}</text>`);
    parts.push(textLines(subtitle, MARGIN, MARGIN + titleSize + 16, 13, `fill="${MUTED}" class="subtitle"`, 18));
  }
  // Names and nodes edge labels must not cover (their boxes, as drawn below).
  const taken = new BoxIndex();
  // Names and box titles, and the lit path's labels placed so far: what a lit label keeps off when no place is clear.
  const names = new BoxIndex();
  const shown = new BoxIndex();
  // Group and namespace boxes: an edge label lies inside or outside each, never across its border.
  const borders = new BoxIndex();

  // Compound boxes: groups first (they hold the namespaces).
  const compoundLabels: string[] = [];
  const compounds = model.nodes.filter((n) => boxes.has(n.id)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'group' ? -1 : 1));
  for (const n of compounds) {
    const b = boxes.get(n.id) as Box;
    const s = styleOf(n);
    const r = tx({ x: b.x1, y: b.y1 });
    borders.add({ x1: r.x, y1: r.y, x2: r.x + b.x2 - b.x1, y2: r.y + b.y2 - b.y1 });
    const isGroup = n.kind === 'group';
    parts.push(`<rect class="compound" data-id="${esc(n.id)}" x="${num(r.x)}" y="${num(r.y)}" width="${num(b.x2 - b.x1)}" height="${num(b.y2 - b.y1)}" rx="10" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${num(isGroup ? 2 : 1)}"/>`);
    // Box labels go on top of the edges (drawn after them), like the canvas draws them.
    const size = isGroup ? GROUP_FONT : NS_FONT;
    const title = clipText(nodeDisplayLines(n)[0] ?? '', size, b.x2 - b.x1);
    const cx = r.x + (b.x2 - b.x1) / 2;
    compoundLabels.push(textLines([title], cx, r.y - 8, size, `text-anchor="middle" fill="${isGroup ? INK : MUTED}"${isGroup ? ' font-weight="bold"' : ''} ${halo}`));
    const tw = textWidth(title, size) / 2 + 2;
    taken.add({ x1: cx - tw, y1: r.y - 8 - size, x2: cx + tw, y2: r.y - 4 });
    names.add({ x1: cx - tw, y1: r.y - 8 - size, x2: cx + tw, y2: r.y - 4 });
  }

  // Edges: allowed paths first, denied on top of them, the highlighted path on top of all.
  const shifted = new Map([...geo].map(([id, g]) => [id, { ...g, c: tx(g.c) }]));
  // Bundle lines end on the boxes they join.
  const ends = new Map(shifted);
  for (const n of compounds) {
    const b = boxes.get(n.id) as Box;
    ends.set(n.id, { node: n, c: tx({ x: (b.x1 + b.x2) / 2, y: (b.y1 + b.y2) / 2 }), style: { ...styleOf(n), shape: 'round-rectangle', w: b.x2 - b.x1, h: b.y2 - b.y1 } });
  }
  const paths = edgePaths(drawn.edges, ends, lit, routeLines(model));
  // The legend lists the colours as drawn: a bundle's line in drawnShades for its length (a short
  // green/grey line is all grey, and 'Allowed' was listed for a green the picture did not hold).
  const lengths = new Map(paths.map((p) => [p.edge.id, lineLength(p)]));
  const legendRows = legendItems(model, o.highlight, o.withFlows === true, (b) => drawnShades(b, lengths.get(b.id) ?? Infinity));
  const legend = legendSvg(legendRows, MARGIN, captionY + captionH + 8, contentW);
  const height = Math.ceil(captionY + captionH + 8 + legend.height + MARGIN);
  const rank = (e: GraphEdge): number => (lit.has(e.id) ? 2 : isDenied(e.verdict) ? 1 : 0);
  paths.sort((a, b) => rank(a.edge) - rank(b.edge) || (a.edge.id < b.edge.id ? -1 : 1));
  // The path is drawn: everything else fades, so it can be found at a glance.
  const focus = paths.some((p) => lit.has(p.edge.id));
  for (const g of shifted.values()) {
    taken.add(nodeBox(g));
    const label = nodeLabelBox(g);
    if (label !== null) {
      taken.add(label);
      names.add(label);
    }
  }
  // Edge labels in order of importance (the lit path, denied, most flows), each where it covers
  // no name, node or label placed before it; a label with no free place is left out, except the
  // lit path's (its ports are written on it).
  const labelAt = new Map<string, { at: Point; text: string; split: number | null }>();
  // The lines drawn: a label beside its line must not lie on another (it would read as that line's).
  const lineIndex = new LineIndex();
  for (const p of paths) lineIndex.add(p.edge.id, ...p.whole);
  // A label stays in the graph's part of the picture (the file is as wide as the graph and its text).
  const graphArea: Box = { x1: 0, y1: MARGIN + headerH, x2: width, y2: graphBottom + 8 };
  const importance = (p: EdgeGeo): number => (lit.has(p.edge.id) ? 0 : isDenied(p.edge.verdict) ? 1 : 2);
  for (const p of [...paths].sort((a, b) => importance(a) - importance(b) || (b.edge.observed?.flows ?? 0) - (a.edge.observed?.flows ?? 0) || (a.edge.id < b.edge.id ? -1 : 1))) {
    const bundle = drawn.bundles.get(p.edge.id);
    const text = bundle ? bundleLabel(bundle) : edgeLabel(p.edge, lit.has(p.edge.id));
    if (text === '') continue;
    // Measured as drawn (bold, on its white box below): measured plain, a long label placed at the
    // picture's edge ran off it ('ll 120 tenants · 4 paths · 1 denied').
    const w = textWidth(text, EDGE_FONT * BOLD_WIDTH) / 2 + 2;
    const boxAt = (c: Point) => ({ x1: c.x - w, y1: c.y + 4 - EDGE_FONT - 1, x2: c.x + w, y2: c.y + 7 });
    // As the canvas places them (placeEdgeLabel): the middle, along the line, beside it; a bundle of
    // allowed and denied paths never on its green/red split, or over its middle with the turn moved beside the label.
    const shadeCount = bundle !== undefined ? drawnShades(bundle, lineLength(p)).length : 1;
    const split = shadeCount > 1 ? bundleTurns(shadeCount) : false;
    const into = { source: boxes.has(p.edge.source), target: boxes.has(p.edge.target) };
    const [ls, lm, lt] = p.whole;
    const found = placeEdgeLabel(ls, lm, lt, boxAt(lm), {
      split,
      into,
      bounds: graphArea,
      clear: (b, beside) => !taken.hits(b) && !borders.crosses(b) && !(beside && lineIndex.crosses(b, p.edge.id)),
      // The lit path's labels are drawn whatever: off everything placed, else off names and each other, else off each other (as on the canvas).
      ...(lit.has(p.edge.id) ? { fallback: [(b: Box) => !taken.hits(b), (b: Box) => !names.hits(b) && !shown.hits(b), (b: Box) => !shown.hits(b)] } : {}),
    });
    const place = found !== null ? { at: { x: lm.x + found.x, y: lm.y + found.y }, split: found.split } : lit.has(p.edge.id) ? { at: lm, split: null } : null;
    if (place === null) continue;
    taken.add(boxAt(place.at));
    if (lit.has(p.edge.id)) shown.add(boxAt(place.at));
    labelAt.set(p.edge.id, { ...place, text });
  }
  const labels: string[] = [];
  const gradients: string[] = [];
  for (const p of paths) {
    const e = p.edge;
    const v = VERDICT_STYLE[e.verdict];
    const bundle = drawn.bundles.get(e.id);
    // A bundle of two or three kinds (bundleShades: allowed, not known, denied): a part of its line in each colour, as on the canvas.
    let stroke = v.color;
    // A short line of allowed and not-known paths: the not-known line (drawnShades).
    const shades = bundle ? drawnShades(bundle, lineLength(p)) : [];
    const split = shades.length > 1;
    const short = bundle !== undefined && bundleKind(bundle) === 'mixed' && !split;
    if (split) {
      const [a, , b] = p.whole;
      const gid = `bundle-${gradients.length}`;
      // The turns in equal parts (bundleTurns), or a two-colour line's just beside a label that found room only over its middle.
      const moved = labelAt.get(e.id)?.split;
      const turns = moved !== null && moved !== undefined && shades.length === 2 ? [moved] : bundleTurns(shades.length);
      const stops = shades.map((k, i) => {
        const c = VERDICT_STYLE[k].color;
        const at = (u: number | undefined): string => String(Number((u ?? 0).toFixed(4)));
        return `${i > 0 ? `<stop offset="${at(turns[i - 1])}" stop-color="${c}"/>` : ''}${i < shades.length - 1 ? `<stop offset="${at(turns[i])}" stop-color="${c}"/>` : ''}`;
      });
      gradients.push(`<linearGradient id="${gid}" gradientUnits="userSpaceOnUse" x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}">${stops.join('')}</linearGradient>`);
      stroke = `url(#${gid})`;
    }
    const width = bundle ? Math.min(9, 3 + bundle.members.length / 3) : p.width;
    const dash = DASH[v.line];
    const opacity = lit.has(e.id) ? 1 : focus ? FADED_EDGE : e.observed || isDenied(e.verdict) || e.verdict === 'not-known' ? 1 : UNSEEN_OPACITY;
    const under: string[] = [];
    if (lit.has(e.id)) under.push(`<path d="${p.d}" fill="none" stroke="${HIGHLIGHT_COLOR}" stroke-opacity="0.45" stroke-width="${num(p.width + 12)}" stroke-linecap="round"/>`);
    if (e.mismatch) under.push(`<path d="${p.d}" fill="none" stroke="${MISMATCH_COLOR}" stroke-opacity="0.35" stroke-width="${num(p.width + 10)}"/>`);
    parts.push(
      `<g class="edge ${bundle ? `bundle bundle-${bundleKind(bundle)}${short ? ' short-not-known' : ''}` : `v-${e.verdict}`}${lit.has(e.id) ? ' highlighted' : focus ? ' faded' : ''}" data-id="${esc(e.id)}" opacity="${num(opacity)}">${under.join('')}<path d="${p.d}" fill="none" stroke="${stroke}" stroke-width="${num(width)}"${dash && !split ? ` stroke-dasharray="${dash}"` : ''}/>${p.arrow}</g>`,
    );
    const l = labelAt.get(e.id);
    if (l !== undefined) {
      // On a white box as on the canvas (text-background at 0.9): the glyphs' halo left the gaps
      // between words open, so a line drawn under a label ran through it ('9 paths ·|×3').
      const half = textWidth(l.text, EDGE_FONT * BOLD_WIDTH) / 2 + 2;
      const faded = !lit.has(e.id) && focus ? ` opacity="${FADED_EDGE * 2}"` : '';
      labels.push(
        `<g class="edge-label"><rect x="${num(l.at.x - half)}" y="${num(l.at.y + 3 - EDGE_FONT)}" width="${num(2 * half)}" height="${num(EDGE_FONT + 4)}" rx="3" fill="#ffffff" fill-opacity="0.9"${faded}/><text x="${num(l.at.x)}" y="${num(l.at.y + 4)}" font-size="${EDGE_FONT}" font-weight="bold" text-anchor="middle" fill="${v.color}"${faded} ${halo}>${esc(l.text)}</text></g>`,
      );
    }
  }

  if (blank && o.empty) parts.push(`<text class="empty" x="${num(MARGIN)}" y="${num(MARGIN + headerH + 40)}" font-size="${LEAF_FONT}" fill="${INK}">${esc(o.empty)}</text>`);
  parts.push(`<g class="compound-labels">${compoundLabels.join('')}</g>`);

  // Nodes and their labels.
  for (const g of shifted.values()) {
    const n = g.node;
    const s = g.style;
    const attrs = `fill="${s.fill}" stroke="${s.stroke}" stroke-width="${num(s.strokeWidth)}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}`;
    const ring = litNodes.has(n.id) ? shapeSvg(s.shape, g.c.x, g.c.y, s.w + 12, s.h + 12, `fill="none" stroke="${HIGHLIGHT_COLOR}" stroke-width="4"`) : '';
    const lines = nodeDisplayLines(n);
    // Off a highlighted path a node recedes, its shape faint; its name stays readable, in grey: a
    // reader of the pasted picture still tells the places apart (faded with the shape, the names
    // were a light grey, about 1.9:1 on white; MUTED is 6.3:1).
    const faded = focus && !litNodes.has(n.id);
    const ink = faded ? MUTED : INK;
    let text: string;
    if (n.kind === 'group') {
      // Bold, so measured wider: a name wider than the node on two lines (as the canvas wraps it), not run over its border.
      const [name = '', ...rest] = lines;
      const room = s.w - 10;
      const shown = [...(textWidth(name, 16 * BOLD_WIDTH) <= room ? [name] : wrapText(name, 16 * BOLD_WIDTH, room, 2)), ...rest.map((l) => clipText(l, 16 * BOLD_WIDTH, room))];
      text = textLines(shown, g.c.x, g.c.y - (shown.length - 1) * 9 + 5, 16, `text-anchor="middle" fill="${ink}" font-weight="bold"`, 18);
    }
    else if (isOutside(n)) {
      const wrapped = wrapText(lines[0] ?? '', OUTSIDE_FONT, OUTSIDE_LABEL_W, OUTSIDE_LABEL_LINES);
      const away = s.w / 2 + (litNodes.has(n.id) ? 14 : 8);
      const side = n.nameLeft ? `text-anchor="end" ` : '';
      text = textLines(wrapped, n.nameLeft ? g.c.x - away : g.c.x + away, g.c.y + 5 - (wrapped.length - 1) * 9, OUTSIDE_FONT, `${side}fill="${n.kind === 'carve-out' && !faded ? '#7f0000' : ink}"${n.kind === 'world' || n.kind === 'carve-out' ? ' font-weight="bold"' : ''} ${halo}`, 18);
    } else text = textLines([clipText(lines[0] ?? '', LEAF_FONT, CELL_W - 12)], g.c.x, g.c.y + s.h / 2 + LEAF_FONT + 3, LEAF_FONT, `text-anchor="middle" fill="${ink}" ${halo}`);
    const shape = shapeSvg(s.shape, g.c.x, g.c.y, s.w, s.h, attrs);
    parts.push(`<g class="node k-${n.kind}${litNodes.has(n.id) ? ' highlighted' : faded ? ' faded' : ''}" data-id="${esc(n.id)}">${ring}${faded ? `<g opacity="${FADED_NODE}">${shape}</g>` : shape}${text}</g>`);
  }
  parts.push(...labels);

  if (caption.length > 0) {
    parts.push(`<g class="caption"><text x="${MARGIN}" y="${num(captionY + 12)}" font-size="13" font-weight="bold" fill="${HIGHLIGHT_COLOR}">Highlighted path</text>${textLines(caption, MARGIN, captionY + 32, 13, `fill="${INK}"`, 18)}</g>`);
  }
  parts.push(legend.svg);

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" role="img" aria-labelledby="netpol-viz-title">` +
    `<title id="netpol-viz-title">${esc(o.title)}</title><desc>${esc(o.subtitle.join('\n'))}</desc>` +
    (gradients.length > 0 ? `<defs>${gradients.join('')}</defs>` : '') +
    parts.join('') +
    `</svg>\n`;
  return { svg, width, height, legend: legendRows };
}
