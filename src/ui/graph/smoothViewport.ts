/**
 * Pan and zoom on big graphs without a full redraw per gesture start. Two repairs of Cytoscape's
 * canvas renderer (3.34), installed by GraphCanvas on every `cy`; both read and write renderer
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

/** Installs both repairs on `cy` (whose stylesheet sets no background image); returns the uninstall function. */
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
  return () => {
    live = false;
    cy.off('add', 'node', onAdd);
    const cbs = r?.beforeRenderCallbacks;
    const i = cbs ? cbs.findIndex((c) => c.fn === beforeDraw) : -1;
    if (cbs && i >= 0) cbs.splice(i, 1);
  };
}
