/**
 * A restyle that changes nothing drawn costs no redraw: above all the press that starts every
 * drag. Cytoscape (3.34) restyles the element under the pointer on every press and release
 * (`:active`; in a graph with boxes also everything inside a pressed box and the boxes around
 * it) and takes every restyle as a change of the picture: it asks for a redraw of every element
 * (142,353 edges one by one on the 5k cluster expanded: 1.5 s on a quiet machine, 2 to 9 s on a
 * busy one, in the frame after the press), drops its layered picture of the graph (the layers
 * that make a redraw at a known zoom a few image copies) and draws everything one by one for
 * the next 250 ms.
 *
 * On big graphs the stylesheet draws a pressed element as it is (its `:active` rule: Cytoscape's
 * grey halo is gone; a tap still selects, and a selection has its own look). Here, when the
 * renderer is told of a restyle of a few elements, their style is computed at once (Cytoscape
 * would compute it before the next frame); when every element keeps its style key (Cytoscape's
 * hash of every style value it draws with) and its cached bounds, the renderer is not told (no
 * redraw) and the layers keep them. Any other restyle goes to Cytoscape as before. Cytoscape's
 * own caches of single elements and labels compare keys this way already; its layers do not.
 */
import type { Core } from 'cytoscape';

/** What the check reads and calls of an element (Cytoscape's private state). */
export interface StyledElement {
  readonly _private: { readonly styleKey?: unknown; readonly bbCache?: object | null };
}

/** The part of Cytoscape's layered texture cache the guard wraps. */
export interface LayerCache {
  invalidateElements(eles: ArrayLike<StyledElement>): void;
}

/** The parts of the renderer this module reads or wraps. */
export interface RestyleRenderer {
  notify?: (eventName: string, eles?: ArrayLike<StyledElement>) => void;
  data?: { lyrTxrCache?: Partial<LayerCache> };
  destroyed?: boolean;
}

