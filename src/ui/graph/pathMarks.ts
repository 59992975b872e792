/**
 * Lights up the path a query asked about: its edges and their ends get the `hl` class (a wide
 * halo, see the stylesheet), every other edge and leaf node the `faded` class. Classes only: no
 * element moves and nothing is laid out again. Compound boxes are never faded (their opacity
 * would fade the lit nodes inside them too), nor are group titles.
 */
import type { Core } from 'cytoscape';
import type { PathHighlight } from '../../core/query/pathHighlight.ts';

/** The ids a highlight names; edges' ends are lit with their edges. */
export type PathMarks = Pick<PathHighlight, 'nodes' | 'edges'>;

export interface MarkedPath {
  readonly nodes: string[];
  readonly edges: string[];
}

/** Applies `marks` (null: none) to what `cy` draws now; returns what is lit. */
export function markPath(cy: Core, marks: PathMarks | null): MarkedPath {
  cy.batch(() => {
    cy.elements('.hl, .faded').removeClass('hl faded');
    if (marks === null) return;
    let lit = cy.collection();
    for (const id of marks.edges) {
      const e = cy.getElementById(id);
      if (e.nonempty() && e.isEdge()) lit = lit.union(e).union(e.connectedNodes());
    }
    for (const id of marks.nodes) {
      const n = cy.getElementById(id);
      if (n.nonempty() && n.isNode()) lit = lit.union(n);
    }
    // Nothing of the path is drawn (filtered out): fading everything would only hide the graph.
    if (lit.empty()) return;
    lit.addClass('hl');
    cy.edges().difference(lit).addClass('faded');
    cy.nodes()
      .difference(lit)
      .filter((n) => n.isNode() && n.isChildless() && !n.hasClass('k-title'))
      .addClass('faded');
  });
  return markedPath(cy);
}

/** What is lit now (for the test API). */
export function markedPath(cy: Core): MarkedPath {
  const lit = cy.elements('.hl');
  return { nodes: lit.nodes().map((n) => n.id()).sort(), edges: lit.edges().map((e) => e.id()).sort() };
}
