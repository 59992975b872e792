/**
 * Edge labels never sit on names. Cytoscape draws an edge's label at the edge's middle, wherever
 * that is: on a node, a node's name, a group title or another edge's label. After each model is
 * drawn (and when the lit path changes labels), every edge label that would cover (or crowd,
 * within CLEARANCE) a name, a node or a label already kept gets the `label-off` class (no label; hover, selection and the details
 * panel still show the edge's ports and counts). Labels are kept in order of importance: the lit
 * path, denied, observed (most flows first), the rest. Font sizes are in model units, so what
 * overlaps does not depend on the zoom: once per drawing is enough.
 */
import type { Core, EdgeSingular } from 'cytoscape';
import { BoxIndex } from '../../core/graph/boxIndex.ts';
import { EDGE_LABEL_CLEARANCE_UNITS } from '../../core/graph/layout.ts';

export const LABEL_OFF = 'label-off';
/**
 * Room a kept label leaves to names, nodes and other labels (model units; the index's overlap
 * slack takes 1): the 2 px the readability check asks for (EDGE_LABEL_CLEARANCE) down to a zoom
 * of 0.67.
 */
const CLEARANCE = EDGE_LABEL_CLEARANCE_UNITS;

const LABEL_ONLY = { includeNodes: false, includeEdges: false, includeLabels: true, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false, includeOverlays: false, includeUnderlays: false } as const;
const BODY_ONLY = { includeNodes: true, includeEdges: false, includeLabels: false, includeOverlays: false, includeUnderlays: false } as const;

function rank(e: EdgeSingular): number {
  if (e.hasClass('hl')) return 0;
  if (e.hasClass('changed')) return 1;
  if (e.hasClass('bundle')) return e.hasClass('bundle-allowed') ? 3 : 2;
  if (e.hasClass('v-default-deny') || e.hasClass('v-explicit-deny')) return 2;
  if (e.hasClass('observed')) return 3;
  return 4;
}

/** Sets `label-off` on every edge label that would cover a name, a node or a kept label; returns how many. */
export function declutterEdgeLabels(cy: Core): number {
  const taken = new BoxIndex();
  cy.nodes().forEach((n) => {
    if (!n.visible()) return;
    if (n.isChildless() && !n.hasClass('k-title')) taken.add(n.boundingBox(BODY_ONLY));
    if (String(n.style('label') ?? '') !== '') taken.add(n.boundingBox(LABEL_ONLY));
  });
  const edges = (cy.edges().filter((e) => e.visible() && String(e.data('label') ?? '') !== '').toArray() as EdgeSingular[]).sort(
    (a, b) => rank(a) - rank(b) || Number(b.data('observed')) - Number(a.data('observed')) || (a.id() < b.id() ? -1 : 1),
  );
  const off: EdgeSingular[] = [];
  cy.batch(() => cy.edges(`.${LABEL_OFF}`).removeClass(LABEL_OFF));
  edges.forEach((e) => {
    const box = e.boundingBox(LABEL_ONLY);
    const zone = { x1: box.x1 - CLEARANCE, y1: box.y1 - CLEARANCE, x2: box.x2 + CLEARANCE, y2: box.y2 + CLEARANCE };
    if (box.w <= 0 || taken.hits(zone)) off.push(e);
    else taken.add(box);
  });
  cy.batch(() => {
    for (const e of off) e.addClass(LABEL_OFF);
  });
  return off.length;
}

/** Allowed paths no flow was seen on (with flows loaded): drawn faint unless the user shows them in full. */
export const UNSEEN = 'unseen';

export function markUnseen(cy: Core, faint: boolean): void {
  cy.batch(() => {
    cy.edges(`.${UNSEEN}`).removeClass(UNSEEN);
    if (faint) cy.edges('.policy-only.v-allowed, .policy-only.v-l7-filtered').not('.changed').addClass(UNSEEN);
  });
}
