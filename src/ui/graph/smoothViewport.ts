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
 * - When a drag pan ends, Cytoscape redraws every element (on the 5k cluster expanded, without
 *   layers: 148,769 elements one by one, about 0.7 s on a quiet machine, 3 to 4 s on a busy one).
 *   When nothing but the viewport changed since the gesture's texture was taken (no restyle, no
 *   element added, moved or removed: any notification to the renderer other than a viewport
 *   change counts) and the zoom is the same, the picture after the gesture is that texture moved
 *   by the pan (a whole number of pixels) plus what the pan uncovered: the texture is copied in
 *   place and only the elements whose cached box meets the uncovered strips are drawn, clipped
 *   to them (`panEndDraw`). Anything else (a zoom, a change, a pan by a fraction of a pixel)
 *   draws everything as before.
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
  data?: { wheelZooming?: boolean; canvases?: ArrayLike<CanvasLike | undefined>; contexts?: ArrayLike<DrawContext | undefined> };
  NODE?: number;
  destroyed?: boolean;
  getPixelRatio?: () => number;
  notify?: (eventName: string, eles?: unknown) => void;
  drawLayeredElements?: (context: DrawContext, eles: ArrayLike<HitElement>, pxRatio: number, extent: Box) => void;
  drawCachedElements?: (context: DrawContext, eles: ArrayLike<HitElement>, pxRatio: number, extent: Box) => void;
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

/** A box (model units or pixels). */
export interface Box {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** The 2D context calls the pan-end drawing makes on the elements' canvas. */
export interface DrawContext {
  save(): void;
  restore(): void;
  getTransform(): DOMMatrix2DInit;
  setTransform(transform: DOMMatrix2DInit): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  drawImage(image: never, x: number, y: number): void;
}

/** How often the elements' canvas was drawn whole and only in part (`panEndDraw`); for the test API. */
export interface ElementDraws {
  full: number;
  partial: number;
}

/** Where `installSmoothViewport` keeps its `ElementDraws` on `cy` (`cy.scratch`). */
export const DRAWS_SCRATCH = 'netpolElementDraws';

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

/**
 * The parts of a `width` × `height` canvas a picture of the same size moved by (dx, dy) does not
 * cover: up to two disjoint boxes (a band across the full width, and one beside the picture), in
 * pixels; null when the picture is off the canvas altogether.
 */
export function uncovered(width: number, height: number, dx: number, dy: number): Box[] | null {
  if (Math.abs(dx) >= width || Math.abs(dy) >= height) return null;
  const out: Box[] = [];
  // Rows the picture leaves: above it (moved down) or below it (moved up), across the canvas.
  if (dy > 0) out.push({ x1: 0, y1: 0, x2: width, y2: dy });
  else if (dy < 0) out.push({ x1: 0, y1: height + dy, x2: width, y2: height });
  const y1 = Math.max(0, dy);
  const y2 = Math.min(height, height + dy);
  if (dx > 0) out.push({ x1: 0, y1, x2: dx, y2 });
  else if (dx < 0) out.push({ x1: width + dx, y1, x2: width, y2 });
  return out;
}

/**
 * The elements of `list` (in its order) that can paint inside one of `boxes` (model units):
 * those whose cached box meets one (grown by `margin`), and every element whose box is not
 * known to be current (as `hitCandidates`).
 */
export function drawCandidates<T extends HitElement>(list: ArrayLike<T>, boxes: readonly Box[], margin: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) {
    const ele = list[i] as T;
    const p = ele._private;
    const bb = p.bbCache;
    if (!bb || p.styleDirty || (p.children?.length ?? 0) > 0) {
      out.push(ele);
      continue;
    }
    for (const b of boxes) {
      if (bb.x2 >= b.x1 - margin && bb.x1 <= b.x2 + margin && bb.y2 >= b.y1 - margin && bb.y1 <= b.y2 + margin) {
        out.push(ele);
        break;
      }
    }
  }
  return out;
}

/**
 * The frame that ends a gesture: when `base` (the texture, taken from a complete picture of the
 * elements as they still are) has the zoom of now and the pan moved by whole pixels, draws it
 * moved and the elements of the uncovered strips, clipped to them, on `context` (which has
 * the viewport's transform and was cleared). False when it cannot (then nothing was drawn).
 */
