/**
 * The hovered line of a big graph, drawn on Cytoscape's top canvas (the one that holds the box
 * selection) instead of restyled. A restyle of the hovered edge (the `hover` class: full opacity,
 * on top, its long label) is a change of the picture for Cytoscape (3.34): on a graph without
 * its layered picture (above 20,000 edges, steadyLayers.ts) it redraws every element, and the
 * new z-index re-sorts all of them first (the 5k cluster expanded: 148,769 elements, 1.5 to
 * 3 s of main thread for each line the pointer crosses, and as much again when it leaves).
 * Here the line is drawn again over the picture on the top canvas, at full opacity, with its
 * long label once the zoom makes that label readable (the stylesheet's `min-zoomed-font-size`
 * for big graphs); only that canvas is cleared and redrawn, and it follows pans and zooms as
 * Cytoscape redraws it on every viewport change.
 */
import type { Core, EdgeSingular } from 'cytoscape';
import { EDGE_LABEL_FONT } from '../../core/graph/layout.ts';
import { BIG_EDGE_LABEL_MIN_PX } from './stylesheet.ts';
import { HOVER_SCRATCH } from './hoverScratch.ts';

/** The 2D context calls the layer makes (a subset of CanvasRenderingContext2D). */
export interface LayerContext {
  font: string;
  fillStyle: string;
  globalAlpha: number;
  textAlign: string;
  textBaseline: string;
  measureText(text: string): { width: number };
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  save(): void;
  restore(): void;
}

/** The parts of Cytoscape's canvas renderer this module reads or wraps. */
export interface TopLayerRenderer {
  drawSelectionRectangle?: (options: TopLayerDrawOptions, setContextTransform: (context: unknown) => void) => void;
  drawEdge?: (context: LayerContext, edge: EdgeSingular, shiftToOriginWithBb: undefined, drawLabel: boolean, drawOverlay: boolean, drawOpacity: boolean) => void;
  redrawHint?: (group: string, value: boolean) => void;
  redraw?: () => void;
  data?: { canvasNeedsRedraw?: boolean[]; contexts?: ArrayLike<LayerContext | undefined> };
  SELECT_BOX?: number;
  showFps?: boolean;
  destroyed?: boolean;
}

export interface TopLayerDrawOptions {
  readonly forcedContext?: unknown;
  readonly drawOnlyNodeLayer?: boolean;
  readonly drawAllLayers?: boolean;
}


export interface HoverLayer {
  /** Draws `edge` as hovered (null: none); redraws the top canvas only. */
  show(edge: EdgeSingular | null): void;
  /** The edge drawn as hovered, or null. */
  shown(): EdgeSingular | null;
  uninstall(): void;
}

/** Draws `text` centred at (x, y) on a white box, as the stylesheet's edge labels are drawn. */
export function paintLabel(context: LayerContext, text: string, x: number, y: number, font: string, color: string): void {
  context.save();
  context.font = font;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const w = context.measureText(text).width;
  const h = EDGE_LABEL_FONT;
  const pad = 2;
  context.globalAlpha = 0.9;
  context.fillStyle = '#ffffff';
  context.fillRect(x - w / 2 - pad, y - h / 2 - pad, w + 2 * pad, h + 2 * pad);
  context.globalAlpha = 1;
  context.fillStyle = color;
  context.fillText(text, x, y);
  context.restore();
}

/**
 * Wraps `drawSelectionRectangle` (Cytoscape draws and clears its top canvas there, with the
 * viewport's transform set) to draw the hovered edge after it. Returns the layer.
 */
export function installHoverLayer(cy: Core): HoverLayer {
  const layer = makeHoverLayer(cy);
  cy.scratch(HOVER_SCRATCH, layer);
  return layer;
}

function makeHoverLayer(cy: Core): HoverLayer {
  const r = (cy as unknown as { renderer?: () => TopLayerRenderer | undefined }).renderer?.();
  let hovered: EdgeSingular | null = null;
  const original = r?.drawSelectionRectangle;
  const own = r !== undefined && Object.prototype.hasOwnProperty.call(r, 'drawSelectionRectangle');
  const top = r?.SELECT_BOX;
  if (!r || typeof original !== 'function' || top === undefined || typeof r.drawEdge !== 'function' || typeof r.redrawHint !== 'function' || typeof r.redraw !== 'function') {
    // Not the renderer this was written for: hover restyles as on small graphs.
    return {
      show: (edge) => {
        hovered?.removeClass('hover');
        hovered = edge;
        edge?.addClass('hover');
      },
      shown: () => hovered,
      uninstall: () => undefined,
    };
  }
  const wrapped = function (this: TopLayerRenderer, options: TopLayerDrawOptions, setContextTransform: (context: unknown) => void): void {
    const needs = r.data?.canvasNeedsRedraw?.[top] === true;
    const drawsTop = !r.showFps && !options.forcedContext && !options.drawOnlyNodeLayer && !options.drawAllLayers && needs;
    original.call(r, options, setContextTransform);
    const edge = hovered;
    const context = r.data?.contexts?.[top];
    if (!drawsTop || !edge || !context || edge.removed() || !edge.visible()) return;
    // The context has the viewport's transform (model coordinates) and is otherwise clear.
    r.drawEdge?.(context, edge, undefined, false, false, false);
    const label = String(edge.data('longLabel') ?? '');
    if (label === '' || EDGE_LABEL_FONT * cy.zoom() < BIG_EDGE_LABEL_MIN_PX) return;
    const m = edge.midpoint();
    const style = (name: string): string | undefined => (edge as unknown as { pstyle?: (n: string) => { strValue?: string } | undefined }).pstyle?.(name)?.strValue;
    const family = style('font-family') ?? 'sans-serif';
    const color = style('color') ?? '#1f2933';
    paintLabel(context, label, m.x, m.y, `bold ${EDGE_LABEL_FONT}px ${family}`, color);
  };
  r.drawSelectionRectangle = wrapped;
  const redrawTop = (): void => {
    if (r.destroyed) return;
    r.redrawHint?.('select', true);
    r.redraw?.();
  };
  return {
    show: (edge) => {
      if (edge === hovered || (edge !== null && hovered !== null && edge.same(hovered))) return;
      hovered = edge;
      redrawTop();
    },
    shown: () => hovered,
    uninstall: () => {
      hovered = null;
      if (r.drawSelectionRectangle !== wrapped) return;
      if (own) r.drawSelectionRectangle = original;
      else delete r.drawSelectionRectangle;
    },
  };
}
