/**
 * "Always in view": every change of what is shown (a new model after a filter, a search, a
 * collapse; a lit path or finding; a new selection; the canvas resized by a panel or the window)
 * brings what matters into the part of the canvas that nothing covers, unless the user has
 * panned or zoomed since the last automatic fit. Then the change is only noted (`stale`), and
 * the Fit button does it.
 *
 * What matters, in order: the lit path or finding (`.hl`), the search matches, the selection
 * (only moved to when it is not already in view), else everything drawn.
 *
 * Only GraphCanvas creates a keeper (it owns `cy`); the keeper only moves the viewport.
 */
import type { BoundingBox12, CollectionReturnValue, Core } from 'cytoscape';
import { CLEAR_TEXT_PX, MAX_FIT_ZOOM, READABLE_NAME_PX, SMALLEST_FONT } from '../../core/graph/opening.ts';

/** What to keep in view, from the app state (see GraphView). */
export interface KeepInView {
  /** Elements that matter most besides the lit path (search matches), or empty. */
  readonly matches: readonly string[];
  /** The selected element, or null. */
  readonly selection: string | null;
}

export const NOTHING_TO_KEEP: KeepInView = { matches: [], selection: null };

/** A rectangle in rendered (canvas) pixels. */
export interface Area {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

const PADDING = 24;
/** Below this names are unreadable anyway; a big graph fits at least to here. */
export const MIN_FIT_ZOOM = 0.12;
const ANIMATION_MS = 250;

/**
 * The free areas of a `width`×`height` canvas with `covered` (an overlay in a corner, in canvas
 * pixels) left out: beside it and above/below it. The fit picks whichever shows its subject bigger.
 */
export function freeAreas(width: number, height: number, covered: Area | null): Area[] {
  const whole: Area = { x1: 0, y1: 0, x2: width, y2: height };
  if (covered === null || covered.x2 <= covered.x1 || covered.y2 <= covered.y1) return [whole];
  const areas: Area[] = [];
  // Left or right of the overlay, top or bottom of it: whichever sides have room.
  if (covered.x1 > 0) areas.push({ ...whole, x2: covered.x1 });
  if (covered.x2 < width) areas.push({ ...whole, x1: covered.x2 });
  if (covered.y1 > 0) areas.push({ ...whole, y2: covered.y1 });
  if (covered.y2 < height) areas.push({ ...whole, y1: covered.y2 });
  return areas.length > 0 ? areas : [whole];
}

export interface Viewport {
  readonly zoom: number;
  readonly pan: { readonly x: number; readonly y: number };
}

/**
 * The viewport that shows `box` (model coordinates) as big as fits in one of `areas` (rendered
 * pixels, padded), zoom clamped to [minZoom, maxZoom], centred in that area.
 */
export function viewportFor(box: BoundingBox12, areas: readonly Area[], minZoom: number, maxZoom: number): Viewport | null {
  const bw = Math.max(box.x2 - box.x1, 1);
  const bh = Math.max(box.y2 - box.y1, 1);
  let best: { area: Area; zoom: number } | null = null;
  for (const a of areas) {
    const w = a.x2 - a.x1 - 2 * PADDING;
    const h = a.y2 - a.y1 - 2 * PADDING;
    if (w <= 0 || h <= 0) continue;
    const zoom = Math.min(w / bw, h / bh);
    if (best === null || zoom > best.zoom) best = { area: a, zoom };
  }
  if (best === null) return null;
  const zoom = Math.min(Math.max(best.zoom, minZoom), maxZoom);
  const a = best.area;
  return {
    zoom,
    pan: { x: (a.x1 + a.x2) / 2 - ((box.x1 + box.x2) / 2) * zoom, y: (a.y1 + a.y2) / 2 - ((box.y1 + box.y2) / 2) * zoom },
  };
}

/** Fits whose subject has more nodes than this keep to the clear rectangles (no per-node check). */
const MAX_PARTS_CHECKED = 2000;
/** How many zooms between the whole canvas's and the clear rectangle's are tried. */
const ZOOM_STEPS = 8;
/** Room kept between the overlay and any part of the picture (rendered px). */
const OVERLAY_MARGIN = 6;

/**
 * A bigger fit than the clear rectangles allow: the whole canvas, when no part of the picture
 * (`parts`, model boxes of its nodes, labels included) falls under `covered` there. A graph's
 * corner is often empty where the overlay (the legend) sits, and fitting beside or above the
 * overlay then shrinks every name for nothing. Tries zooms from the whole canvas's down to
 * `atLeast` (the rectangles' zoom), each centred and pushed away from the overlay; null when
 * none is clear or none beats `atLeast`.
 */
export function viewportAroundOverlay(
  box: BoundingBox12,
  width: number,
  height: number,
  covered: Area | null,
  parts: readonly BoundingBox12[],
  atLeast: number,
  maxZoom: number,
): Viewport | null {
  if (covered === null || covered.x2 <= covered.x1 || covered.y2 <= covered.y1) return null;
  const bw = Math.max(box.x2 - box.x1, 1);
  const bh = Math.max(box.y2 - box.y1, 1);
  const full = Math.min(maxZoom, (width - 2 * PADDING) / bw, (height - 2 * PADDING) / bh);
  if (!(full > atLeast * 1.01)) return null;
  const zone: Area = { x1: covered.x1 - OVERLAY_MARGIN, y1: covered.y1 - OVERLAY_MARGIN, x2: covered.x2 + OVERLAY_MARGIN, y2: covered.y2 + OVERLAY_MARGIN };
  // The overlay's side: push the picture the other way.
  const left = (covered.x1 + covered.x2) / 2 > width / 2;
  const top = (covered.y1 + covered.y2) / 2 > height / 2;
  for (let i = 0; i < ZOOM_STEPS; i++) {
    const zoom = full - ((full - atLeast) * i) / ZOOM_STEPS;
    const w = bw * zoom;
    const h = bh * zoom;
    const centred = { x: (width - w) / 2, y: (height - h) / 2 };
    const pushed = { x: left ? PADDING : width - PADDING - w, y: top ? PADDING : height - PADDING - h };
    for (const at of [centred, { x: pushed.x, y: centred.y }, { x: centred.x, y: pushed.y }, pushed]) {
      const pan = { x: at.x - box.x1 * zoom, y: at.y - box.y1 * zoom };
      const clear = parts.every((p) => {
        const x1 = p.x1 * zoom + pan.x;
        const y1 = p.y1 * zoom + pan.y;
        const x2 = p.x2 * zoom + pan.x;
        const y2 = p.y2 * zoom + pan.y;
        return x2 <= zone.x1 || x1 >= zone.x2 || y2 <= zone.y1 || y1 >= zone.y2;
      });
      if (clear) return { zoom, pan };
    }
  }
  return null;
}

/**
 * Whether the overlay (the legend) should fold away after a fit at `zoom` where the whole canvas
 * would give `withoutOverlay`: its smallest text is less than clear beside the overlay, and
 * without it that text is readable and visibly bigger (5% or more). A picture too big to read
 * either way keeps its legend.
 */
export function foldLegend(zoom: number, withoutOverlay: number): boolean {
  return zoom * SMALLEST_FONT < CLEAR_TEXT_PX && withoutOverlay >= zoom * 1.05 && withoutOverlay * SMALLEST_FONT >= READABLE_NAME_PX;
}

const EDGE_LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false } as const;

