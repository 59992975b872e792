/**
 * Edge labels never sit on names or on each other, nor across a tenant's box. Cytoscape draws an
 * edge's label at the edge's middle, wherever that is: on a node, a node's name, a group title,
 * another edge's label or a box's border. After each model is drawn (and when the lit path or
 * the selection changes labels), every edge label is placed where it covers (or crowds, within
 * CLEARANCE) no name, node or label already placed, inside or outside every group and namespace
 * box (never across its border, which would be drawn through the text): at the middle, else
 * further along its line, else beside it (where no other line runs) (`edgeLabelOffsets`, the places the exports use too),
 * moved with `text-margin-x/y` (`label-moved`). Only a label with no free place on or beside its
 * line gets the `label-off` class (no label; hover, selection and the details panel still show
 * the edge's ports and counts). Labels are placed in order of importance: the lit path and the
 * selection (whose labels are always drawn: placed even when crowded, so that nothing is drawn
 * over them), denied, observed (most flows first), the rest. A bundle of allowed and denied
 * paths keeps its label off its green/red split. Font sizes are in model units, so what overlaps
 * does not depend on the zoom: once per drawing is enough.
 */
import type { Core, EdgeSingular } from 'cytoscape';
import { BoxIndex, LineIndex, placeEdgeLabel, type Box, type PlacedLabel } from '../../core/graph/boxIndex.ts';
import { EDGE_LABEL_CLEARANCE_UNITS } from '../../core/graph/layout.ts';
import { bundleTurns, SHADE_MIN_LENGTH } from '../../core/graph/bundle.ts';

/** The class of a bundle line holding all three kinds of path (cyPatch.ts bundleClasses). */
const THREE_SHADES = 'split-allowed-not-known-default-deny';
/**
 * A line of allowed and not-known paths too short to show green and grey (bundle.ts drawnShades:
 * two boxes side by side): drawn as the not-known line. Set here, where the drawn length is known.
 */
export const SHORT_NOT_KNOWN = 'short-not-known';

export const LABEL_OFF = 'label-off';
/** The most labels left without a place for which a second placing (those first among their equals) is tried. */
const REPAIR_MAX = 40;
/** A label moved off its line's middle (a style bypass of text-margin-x/y holds the offset). */
export const LABEL_MOVED = 'label-moved';
/**
 * A bundle of allowed and denied paths whose label found room only over its line's middle: its
 * green/red turn is moved to just beside the label (a style bypass of the gradient's stops).
 */
export const SPLIT_MOVED = 'split-moved';
/**
 * Room a kept label leaves to names, nodes and other labels (model units; the index's overlap
 * slack takes 1): the 2 px the readability check asks for (EDGE_LABEL_CLEARANCE) down to a zoom
 * of 0.67.
 */
const CLEARANCE = EDGE_LABEL_CLEARANCE_UNITS;

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false } as const;
const BODY_ONLY = { includeNodes: true, includeEdges: false, includeLabels: false, includeOverlays: false, includeUnderlays: false } as const;

/** Labels always drawn (the stylesheet shows them whatever `label-off` says). */
const mustShow = (e: EdgeSingular): boolean => e.hasClass('hl') || e.selected() || e.hasClass('hover');

function rank(e: EdgeSingular): number {
  if (mustShow(e)) return 0;
  if (e.hasClass('changed')) return 1;
  if (e.hasClass('bundle')) return e.hasClass('bundle-allowed') ? 3 : 2;
  if (e.hasClass('v-default-deny') || e.hasClass('v-explicit-deny') || e.hasClass('v-auth-denied') || e.hasClass('v-not-known')) return 2;
  if (e.hasClass('observed')) return 3;
  return 4;
}

const shift = (b: Box, d: { x: number; y: number }): Box => ({ x1: b.x1 + d.x, y1: b.y1 + d.y, x2: b.x2 + d.x, y2: b.y2 + d.y });
const grow = (b: Box, d: number): Box => ({ x1: b.x1 - d, y1: b.y1 - d, x2: b.x2 + d, y2: b.y2 + d });

const finite = (p: { x: number; y: number } | undefined): p is { x: number; y: number } => p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y);

