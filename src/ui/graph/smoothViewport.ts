/**
 * Pan and zoom on big graphs without a full redraw per gesture start. Three repairs of Cytoscape's
 * canvas renderer (3.34), installed by GraphCanvas on every `cy`; they read and write renderer
 * internals, so each checks that what it touches is there and otherwise leaves Cytoscape as it is:
 *
 * - Nodes with no background image stop toggling their `:backgrounding` state on every draw.
 *   Cytoscape's node drawing counts a missing image as complete in one of its two image passes
 *   and as loading in the other, so each draw of a node calls `updateStyle` twice; that dirties
 *   the node's bounds, which throws away the layered texture cache of the whole graph (the
 *   bitmaps that make a redraw at a known zoom a few image copies) and re-measures the node and
 *   its edges on the next frame. Compound boxes (groups, namespaces) are drawn on every frame, so
 *   on the 5k cluster expanded every frame redrew 142,353 edges one by one and spent a second
 *   more recomputing. The stylesheet sets no background image (stylesheet.test.ts), so the state
 *   is pinned to "not loading".
 * - With `textureOnViewport`, Cytoscape moves a snapshot of the graph during a gesture, but makes
 *   that snapshot by drawing the whole graph again at twice the resolution in the gesture's
 *   first frame (about three times a normal redraw). The picture on screen before the gesture
 *   is that snapshot already: it is copied (one image copy) and handed over as the texture.
 *   The redraw when the gesture ends stays: the picture after a gesture is the full one.
 * - What is under the pointer (on every press, release and hover move) is looked up among the
 *   elements whose cached bounding box is near it, not among all of them: Cytoscape tests every
 *   element's exact shape, with a few style lookups each (142,353 edges: a third of a second per
 *   mouse event on a quiet machine, once at the press and once at the first move of every drag).
 *   Cytoscape's own test then runs on those, in the same z-order. One difference: after a first
 *   hit Cytoscape also tries the two end nodes of every later edge in its list, so among nested
 *   boxes under the pointer (a namespace in its group) it can pick an outer one because some edge
 *   far away ends on it; here only edges near the pointer count, and the topmost box wins.
 */
import type { Core, EventObject } from 'cytoscape';

/** The parts of Cytoscape's canvas renderer this module reads or writes. */
export interface RendererInternals {
  textureOnViewport?: boolean;
  textureCache?: TextureCache | null;
  textureDrawLastFrame?: boolean;
  prevViewport?: { zoom: number; pan: { x: number; y: number } };
  canvasWidth?: number;
  canvasHeight?: number;
  pinching?: boolean;
  swipePanning?: boolean;
  hoverData?: { dragging?: boolean };
  data?: { wheelZooming?: boolean; canvases?: ArrayLike<CanvasLike | undefined> };
  NODE?: number;
  destroyed?: boolean;
  findNearestElements?: (x: number, y: number, interactiveOnly: boolean, isTouch: boolean) => unknown[];
  getCachedZSortedEles?: () => ZSorted;
  beforeRender?: (fn: (willDraw: boolean, now: number) => void, priority: number) => void;
  beforeRenderCallbacks?: { fn: (willDraw: boolean, now: number) => void; priority: number }[];
}

export interface CanvasLike {
  width: number;
  height: number;
  getContext(type: '2d'): { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void; clearRect(x: number, y: number, w: number, h: number): void; drawImage(image: never, x: number, y: number): void } | null;
}

/** Cytoscape's gesture texture: an image of the viewport `viewport` (device pixels `width` × `height`). */
export interface TextureCache {
  bb: null;
  texture: CanvasLike;
  viewport: { zoom: number; pan: { x: number; y: number }; width: number; height: number; mpan: { x: number; y: number } };
}

/** Runs just before Cytoscape draws a frame (after its own preparations: priorities 100 to 400). */
const BEFORE_DRAW_PRIORITY = 10;