const pointBox = (p: { x: number; y: number }): BoundingBox12 => ({ x1: p.x, y1: p.y, x2: p.x, y2: p.y });

/**
 * What of a fit's subject must not lie under an overlay (model boxes): its nodes with their
 * names, and of the edges among them the label and the ends and middle of the line. Null when
 * there are too many to check.
 */
export function partsOf(eles: CollectionReturnValue): BoundingBox12[] | null {
  const nodes = eles.nodes();
  if (nodes.length > MAX_PARTS_CHECKED) return null;
  const edges = eles.edges().union(nodes.edgesWith(nodes)).filter((e) => e.visible());
  if (nodes.length + edges.length > MAX_PARTS_CHECKED) return null;
  const parts: BoundingBox12[] = nodes.map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
  edges.forEach((e) => {
    const label = e.boundingBox(EDGE_LABEL_ONLY);
    if (label.w > 0) parts.push(label);
    parts.push(pointBox(e.sourceEndpoint()), pointBox(e.midpoint()), pointBox(e.targetEndpoint()));
  });
  return parts;
}

/** Is `box` (rendered pixels) inside `area`? */
export function inside(box: Area, area: Area): boolean {
  return box.x1 >= area.x1 && box.y1 >= area.y1 && box.x2 <= area.x2 && box.y2 <= area.y2;
}

export type FitReason = 'model' | 'subject' | 'selection' | 'resize';

export interface KeeperOptions {
  /** The overlay over the canvas that fits must keep clear of (legend, zoom buttons), if any. */
  readonly covered: () => Area | null;
  /** Told when a change was not brought into view because the user had moved the view (and when that is over). */
  readonly onStale: (stale: boolean) => void;
  /**
   * Told after each automatic fit of the whole picture or what matters (not a pan to the
   * selection): the zoom it chose, and the zoom the whole canvas would give without the overlay.
   */
  readonly onFitted?: (zoom: number, withoutOverlay: number) => void;
}

/** Keeps what matters in view on one `cy`. */
export class ViewKeeper {
  private userMoved = false;
  private stale = false;
  private auto = 0;
  private animating = false;
  private keep: KeepInView = NOTHING_TO_KEEP;
  private readonly onViewport = (): void => {
    if (this.auto > 0 || this.animating) return;
    this.userMoved = true;
  };