/**
 * An edge's drawn ends and middle, or null while Cytoscape has not routed it (an edge added in the
 * same tick, as when the what-if graph is replaced by the loaded one: its points are undefined).
 */
function drawnEnds(e: EdgeSingular): { s: { x: number; y: number }; m: { x: number; y: number }; t: { x: number; y: number } } | null {
  const s = e.sourceEndpoint() as { x: number; y: number } | undefined;
  const m = e.midpoint() as { x: number; y: number } | undefined;
  const t = e.targetEndpoint() as { x: number; y: number } | undefined;
  return finite(s) && finite(m) && finite(t) ? { s, m, t } : null;
}

/**
 * Places every edge label (see above): sets `label-moved` with its offset on labels moved off
 * their middle and `label-off` on those with no free place; returns how many are off.
 */
export function declutterEdgeLabels(cy: Core): number {
  // Names (and group titles): what a label keeps off; nodes' bodies.
  const names = new BoxIndex();
  const bodies: Box[] = [];
  const nameBoxes: Box[] = [];
  cy.nodes().forEach((n) => {
    if (!n.visible()) return;
    if (n.isChildless() && !n.hasClass('k-title')) bodies.push(n.boundingBox(BODY_ONLY));
    if (String(n.style('label') ?? '') !== '') nameBoxes.push(n.boundingBox(LABEL_ONLY));
  });
  for (const b of nameBoxes) names.add(b);
  // Tenant (and namespace) boxes: a label lies inside one or outside it, never across its border.
  const borders = new BoxIndex();
  cy.nodes(':parent').forEach((n) => {
    if (n.visible()) borders.add(n.boundingBox(BODY_ONLY));
  });
  const extent = cy.nodes(':visible').boundingBox({ includeLabels: true, includeOverlays: false });
  // The lines drawn: a label moved off its line's middle must not lie on another one (a reader takes it for that line's).
  const lines = new LineIndex();
  cy.edges().forEach((e) => {
    const ends = e.visible() ? drawnEnds(e) : null;
    if (ends !== null) lines.add(e.id(), ends.s, ends.m, ends.t);
  });
  // Edges with a label: their own (flows, bundles, changes), or the ports a lit, selected or hovered one shows (a policy-only path has no label of its own).
  const labelled = cy.edges().filter((e) => e.visible() && (String(e.data('label') ?? '') !== '' || mustShow(e))).toArray() as EdgeSingular[];
  const byImportance = (first: ReadonlySet<EdgeSingular>) => (a: EdgeSingular, b: EdgeSingular) =>
    rank(a) - rank(b) || Number(first.has(b)) - Number(first.has(a)) || Number(b.data('observed')) - Number(a.data('observed')) || (a.id() < b.id() ? -1 : 1);
  cy.batch(() => {
    cy.edges(`.${LABEL_OFF}`).removeClass(LABEL_OFF);
    cy.edges(`.${LABEL_MOVED}`).removeClass(LABEL_MOVED).removeStyle('text-margin-x text-margin-y');
    cy.edges(`.${SPLIT_MOVED}`).removeClass(SPLIT_MOVED).removeStyle('line-gradient-stop-positions');
    cy.edges('.split-allowed-not-known').forEach((e) => {
      const ends = e.visible() ? drawnEnds(e) : null;
      e.toggleClass(SHORT_NOT_KNOWN, ends !== null && Math.hypot(ends.t.x - ends.s.x, ends.t.y - ends.s.y) < 2 * SHADE_MIN_LENGTH);
    });
  });
  // One placing of the labels in `order`: where each went (its offset from the middle, a split bundle's moved turn), and those with no place.
  const placeAll = (order: readonly EdgeSingular[]) => {
    const taken = new BoxIndex();
    // The labels always drawn, placed so far: what such a label keeps off when no place is clear (placeEdgeLabel's fallback).
    const shown = new BoxIndex();
    // Nodes and the edge labels placed (all that is taken but names): what a label keeps its clearance from even where it may touch a name.
    const kept = new BoxIndex();
    for (const b of bodies) {
      taken.add(b);
      kept.add(b);
    }
    for (const b of nameBoxes) taken.add(b);
    const placed = new Map<EdgeSingular, PlacedLabel>();
    const off = new Set<EdgeSingular>();
    for (const e of order) {
      const box = e.boundingBox(LABEL_ONLY);
      const ends = drawnEnds(e);
      if (box.w <= 0 || ends === null) {
        if (!mustShow(e)) off.add(e);
        continue;
      }
      // A label stays within the nodes' extent: what a fit shows (a label at the picture's edge would be cut).
      const room = {
        // Green and red (or grey) turn at the middle; green, grey and red at the thirds.
        split: e.hasClass('bundle-mixed') && !e.hasClass(SHORT_NOT_KNOWN) ? (e.hasClass(THREE_SHADES) ? bundleTurns(3) : true) : false,
        into: { source: e.source().isParent(), target: e.target().isParent() },
        bounds: extent,
      };
      // A label beside its line must not lie on another line either: it would read as that line's.
      const clearOf = (b: Box, beside: boolean) => !borders.crosses(grow(b, CLEARANCE)) && !(beside && lines.crosses(b, e.id()));
      const free =
        placeEdgeLabel(ends.s, ends.m, ends.t, box, {
          ...room,
          clear: (b, beside) => !taken.hits(grow(b, CLEARANCE)) && clearOf(b, beside),
          // Drawn whatever: off everything placed (across a border or on another line if need be), else off names and other such labels, else off those.
          ...(mustShow(e) ? { fallback: [(b: Box) => !taken.hits(b), (b: Box) => !names.hits(b) && !shown.hits(b), (b: Box) => !shown.hits(b)] } : {}),
        }) ??
        // Else touching a name, never over it (the names keep no clearance from it; nodes and labels do): a
        // count on a short arc just under its namespace's title (app-platform at 1920x1080, blog -> db '×12') had no other place.
        (mustShow(e) ? null : placeEdgeLabel(ends.s, ends.m, ends.t, box, { ...room, clear: (b, beside) => !kept.hits(grow(b, CLEARANCE)) && !names.hits(b, 0) && clearOf(b, beside) }));
      if (free === null && !mustShow(e)) {
        off.add(e);
        continue;
      }
      // Drawn anyway (no place): where it is, and nothing else is placed over it.
      const at = free ?? { x: 0, y: 0, split: null };
      for (const index of mustShow(e) ? [taken, kept, shown] : [taken, kept]) index.add(shift(box, at));
      placed.set(e, at);
    }
    return { placed, off };
  };
  let result = placeAll(labelled.sort(byImportance(new Set())));
  // Labels left without a place go first among their equals, once more: kept when fewer are left
  // out. The demo at 1280x720: contoso -> internet '2 paths · ×3' (a line 143 units long between
  // the tenant and the internet node) lost its room to platform -> internet's label, placed first
  // where that long line crosses it, which has room elsewhere on its own line.
  if (result.off.size > 0 && result.off.size <= REPAIR_MAX) {
    const again = placeAll([...labelled].sort(byImportance(result.off)));
    if (again.off.size < result.off.size) result = again;
  }
  cy.batch(() => {
    for (const e of result.off) e.addClass(LABEL_OFF);
    for (const [e, at] of result.placed) {
      if (at.x !== 0 || at.y !== 0) e.addClass(LABEL_MOVED).style({ 'text-margin-x': at.x, 'text-margin-y': at.y });
      if (at.split !== null) e.addClass(SPLIT_MOVED).style('line-gradient-stop-positions', [0, 100 * at.split, 100 * at.split, 100].map((p) => `${p.toFixed(1)}%`).join(' '));
    }
  });
  return result.off.size;
}

/** Allowed paths no flow was seen on (with flows loaded): drawn faint unless the user shows them in full. */
export const UNSEEN = 'unseen';

export function markUnseen(cy: Core, faint: boolean): void {
  cy.batch(() => {
    cy.edges(`.${UNSEEN}`).removeClass(UNSEEN);
    if (faint) cy.edges('.policy-only.v-allowed, .policy-only.v-l7-filtered').not('.changed').addClass(UNSEEN);
  });
}
