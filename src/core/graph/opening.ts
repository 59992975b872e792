/**
 * The level a freshly loaded graph opens at: the most detail whose every name and edge label is
 * readable (≥ READABLE_NAME_PX on screen) when the whole picture is fitted into the canvas. When the graph
 * as loaded would need smaller names, it opens coarser instead of shrinking: the platform
 * collapsed, then every group collapsed (tenants, platform and the outside world, one node each),
 * then every tenant as one node (TENANTS_GROUP: `812 tenants`, the platform and the outside
 * world beside it), chosen only where it is readable and the tenants one node each are not.
 * Pure: the picture's size comes from the core layout (`layoutExtent`), the canvas size from the
 * caller.
 * @public
 */
import { PLATFORM_GROUP, tenantOfGroup, TENANTS_GROUP } from './grouping.ts';
import { EDGE_LABEL_FONT, layoutExtent, NAME_FONT, NAMESPACE_TITLE_FONT, type LayoutGroup } from './layout.ts';
import type { GraphModel } from './types.ts';

/** The smallest name a customer reads without zooming, in CSS px on screen. */
export const READABLE_NAME_PX = 10;
/**
 * The size the fitted picture's smallest text (edge labels, names) aims for where the canvas
 * allows it, in CSS px on screen: read without effort, above the READABLE_NAME_PX floor.
 */
export const CLEAR_TEXT_PX = 11;
/** The smallest text the canvas draws, in model units (edge labels; names and titles are bigger or equal). */
export const SMALLEST_FONT = Math.min(NAME_FONT, EDGE_LABEL_FONT, NAMESPACE_TITLE_FONT);
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
  /** Groups drawn as one node (`ViewState.collapsed`: TENANTS_GROUP among them when the tenants are one node). */
  readonly collapsed: readonly string[];
  /** Zoom at which the whole picture fits the canvas. */
  readonly zoom: number;
  /** The smallest name on screen at that zoom (CSS px). */
  readonly namePx: number;
}

/**
 * The model's groups as the layout sees them, with `collapsed` (and what the model already
 * collapses) drawn as one node, and the collapsed tenants as one node when `collapsed` holds
 * TENANTS_GROUP (or the model draws them so and `collapsed` is not given). Also the collapsed
 * ids of that level, as a view names them.
 */
function layoutGroups(model: GraphModel, collapsed: ReadonlySet<string> | null): { groups: LayoutGroup[]; collapsed: string[] } {
  const children = new Map<string, string[]>();
  for (const n of model.nodes) {
    if (n.parent === null) continue;
    const list = children.get(n.parent);
    if (list) list.push(n.id);
    else children.set(n.parent, [n.id]);
  }
  const groupNode = new Map(model.nodes.filter((n) => n.kind === 'group').map((n) => [n.id, n]));
  const aggregate = collapsed === null ? groupNode.has(TENANTS_GROUP) : collapsed.has(TENANTS_GROUP);
  const groups: LayoutGroup[] = [];
  const ids: string[] = [];
  let tenantsAt = -1;
  for (const id of model.groups) {
    // A group the model does not draw is inside its aggregate: collapsed.
    const shut = (collapsed?.has(id) ?? false) || groupNode.get(id)?.collapsed !== false;
    if (shut) ids.push(id);
    if (shut && aggregate && tenantOfGroup(id) !== null) {
      if (tenantsAt < 0) tenantsAt = groups.push({ id: TENANTS_GROUP, collapsed: true, namespaces: [] }) - 1;
      continue;
    }
    groups.push({ id, collapsed: shut, namespaces: shut ? [] : (children.get(id) ?? []).map((ns) => ({ id: ns, leaves: children.get(ns) ?? [] })) });
  }
  if (tenantsAt >= 0) ids.push(TENANTS_GROUP);
  return { groups, collapsed: ids.sort() };
}

/** The fitted zoom of `groups` and `outside` peers in `canvas`, and the smallest text it draws at it. */
function fitted(groups: readonly LayoutGroup[], outside: number, canvas: CanvasSize): { zoom: number; namePx: number } {
  const extent = layoutExtent(groups, outside);
  // The layout may trade up to ZOOM_SLACK of the best fit for fewer crossings: counted in.
  const zoom = extent.slack * Math.min(MAX_FIT_ZOOM, (canvas.w - 2 * FIT_PADDING) / Math.max(extent.w, 1), (canvas.h - 2 * FIT_PADDING) / Math.max(extent.h, 1));
  // The smallest text drawn: names, namespace titles when a group is expanded, edge labels (bundle counts).
  const smallest = Math.min(NAME_FONT, EDGE_LABEL_FONT, ...(groups.some((g) => !g.collapsed) ? [NAMESPACE_TITLE_FONT] : []));
  return { zoom, namePx: Math.max(0, zoom) * smallest };
}

