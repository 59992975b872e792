/**
 * `window.__graphTestApi`: a typed, read-mostly window into the canvas for browser tests
 * (Cytoscape draws to <canvas>, so the DOM cannot be queried). Compiled in only for e2e and dev
 * builds; production builds drop it (the `enabled` constant folds to false).
 */
import type { Core, EdgeSingular } from 'cytoscape';
import type { EdgeVerdict, NodeKind } from '../../core/graph/types.ts';
import type { HoverLayer } from './hoverLayer.ts';
import { HOVER_SCRATCH } from './hoverScratch.ts';
import type { Area } from './keepInView.ts';
import { markedPath, type MarkedPath } from './pathMarks.ts';
import type { ScreenSnapshot } from './readability.ts';
import { DRAWS_SCRATCH, type ElementDraws } from './smoothViewport.ts';
import { screenSnapshot } from './screen.ts';

export interface TestNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  readonly parent: string | null;
  /** What-if: the node carries changed paths drawn on no edge (`GraphNode.changedPaths`). */
  readonly changedInside: boolean;
}

export interface TestEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly verdict: EdgeVerdict;
  readonly ports: string;
  /** Observed request flows (0: a policy-only path). */
  readonly observed: number;
  /** What-if: how the edge changed (`added`, `ports`, `removed`), or null. */
  readonly change: string | null;
  /** The label drawn on the edge. */
  readonly label: string;
  /** Drawn faint: allowed, flows loaded, none seen on it (and not shown in full). */
  readonly faint: boolean;
  /** The bundle drawn in its place (closed), or null when it is drawn itself. */
  readonly bundled: string | null;
}

/** A bundle line: parallel paths between two groups (core/graph/bundle.ts). */
export interface TestBundle {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Paths it holds (edge ids). */
  readonly members: string[];
  readonly label: string;
  /** Drawn open: its paths are drawn instead of it. */
  readonly open: boolean;
}

export interface GraphTestApi {
  /** The model's nodes as drawn (group titles, which the canvas draws for itself, left out). */
  nodes(): TestNode[];
  /** The model's paths (bundle lines left out; see `bundles`). */
  edges(): TestEdge[];
  bundles(): TestBundle[];
  /** Ids of selected elements. */
  selection(): string[];
  /** Selects an element as the app would (the details panel follows). */
  select(id: string): void;
  /** Emits a tap on an element, exactly like a click on the canvas. */
  tap(id: string): void;
  /** Emits a double tap (collapse/expand a group). */
  dbltap(id: string): void;
  /** Current zoom level (labels hide when it is low). */
  zoom(): number;
  /** Current zoom and pan (bench/render draws bare Cytoscape with the same viewport). */
  viewport(): { zoom: number; pan: { x: number; y: number } };
  /** True while a model is still being added to the canvas (big graphs are added over several frames). */
  drawing(): boolean;
  /** The latest drawing: its additions so far (each in its own task, after a frame), and the size of the model it draws. */
  lastDraw(): DrawInfo | null;
  /** Nodes (group titles left out) and edges in the canvas now: cheap enough to read every frame. */
  elementCount(): { nodes: number; edges: number };
  /** Ids of the nodes and edges the path query lit up (empty when none is). */
  highlighted(): MarkedPath;
  /** What is on screen now: the canvas box, every name and edge label box, every edge (see readability.ts). */
  screen(): ScreenSnapshot;
  /** An element's box as drawn, label included, in canvas pixels (null: not drawn). */
  renderedBox(id: string): Area | null;
  /** The canvas's size in pixels. */
  size(): { width: number; height: number };
  /** The parts of the canvas no overlay covers (rectangles beside the overlay). */
  clearAreas(): Area[];
  /** The overlay's box (legend, zoom buttons) in canvas pixels, or null. */
  overlay(): Area | null;
  /**
   * What of an element must be seen, in canvas pixels: a node's box with its name; an edge's
   * label box and the ends and middle of its line (null: not drawn).
   */
  renderedParts(id: string): Area[] | null;
  /**
   * Where a bundle of allowed and denied paths turns from green to red, in canvas pixels: the
   * point of its drawn line at the gradient's stop (null: no such bundle drawn).
   */
  splitAt(id: string): { x: number; y: number } | null;
  /** The colours a line is drawn in, source end first (one for a plain line, each part of a split one) and its dash ('solid' or 'dashed'); null: not drawn. */
  lineColours(id: string): { colours: string[]; style: string } | null;
  /** True while an automatic fit is animating. */
  fitting(): boolean;
  /** How many times `cy` was resized (each one redraws the whole canvas). */
  resizes(): number;
  /** The element a press at (x, y) canvas pixels lands on (Cytoscape's own hit test), or null for the background. */
  elementAt(x: number, y: number): string | null;
  /** The line drawn as hovered (restyled on small graphs, on the top canvas on big ones: hoverLayer.ts), or null. */
  hovered(): string | null;
  /** How often the elements' canvas was drawn whole, and in part after a pan (smoothViewport.ts `panEndDraw`). */
  elementDraws(): ElementDraws;
  /** Draws every element again (Cytoscape's `forceRender`): a picture to compare one drawn in part with. */
  redrawAll(): void;
}