  constructor(
    private readonly cy: Core,
    private readonly options: KeeperOptions,
  ) {
    cy.on('viewport', this.onViewport);
  }

  dispose(): void {
    this.cy.off('viewport', this.onViewport);
    this.cy.stop(true, false);
  }

  /** True while an automatic fit is animating (for tests: wait for it to end). */
  fitting(): boolean {
    return this.animating;
  }

  /** Has the user moved the view since the last automatic fit? */
  moved(): boolean {
    return this.userMoved;
  }

  /** The user zoomed with the buttons. */
  userZoomed(): void {
    this.userMoved = true;
  }

  setKeep(keep: KeepInView): void {
    this.keep = keep;
  }

  /** Whatever is shown changed (`reason`): bring what matters into view, or note that it was not. */
  changed(reason: FitReason, animate: boolean): void {
    if (this.userMoved) {
      if (reason !== 'selection' || !this.selectionInView()) this.setStale(true);
      return;
    }
    if (reason === 'selection') {
      this.revealSelection(animate);
      return;
    }
    this.fit(this.subject(), animate);
  }

  /**
   * The Fit button: what matters, or (pressed again with what matters already fitted) the whole
   * graph. The view is automatic again afterwards.
   */
  fitPressed(): void {
    const subject = this.subject();
    const whole = this.cy.$('node');
    const target = !this.userMoved && !this.stale && subject.length !== whole.length ? whole : subject;
    this.userMoved = false;
    this.setStale(false);
    this.fit(target, true);
  }

  /** The first model of a load: fit at once, the view is automatic. */
  reset(): void {
    this.userMoved = false;
    this.setStale(false);
  }

  /** The overlay's box in canvas pixels (null: none). */
  overlay(): Area | null {
    return this.options.covered();
  }

  /** The area of the canvas nothing covers. */
  clearAreas(): Area[] {
    return freeAreas(this.cy.width(), this.cy.height(), this.options.covered());
  }

  private setStale(stale: boolean): void {
    if (this.stale === stale) return;
    this.stale = stale;
    this.options.onStale(stale);
  }

  /** What matters now (never empty while something is drawn). */
  private subject(): CollectionReturnValue {
    const cy = this.cy;
    const lit = cy.elements('.hl');
    if (lit.nonempty()) return lit.union(lit.edges().connectedNodes());
    let matches = cy.collection();
    for (const id of this.keep.matches) matches = matches.union(cy.getElementById(id));
    if (matches.nonempty()) return matches;
    return cy.$('node');
  }

  private selectionInView(): boolean {
    const id = this.keep.selection;
    if (id === null) return true;
    const el = this.cy.getElementById(id);
    if (el.empty()) return true;
    const box = el.renderedBoundingBox({ includeLabels: true });
    return this.clearAreas().some((a) => inside(box, { x1: a.x1, y1: a.y1, x2: a.x2, y2: a.y2 }));
  }

  /** Pans to the selection when it is outside the clear area, zooming out only if it must. */
  private revealSelection(animate: boolean): void {
    if (this.selectionInView()) return;
    const id = this.keep.selection;
    if (id === null) return;
    const el = this.cy.getElementById(id);
    this.fit(el.isEdge() ? el.union(el.connectedNodes()) : el, animate, this.cy.zoom());
  }

  private fit(eles: CollectionReturnValue, animate: boolean, maxZoom = MAX_FIT_ZOOM): void {
    const cy = this.cy;
    if (eles.empty() || cy.width() === 0 || cy.height() === 0) return;
    const box = eles.boundingBox({ includeLabels: true, includeOverlays: false });
    const zoomLimit = Math.max(Math.min(maxZoom, cy.maxZoom()), cy.minZoom());
    let vp = viewportFor(box, this.clearAreas(), Math.min(MIN_FIT_ZOOM, maxZoom), zoomLimit);
    if (vp === null) return;
    const parts = partsOf(eles);
    if (parts !== null) vp = viewportAroundOverlay(box, cy.width(), cy.height(), this.options.covered(), parts, vp.zoom, zoomLimit) ?? vp;
    if (maxZoom === MAX_FIT_ZOOM) {
      const bare = viewportFor(box, freeAreas(cy.width(), cy.height(), null), Math.min(MIN_FIT_ZOOM, maxZoom), zoomLimit);
      this.options.onFitted?.(vp.zoom, bare?.zoom ?? vp.zoom);
    }
    cy.stop(true, false);
    this.animating = false;
    if (!animate) {
      this.auto++;
      try {
        cy.viewport({ zoom: vp.zoom, pan: { ...vp.pan } });
      } finally {
        this.auto--;
      }
      return;
    }
    this.animating = true;
    cy.animate(
      { zoom: vp.zoom, pan: { ...vp.pan } },
      {
        duration: ANIMATION_MS,
        easing: 'ease-in-out-cubic',
        complete: () => {
          // The last step's viewport event has been emitted by now.
          this.animating = false;
        },
      },
    );
  }
}