/**
 * How readable the model is at a level: the fitted zoom and the smallest name it gives.
 * `collapsed`: the groups to collapse besides what the model collapses, TENANTS_GROUP among them
 * for the tenants as one node; null: the model's own level.
 */
export function measureLevel(model: GraphModel, collapsed: readonly string[] | null, canvas: CanvasSize): Level {
  const level = layoutGroups(model, collapsed === null ? null : new Set(collapsed));
  const outside = model.nodes.filter((n) => n.parent === null && n.kind !== 'group').length;
  return { collapsed: level.collapsed, ...fitted(level.groups, outside, canvas) };
}

/**
 * The most tenants drawn one box each before their lines make a fan no picture can label: each
 * tenant's lines to the platform (DNS) and to the outside meet at the same few boxes. 120 tenants
 * at 1920x1080 drew 117 lines into the platform's box and 68 into the internet, 51 of their labels
 * found no room, every line crossed a dozen tenants' boxes. The tenants as one node draws each fan
 * as one line that says how many of them it stands for (tenantShares.ts). The 1k preset (40
 * tenants) opens as before.
 */
export const FAN_MAX = 40;

/**
 * The level to open `model` at in a canvas of `canvas` CSS px: the first of (as loaded, the
 * platform collapsed, every group collapsed, the tenants as one node) whose names are all
 * readable, else the one of the first three with the biggest names. Returns null when that is
 * the model's own level (nothing to change). A model that draws the tenants as one node is
 * measured at the finer levels too (its groups are known): a canvas where they are readable
 * opens finer. `collapsedAtLeast`: a model too big to draw expanded (the canvas's tooBigToOpen)
 * is measured from every group collapsed on: that, or the tenants as one node where only that is
 * readable (120 tenants, 300 workloads at 1280x720 opened one box each, names 7.4 px). With
 * more than FAN_MAX tenants, the tenants as one node wherever it is readable: names alone do not
 * make a fan of 117 lines readable.
 */
export function chooseOpening(model: GraphModel, canvas: CanvasSize, collapsedAtLeast = false): Level | null {
  if (canvas.w <= 2 * FIT_PADDING || canvas.h <= 2 * FIT_PADDING || model.groups.length === 0) return null;
  const now = measureLevel(model, null, canvas);
  const finer = now.collapsed.filter((g) => g !== TENANTS_GROUP);
  const candidates = collapsedAtLeast ? [] : [measureLevel(model, finer, canvas)];
  if (!collapsedAtLeast && model.groups.includes(PLATFORM_GROUP) && model.groups.length > 1) candidates.push(measureLevel(model, [...finer, PLATFORM_GROUP], canvas));
  candidates.push(measureLevel(model, model.groups, canvas));
  const tenants = model.groups.filter((g) => tenantOfGroup(g) !== null).length;
  const aggregate = tenants > 1 ? measureLevel(model, [...model.groups, TENANTS_GROUP], canvas) : null;
  // More tenants than FAN_MAX: the tenants as one node where it is readable.
  const fanned = tenants > FAN_MAX && aggregate !== null && aggregate.namePx >= READABLE_NAME_PX;
  const readable = [...(fanned ? [] : candidates), ...(aggregate ? [aggregate] : [])].find((c) => c.namePx >= READABLE_NAME_PX);
  // Nothing readable: the biggest names of the first three, or the tenants as one node when the
  // model draws them so (it has the biggest).
  const pick = readable ?? (now.collapsed.includes(TENANTS_GROUP) ? now : candidates.reduce((a, b) => (b.namePx > a.namePx ? b : a)));
  const same = pick.collapsed.length === now.collapsed.length && pick.collapsed.every((g, i) => g === now.collapsed[i]);
  return same ? null : pick;
}

/**
 * The canvas a cluster's first view is decided for before any canvas is measured (the load
 * worker builds the first picture while the page renders): the graph's canvas in a 1920×1080
 * window, the biggest the app is tested at. A cluster whose tenants one node each are not
 * readable even there opens with them as one node; the page decides again for its canvas
 * (`chooseOpening`).
 */
export const REFERENCE_CANVAS: CanvasSize = { w: 1880, h: 940 };

/**
 * Whether `groups` groups, each one collapsed node, are readable in `canvas` (outside peers not
 * counted: they only make the picture bigger). False means every tenant as one node.
 */
export function collapsedGroupsReadable(groups: number, canvas: CanvasSize = REFERENCE_CANVAS): boolean {
  const boxes: LayoutGroup[] = Array.from({ length: groups }, (_, i) => ({ id: String(i), collapsed: true, namespaces: [] }));
  return fitted(boxes, 0, canvas).namePx >= READABLE_NAME_PX;
}