/** A bounding box. */
export interface BoxLike {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

function sameBounds(a: BoxLike, b: BoxLike | null): boolean {
  return b !== null && a.x1 === b.x1 && a.y1 === b.y1 && a.x2 === b.x2 && a.y2 === b.y2;
}

/** Restyles of more elements than this go to Cytoscape unchecked (computing their style at once would hold the event). */
export const CHECK_AT_MOST = 5000;

/**
 * Wraps `cache.invalidateElements` so that elements given to `keep` are left out of the next
 * invalidation when they still have the style key and the bounds box they had then (anything
 * changed meanwhile: invalidated as Cytoscape does). Returns `keep` and the undo function.
 */
export function guardLayers(cache: LayerCache): { keep: (eles: ArrayLike<StyledElement>) => void; undo: () => void } {
  const kept = new WeakMap<StyledElement, { styleKey: unknown; bb: object }>();
  const own = Object.prototype.hasOwnProperty.call(cache, 'invalidateElements');
  const original = cache.invalidateElements;
  const keep = (eles: ArrayLike<StyledElement>): void => {
    for (let i = 0; i < eles.length; i++) {
      const p = (eles[i] as StyledElement)._private;
      if (p.bbCache) kept.set(eles[i] as StyledElement, { styleKey: p.styleKey, bb: p.bbCache });
    }
  };
  const guarded = function (this: LayerCache, eles: ArrayLike<StyledElement>): void {
    const changed: StyledElement[] = [];
    for (let i = 0; i < eles.length; i++) {
      const ele = eles[i] as StyledElement;
      const k = kept.get(ele);
      if (k !== undefined) {
        kept.delete(ele);
        if (ele._private.styleKey === k.styleKey && ele._private.bbCache === k.bb) continue;
      }
      changed.push(ele);
    }
    if (changed.length === eles.length) original.call(cache, eles);
    else if (changed.length > 0) original.call(cache, changed);
  };
  cache.invalidateElements = guarded;
  return {
    keep,
    undo: () => {
      if (cache.invalidateElements !== guarded) return;
      if (own) cache.invalidateElements = original;
      else delete (cache as Partial<LayerCache>).invalidateElements;
    },
  };
}

/**
 * Wraps the renderer's `notify`: a `style` notification of at most `CHECK_AT_MOST` elements is
 * dropped when `restyle` (which computes their style now) finds every one of them drawing as
 * before; `kept` is told of them. A notification with an element that has no style key or no
 * bounds box yet (just added) goes to Cytoscape at once, not restyled. Returns the undo function.
 */
export function quietRestyles(
  r: RestyleRenderer,
  restyle: (eles: ArrayLike<StyledElement>) => void,
  kept: (eles: ArrayLike<StyledElement>) => void,
  measure: (ele: StyledElement) => BoxLike | null = () => null,
): () => void {
  const own = Object.prototype.hasOwnProperty.call(r, 'notify');
  const original = r.notify;
  if (typeof original !== 'function') return () => undefined;
  const notify = function (this: RestyleRenderer, eventName: string, eles?: ArrayLike<StyledElement>): void {
    if (eventName !== 'style' || !eles || eles.length === 0 || eles.length > CHECK_AT_MOST || r.destroyed) {
      original.call(r, eventName, eles);
      return;
    }
    const before: { styleKey: unknown; bb: object | null | undefined; box: BoxLike | null }[] = [];
    for (let i = 0; i < eles.length; i++) {
      const p = (eles[i] as StyledElement)._private;
      // Never styled or never measured (every element a drawing adds): it cannot draw as before.
      // Passed on as it is, without computing its style here: Cytoscape computes it before the
      // frame, and computed here first it was matched against every selector twice.
      if (p.styleKey === undefined || p.styleKey === null || !p.bbCache) {
        original.call(r, eventName, eles);
        return;
      }
      before.push({ styleKey: p.styleKey, bb: p.bbCache, box: { ...(p.bbCache as BoxLike) } });
    }
    restyle(eles);
    for (let i = 0; i < eles.length; i++) {
      const ele = eles[i] as StyledElement;
      const p = ele._private;
      const b = before[i] as { styleKey: unknown; bb: object | null | undefined; box: BoxLike | null };
      // A box Cytoscape threw away (a compound's, on any restyle inside it) counts as kept when
      // measuring it again gives the same box.
      const sameBox = (p.bbCache && p.bbCache === b.bb) || (b.box !== null && sameBounds(b.box, measure(ele)));
      if (p.styleKey === undefined || p.styleKey === null || p.styleKey !== b.styleKey || !sameBox || !p.bbCache) {
        original.call(r, eventName, eles);
        return;
      }
    }
    kept(eles);
  };
  r.notify = notify;
  return () => {
    if (r.notify !== notify) return;
    if (own) r.notify = original;
    else delete r.notify;
  };
}

/**
 * Huge graphs get no layered picture: Cytoscape draws its one layer of every element lazily, a
 * few elements per idle frame, and asks for a redraw of the whole graph 50 ms after each few;
 * until the layer is complete (on the 5k cluster expanded, 148,576 elements: it never was within
 * a minute) that redraw draws every element one by one: a second-long frame every few seconds
 * with nobody touching the page. Without layers Cytoscape draws every element (from its caches
 * of single elements) when the picture changes, and only then. Returns the undo function.
 */
export function withoutLayers(cache: Partial<LayerCache> & { getLayers?: unknown }): () => void {
  const own = Object.prototype.hasOwnProperty.call(cache, 'getLayers');
  const original = cache.getLayers;
  if (typeof original !== 'function') return () => undefined;
  const none = (): null => null;
  cache.getLayers = none;
  return () => {
    if (cache.getLayers !== none) return;
    if (own) cache.getLayers = original;
    else delete cache.getLayers;
  };
}

/**
 * No layered picture while a drawing adds elements in steps (`progressive.ts`), back when it is
 * over. Cytoscape builds every layer at once on its first use of them and lazily afterwards: used
 * on the frame after the nodes step, it drew the nodes into layers, then each later step
 * invalidated them, so the whole graph was drawn element by element on the frame after the last
 * step and once more when the layers were rebuilt (bare Cytoscape given every element at once
 * builds its layers once). Paused, the steps' frames draw element by element and the first frame
 * after the drawing builds the layers of the whole graph. Returns the resume function (nothing
 * to pause on a renderer without layers).
 */
export function pauseLayers(cy: Core): () => void {
  const cache = (cy as unknown as { renderer?: () => RestyleRenderer | undefined }).renderer?.()?.data?.lyrTxrCache;
  return cache ? withoutLayers(cache as Partial<LayerCache> & { getLayers?: unknown }) : () => undefined;
}

/**
 * Installs both on `cy`'s renderer (when it has what they wrap), and on a huge graph
 * `withoutLayers`; returns the uninstall function.
 */
export function installSteadyLayers(cy: Core, huge = false): () => void {
  const r = (cy as unknown as { renderer?: () => RestyleRenderer | undefined }).renderer?.();
  const cache = r?.data?.lyrTxrCache;
  if (!r || !cache || typeof cache.invalidateElements !== 'function') return () => undefined;
  const layered = huge ? withoutLayers(cache) : () => undefined;
  const guard = guardLayers(cache as LayerCache);
  // Cytoscape's own step before a frame (collection cleanStyle: `style().apply` on dirty elements).
  const restyle = (eles: ArrayLike<StyledElement>): void => {
    (cy.style() as unknown as { apply?: (eles: unknown) => unknown }).apply?.(eles);
  };
  // Cytoscape's bounding box of an element with every part (its cache, measured again when dirty).
  const measure = (ele: StyledElement): BoxLike | null => (ele as unknown as { boundingBox?: () => BoxLike }).boundingBox?.() ?? null;
  const unquiet = quietRestyles(r, restyle, guard.keep, measure);
  return () => {
    unquiet();
    guard.undo();
    layered();
  };
}