export interface DrawInfo {
  readonly steps: number;
  readonly nodes: number;
  readonly edges: number;
}

/** What the canvas knows besides `cy`. */
export interface CanvasInfo {
  drawing(): boolean;
  lastDraw(): DrawInfo | null;
  fitting(): boolean;
  clearAreas(): Area[];
  overlay(): Area | null;
}

declare global {
  interface Window {
    __graphTestApi?: GraphTestApi;
  }
}

export const graphTestApiEnabled: boolean = import.meta.env.MODE === 'e2e' || import.meta.env.DEV;

/** Installs the API over `cy`; returns the uninstall function. */
export function installGraphTestApi(cy: Core, select: (id: string | null) => void, info: CanvasInfo): () => void {
  if (!graphTestApiEnabled) return () => {};
  let resizes = 0;
  cy.on('resize', () => {
    resizes++;
  });
  const api: GraphTestApi = {
    nodes: () =>
      cy.nodes().not('.k-title').map((n) => ({ id: n.id(), label: String(n.data('name')), kind: n.data('kind') as NodeKind, parent: (n.data('parent') as string | undefined) ?? null, changedInside: n.hasClass('changed-inside') })),
    edges: () =>
      cy.edges().not('.bundle').map((e) => ({
        id: e.id(),
        source: String(e.data('source')),
        target: String(e.data('target')),
        verdict: e.data('verdict') as EdgeVerdict,
        ports: String(e.data('ports')),
        observed: Number(e.data('observed')),
        change: (e.data('change') as string | undefined) || null,
        label: String(e.data('label')),
        faint: e.hasClass('unseen'),
        bundled: e.hasClass('bundled') && !e.hasClass('unbundled') ? String(e.data('bundle')) : null,
      })),
    bundles: () =>
      cy.edges('.bundle').map((b) => ({
        id: b.id(),
        source: String(b.data('source')),
        target: String(b.data('target')),
        members: cy.edges().filter((e) => e.data('bundle') === b.id()).map((e) => e.id()).sort(),
        label: String(b.data('label')),
        open: b.hasClass('open'),
      })),
    selection: () => cy.$(':selected').map((el) => el.id()),
    select: (id) => select(id),
    tap: (id) => {
      cy.getElementById(id).emit('tap');
    },
    dbltap: (id) => {
      cy.getElementById(id).emit('dbltap');
    },
    zoom: () => cy.zoom(),
    viewport: () => ({ zoom: cy.zoom(), pan: { ...cy.pan() } }),
    drawing: () => info.drawing(),
    lastDraw: () => info.lastDraw(),
    elementCount: () => ({ nodes: cy.nodes().not('.k-title').length, edges: cy.edges().length }),
    highlighted: () => markedPath(cy),
    screen: () => screenSnapshot(cy),
    renderedBox: (id) => {
      const el = cy.getElementById(id);
      if (el.empty()) return null;
      const b = el.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
      return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
    },
    size: () => ({ width: cy.width(), height: cy.height() }),
    clearAreas: () => info.clearAreas(),
    overlay: () => info.overlay(),
    renderedParts: (id) => {
      const el = cy.getElementById(id);
      if (el.empty() || !el.visible()) return null;
      if (el.isNode()) {
        const b = el.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
        return [{ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 }];
      }
      const e = el as EdgeSingular;
      const out: Area[] = [];
      const label = e.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false });
      if (label.w > 0) out.push({ x1: label.x1, y1: label.y1, x2: label.x2, y2: label.y2 });
      for (const p of [e.renderedSourceEndpoint(), e.renderedMidpoint(), e.renderedTargetEndpoint()]) out.push({ x1: p.x, y1: p.y, x2: p.x, y2: p.y });
      return out;
    },
    lineColours: (id) => {
      const e = cy.getElementById(id);
      if (e.empty() || !e.isEdge() || !e.visible()) return null;
      const ps = (n: string) => (e as unknown as { pstyle(n: string): { strValue?: string; value?: unknown } }).pstyle(n);
      const hex = (rgb: unknown): string => (Array.isArray(rgb) ? `#${rgb.map((c: number) => c.toString(16).padStart(2, '0')).join('')}` : String(rgb));
      const all = ps('line-fill').strValue === 'linear-gradient' ? ((ps('line-gradient-stop-colors').value as unknown[]) ?? []).map(hex) : [hex(ps('line-color').value)];
      return { colours: all.filter((c, i) => c !== all[i - 1]), style: ps('line-style').strValue ?? '' };
    },
    splitAt: (id) => {
      const e = cy.getElementById(id);
      // A line drawn in one colour (too short for its colours: declutter.ts SHORT_NOT_KNOWN) turns nowhere.
      if (e.empty() || !e.isEdge() || !e.visible() || !e.hasClass('bundle-mixed') || e.hasClass('short-not-known')) return null;
      const stops = (e as unknown as { pstyle(n: string): { pfValue?: number[] } }).pstyle('line-gradient-stop-positions').pfValue ?? [0, 0.5];
      const at = stops[1] ?? 0.5;
      // The gradient runs straight from end to end; the line is the curve through its middle: the curve's point whose projection is `at`.
      const [s, m, t] = [e.renderedSourceEndpoint(), e.renderedMidpoint(), e.renderedTargetEndpoint()];
      const c = { x: 2 * m.x - (s.x + t.x) / 2, y: 2 * m.y - (s.y + t.y) / 2 };
      const point = (u: number): { x: number; y: number } => ({ x: (1 - u) * (1 - u) * s.x + 2 * u * (1 - u) * c.x + u * u * t.x, y: (1 - u) * (1 - u) * s.y + 2 * u * (1 - u) * c.y + u * u * t.y });
      const len2 = (t.x - s.x) ** 2 + (t.y - s.y) ** 2 || 1;
      const proj = (p: { x: number; y: number }): number => ((p.x - s.x) * (t.x - s.x) + (p.y - s.y) * (t.y - s.y)) / len2;
      let [lo, hi] = [0, 1];
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (proj(point(mid)) < at) lo = mid;
        else hi = mid;
      }
      return point((lo + hi) / 2);
    },
    fitting: () => info.fitting(),
    resizes: () => resizes,
    elementAt: (x, y) => {
      const r = (cy as unknown as { renderer(): { findNearestElement(x: number, y: number, interactiveOnly: boolean, isTouch: boolean): { id(): string } | null } }).renderer();
      const pan = cy.pan();
      const z = cy.zoom();
      return r.findNearestElement((x - pan.x) / z, (y - pan.y) / z, true, false)?.id() ?? null;
    },
    hovered: () => {
      const layer = cy.scratch(HOVER_SCRATCH) as HoverLayer | undefined;
      if (layer) return layer.shown()?.id() ?? null;
      const e = cy.edges('.hover');
      return e.empty() ? null : e.first().id();
    },
    elementDraws: () => ({ ...((cy.scratch(DRAWS_SCRATCH) as ElementDraws | undefined) ?? { full: 0, partial: 0 }) }),
    redrawAll: () => cy.forceRender(),
  };
  window.__graphTestApi = api;
  return () => {
    if (window.__graphTestApi === api) delete window.__graphTestApi;
  };
}