/** Is a gesture moving the viewport (the renderer then draws the texture, drawing-redraw.mjs)? */
export function viewportMoving(r: RendererInternals): boolean {
  return Boolean(r.pinching || r.hoverData?.dragging || r.swipePanning || r.data?.wheelZooming);
}

/**
 * When a gesture starts and the renderer has no texture yet, the texture from what the node layer
 * shows: the last frame, drawn at `prevViewport`. Not after a texture frame (the layer then shows
 * a moved snapshot, not a drawing). True when it was handed over.
 */
export function warmTexture(r: RendererInternals, makeCanvas: () => CanvasLike, spare: { canvas: CanvasLike | null }): boolean {
  if (!r.textureOnViewport || r.textureCache || r.textureDrawLastFrame || !viewportMoving(r)) return false;
  const vp = r.prevViewport;
  const w = r.canvasWidth ?? 0;
  const h = r.canvasHeight ?? 0;
  const layer = r.NODE !== undefined ? r.data?.canvases?.[r.NODE] : undefined;
  if (!vp || !layer || w <= 0 || h <= 0 || layer.width !== w || layer.height !== h || !(vp.zoom > 0)) return false;
  const canvas = spare.canvas ?? makeCanvas();
  spare.canvas = canvas;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const cx = canvas.getContext('2d');
  if (!cx) return false;
  cx.setTransform(1, 0, 0, 1, 0, 0);
  cx.clearRect(0, 0, w, h);
  cx.drawImage(layer as never, 0, 0);
  r.textureCache = {
    bb: null,
    texture: canvas,
    viewport: { zoom: vp.zoom, pan: { ...vp.pan }, width: w, height: h, mpan: { x: -vp.pan.x / vp.zoom, y: -vp.pan.y / vp.zoom } },
  };
  return true;
}

/** What the hit test reads of an element: Cytoscape's cached bounding box (with labels, arrows, overlays) and the edge's drawn points. */
export interface HitElement {
  readonly _private: {
    readonly group?: string;
    readonly bbCache?: { x1: number; y1: number; x2: number; y2: number } | null;
    readonly styleDirty?: boolean;
    readonly rscratch?: { readonly allpts?: ArrayLike<number> };
    readonly children?: ArrayLike<unknown>;
  };
}

/** Cytoscape's elements in drawing order, with the interactive ones alongside. */
export type ZSorted = HitElement[] & { interactive?: HitElement[] };

/** Below this many elements the full hit test is fast enough. */
const HIT_INDEX_MIN = 3000;

/**
 * The elements of `list` (in its order) that can be under (x, y) within `margin` (model units):
 * those whose cached bounding box, grown by `margin`, holds the point, and every element whose
 * box is not known to be current (none cached, style changed since, a compound box, or an edge
 * whose drawn ends lie outside it because a node moved).
 */
export function hitCandidates<T extends HitElement>(list: readonly T[], x: number, y: number, margin: number): T[] {
  const out: T[] = [];
  for (const ele of list) {
    const p = ele._private;
    const bb = p.bbCache;
    // A compound box's cached bounds can trail its children's (Cytoscape updates them lazily).
    if (!bb || p.styleDirty || (p.children?.length ?? 0) > 0) {
      out.push(ele);
      continue;
    }
    if (p.group === 'edges') {
      const pts = p.rscratch?.allpts;
      const n = pts?.length ?? 0;
      if (!pts || n < 4 || !inBox(bb, pts[0] as number, pts[1] as number) || !inBox(bb, pts[n - 2] as number, pts[n - 1] as number)) {
        out.push(ele);
        continue;
      }
    }
    if (x >= bb.x1 - margin && x <= bb.x2 + margin && y >= bb.y1 - margin && y <= bb.y2 + margin) out.push(ele);
  }
  return out;
}

function inBox(bb: { x1: number; y1: number; x2: number; y2: number }, x: number, y: number): boolean {
  return x >= bb.x1 - 1 && x <= bb.x2 + 1 && y >= bb.y1 - 1 && y <= bb.y2 + 1;
}

