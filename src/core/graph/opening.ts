/**
 * The level a freshly loaded graph opens at: the most detail whose every name and edge label is
 * readable (≥ READABLE_NAME_PX on screen) when the whole picture is fitted into the canvas. When the graph
 * as loaded would need smaller names, it opens coarser instead of shrinking: the platform
 * collapsed, then every group collapsed (tenants, platform and the outside world, one node each).
 * Pure: the picture's size comes from the core layout (`layoutExtent`), the canvas size from the
 * caller.
 * @public
 */
import { PLATFORM_GROUP } from './grouping.ts';
import { EDGE_LABEL_FONT, layoutExtent, NAME_FONT, NAMESPACE_TITLE_FONT, ZOOM_SLACK, type LayoutGroup } from './layout.ts';
import type { GraphModel } from './types.ts';

/** The smallest name a customer reads without zooming, in CSS px on screen. */
export const READABLE_NAME_PX = 10;
/** Space the view leaves around a fitted graph (px). */
export const FIT_PADDING = 30;
/**
 * The biggest a name gets from an automatic fit (CSS px on screen): twice the readable size. A
 * graph of a few nodes is shown at this size, not blown up to fill the canvas.
 */
export const MAX_NAME_PX = 2 * READABLE_NAME_PX;
/** The zoom limit of every automatic fit (the opening, the view's fits): names at most MAX_NAME_PX. */
export const MAX_FIT_ZOOM = MAX_NAME_PX / NAME_FONT;

export interface CanvasSize {
  readonly w: number;
  readonly h: number;
}

export interface Level {
  /** Groups drawn as one node. */
  readonly collapsed: readonly string[];
  /** Zoom at which the whole picture fits the canvas. */
  readonly zoom: number;
  /** The smallest name on screen at that zoom (CSS px). */
  readonly namePx: number;
}

/** The model's groups as the layout sees them, with `collapsed` (and what the model already collapses) drawn as one node. */
function layoutGroups(model: GraphModel, collapsed: ReadonlySet<string>): LayoutGroup[] {
  const children = new Map<string, string[]>();
  for (const n of model.nodes) {
    if (n.parent === null) continue;
    const list = children.get(n.parent);
    if (list) list.push(n.id);
    else children.set(n.parent, [n.id]);
  }
  const groupNode = new Map(model.nodes.filter((n) => n.kind === 'group').map((n) => [n.id, n]));
  return model.groups.map((id) => {
    const shut = collapsed.has(id) || groupNode.get(id)?.collapsed !== false;
    return { id, collapsed: shut, namespaces: shut ? [] : (children.get(id) ?? []).map((ns) => ({ id: ns, leaves: children.get(ns) ?? [] })) };
  });
}

/** How readable the model is at a level: the fitted zoom and the smallest name it gives. */
export function measureLevel(model: GraphModel, collapsed: readonly string[], canvas: CanvasSize): Level {
  const groups = layoutGroups(model, new Set(collapsed));
  const outside = model.nodes.filter((n) => n.parent === null && n.kind !== 'group').length;
  const extent = layoutExtent(groups, outside);
  // The layout may trade up to ZOOM_SLACK of the best fit for fewer crossings: counted in.
  const zoom = ZOOM_SLACK * Math.min(MAX_FIT_ZOOM, (canvas.w - 2 * FIT_PADDING) / Math.max(extent.w, 1), (canvas.h - 2 * FIT_PADDING) / Math.max(extent.h, 1));
  // The smallest text drawn: names, namespace titles when a group is expanded, edge labels (bundle counts).
  const smallest = Math.min(NAME_FONT, EDGE_LABEL_FONT, ...(groups.some((g) => !g.collapsed) ? [NAMESPACE_TITLE_FONT] : []));
  return { collapsed: groups.filter((g) => g.collapsed).map((g) => g.id), zoom, namePx: Math.max(0, zoom) * smallest };
}

/**
 * The level to open `model` at in a canvas of `canvas` CSS px: the first of (as loaded, the
 * platform collapsed, every group collapsed) whose names are all readable, else the one with
 * the biggest names. Returns null when that is the model's own level (nothing to change).
 */
export function chooseOpening(model: GraphModel, canvas: CanvasSize): Level | null {
  if (canvas.w <= 2 * FIT_PADDING || canvas.h <= 2 * FIT_PADDING || model.groups.length === 0) return null;
  const now = measureLevel(model, [], canvas);
  const candidates = [now];
  if (model.groups.includes(PLATFORM_GROUP) && model.groups.length > 1) candidates.push(measureLevel(model, [PLATFORM_GROUP], canvas));
  candidates.push(measureLevel(model, model.groups, canvas));
  const readable = candidates.find((c) => c.namePx >= READABLE_NAME_PX);
  const pick = readable ?? candidates.reduce((a, b) => (b.namePx > a.namePx ? b : a));
  const same = pick.collapsed.length === now.collapsed.length;
  return same ? null : pick;
}