export function panEndDraw(r: RendererInternals, context: DrawContext, eles: ArrayLike<HitElement>, pxRatio: number, base: TextureCache, now: { zoom: number; pan: { x: number; y: number } }): boolean {
  const vp = base.viewport;
  const w = r.canvasWidth ?? 0;
  const h = r.canvasHeight ?? 0;
  if (typeof r.drawCachedElements !== 'function' || now.zoom !== vp.zoom || w !== vp.width || h !== vp.height || base.texture.width !== w || base.texture.height !== h) return false;
  const dx = (now.pan.x - vp.pan.x) * pxRatio;
  const dy = (now.pan.y - vp.pan.y) * pxRatio;
  const rx = Math.round(dx);
  const ry = Math.round(dy);
  if (Math.abs(dx - rx) > 1e-3 || Math.abs(dy - ry) > 1e-3) return false;
  const strips = uncovered(w, h, rx, ry);
  if (strips === null) return false;
  const toModel = (b: Box): Box => {
    const s = now.zoom * pxRatio;
    return { x1: (b.x1 - now.pan.x * pxRatio) / s, y1: (b.y1 - now.pan.y * pxRatio) / s, x2: (b.x2 - now.pan.x * pxRatio) / s, y2: (b.y2 - now.pan.y * pxRatio) / s };
  };
  const model = strips.map(toModel);
  const transform = context.getTransform();
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.drawImage(base.texture as never, rx, ry);
  if (strips.length > 0) {
    context.beginPath();
    for (const b of strips) context.rect(b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
    context.clip();
    context.setTransform(transform);
    const extent = { x1: Math.min(...model.map((b) => b.x1)), y1: Math.min(...model.map((b) => b.y1)), x2: Math.max(...model.map((b) => b.x2)), y2: Math.max(...model.map((b) => b.y2)) };
    // A pixel's worth of margin: anti-aliased edges of elements just outside a strip.
    r.drawCachedElements.call(r, context, drawCandidates(eles, model, 2 / (now.zoom * pxRatio)), pxRatio, { ...extent, w: extent.x2 - extent.x1, h: extent.y2 - extent.y1 } as Box);
  }
  context.restore();
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

interface RendererHooks {
  /** Told of every notification to the renderer (`viewport`, `style`, `add`, …). */
  changed(eventName: string): void;
  /** Draws the elements on `context` (`original` draws them as Cytoscape does). */
  draw(context: DrawContext, eles: ArrayLike<HitElement>, pxRatio: number, original: () => void): void;
}

/** Wraps the renderer's `notify` and `drawLayeredElements` (the elements' canvas); returns the undo function. */
function wrapRenderer(r: RendererInternals, hooks: RendererHooks): () => void {
  const notify = r.notify;
  const layered = r.drawLayeredElements;
  if (typeof notify !== 'function' || typeof layered !== 'function') return () => undefined;
  const ownNotify = Object.prototype.hasOwnProperty.call(r, 'notify');
  const ownLayered = Object.prototype.hasOwnProperty.call(r, 'drawLayeredElements');
  const notifyWrapped = function (this: RendererInternals, eventName: string, eles?: unknown): void {
    hooks.changed(eventName);
    notify.call(r, eventName, eles);
  };
  const layeredWrapped = function (this: RendererInternals, context: DrawContext, eles: ArrayLike<HitElement>, pxRatio: number, extent: Box): void {
    hooks.draw(context, eles, pxRatio, () => layered.call(r, context, eles, pxRatio, extent));
  };
  r.notify = notifyWrapped;
  r.drawLayeredElements = layeredWrapped;
  return () => {
    if (r.notify === notifyWrapped) {
      if (ownNotify) r.notify = notify;
      else delete r.notify;
    }
    if (r.drawLayeredElements === layeredWrapped) {
      if (ownLayered) r.drawLayeredElements = layered;
      else delete r.drawLayeredElements;
    }
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
  /** The elements' canvas shows every element as it is now (drawn since the last change). */
  let clean = false;
  /** The gesture's texture was taken from a clean canvas and nothing changed since. */
  let baseClean = false;
  /** The texture of the gesture that ends in this frame. */
  let base: TextureCache | null = null;
  const beforeDraw = (willDraw: boolean): void => {
    if (!live || !willDraw || !r) return;
    if (warmTexture(r, makeCanvas, spare)) baseClean = clean;
    const t = r.textureCache;
    base = t && t.texture === spare.canvas && !viewportMoving(r) ? t : null;
  };
  if (r && typeof r.beforeRender === 'function' && !r.destroyed) r.beforeRender(beforeDraw, BEFORE_DRAW_PRIORITY);
  const unnarrow = r ? narrowHitTests(r, () => cy.zoom()) : () => undefined;
  const draws: ElementDraws = { full: 0, partial: 0 };
  cy.scratch(DRAWS_SCRATCH, draws);
  const unwrap = r ? wrapRenderer(r, {
    changed: (eventName) => {
      // A viewport change moves the picture; new bounds come with the change that caused them
      // (a restyle, a move), or are a lazy measurement of a box as it was.
      if (eventName === 'viewport' || eventName === 'bounds') return;
      clean = false;
      baseClean = false;
    },
    draw: (context, eles, pxRatio, original) => {
      const b = base;
      base = null;
      if (context !== r.data?.contexts?.[r.NODE ?? -1]) {
        original();
        return;
      }
      if (b && baseClean && panEndDraw(r, context, eles, pxRatio, b, { zoom: cy.zoom(), pan: cy.pan() })) draws.partial++;
      else {
        original();
        draws.full++;
      }
      clean = true;
    },
  }) : () => undefined;
  return () => {
    live = false;
    unwrap();
    unnarrow();
    cy.off('add', 'node', onAdd);
    const cbs = r?.beforeRenderCallbacks;
    const i = cbs ? cbs.findIndex((c) => c.fn === beforeDraw) : -1;
    if (cbs && i >= 0) cbs.splice(i, 1);
  };
}