/**
 * Makes the renderer's hit test look only at `hitCandidates`: Cytoscape's test (thresholds up to
 * 8 screen pixels, 24 by touch) runs on them with the element list swapped for the candidates.
 * Returns the undo function.
 */
export function narrowHitTests(r: RendererInternals, zoom: () => number): () => void {
  const own = Object.prototype.hasOwnProperty.call(r, 'findNearestElements');
  const original = r.findNearestElements;
  const sorted = r.getCachedZSortedEles;
  if (typeof original !== 'function' || typeof sorted !== 'function') return () => undefined;
  const narrowed = function (this: RendererInternals, x: number, y: number, interactiveOnly: boolean, isTouch: boolean): unknown[] {
    const all = sorted.call(r);
    const list = interactiveOnly ? all.interactive : all;
    const z = zoom();
    if (!list || all.length < HIT_INDEX_MIN || !(z > 0)) return original.call(r, x, y, interactiveOnly, isTouch);
    // Cytoscape's widest thresholds: 8 px around an edge, 24 px by touch; a pixel more for rounding.
    const candidates: ZSorted = hitCandidates(list, x, y, (isTouch ? 25 : 9) / z);
    candidates.interactive = candidates;
    r.getCachedZSortedEles = () => candidates;
    try {
      return original.call(r, x, y, interactiveOnly, isTouch);
    } finally {
      delete r.getCachedZSortedEles;
      if (r.getCachedZSortedEles !== sorted) r.getCachedZSortedEles = sorted;
    }
  };
  r.findNearestElements = narrowed;
  return () => {
    if (r.findNearestElements !== narrowed) return;
    if (own) r.findNearestElements = original;
    else delete r.findNearestElements;
  };
}

interface NodePrivate {
  backgrounding?: boolean;
}

/** Pins `:backgrounding` to false on nodes (they have no background image). */
export function pinBackgrounding(nodes: Iterable<{ _private?: NodePrivate }>): number {
  let pinned = 0;
  for (const n of nodes) {
    const p = n._private;
    if (!p || typeof p !== 'object') continue;
    const d = Object.getOwnPropertyDescriptor(p, 'backgrounding');
    if (d && !d.configurable) continue;
    if (d?.get === pinnedFalse) continue;
    Object.defineProperty(p, 'backgrounding', { get: pinnedFalse, set: ignore, configurable: true, enumerable: true });
    pinned++;
  }
  return pinned;
}

function pinnedFalse(): boolean {
  return false;
}

function ignore(): void {
  // The renderer's toggling has no effect: see pinBackgrounding.
}

/** Installs the repairs on `cy` (whose stylesheet sets no background image); returns the uninstall function. */
export function installSmoothViewport(cy: Core, makeCanvas: () => CanvasLike = () => document.createElement('canvas') as unknown as CanvasLike): () => void {
  const onAdd = (evt: EventObject): void => {
    pinBackgrounding([evt.target as unknown as { _private?: NodePrivate }]);
  };
  pinBackgrounding(cy.nodes() as unknown as Iterable<{ _private?: NodePrivate }>);
  cy.on('add', 'node', onAdd);
  const r = (cy as unknown as { renderer?: () => RendererInternals | undefined }).renderer?.();
  const spare: { canvas: CanvasLike | null } = { canvas: null };
  let live = true;
  const beforeDraw = (willDraw: boolean): void => {
    if (live && willDraw && r) warmTexture(r, makeCanvas, spare);
  };
  if (r && typeof r.beforeRender === 'function' && !r.destroyed) r.beforeRender(beforeDraw, BEFORE_DRAW_PRIORITY);
  const unnarrow = r ? narrowHitTests(r, () => cy.zoom()) : () => undefined;
  return () => {
    live = false;
    unnarrow();
    cy.off('add', 'node', onAdd);
    const cbs = r?.beforeRenderCallbacks;
    const i = cbs ? cbs.findIndex((c) => c.fn === beforeDraw) : -1;
    if (cbs && i >= 0) cbs.splice(i, 1);
  };
}
