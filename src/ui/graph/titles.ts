/**
 * Titles of expanded groups and namespaces, drawn as their own small canvas elements above the
 * compound's top border ("tenant acme", "ns acme-web"). Cytoscape draws a compound's own label at
 * the compound's depth, under every edge, so an edge label crossing a title covered it; a title
 * element sits above the edges, on an opaque background. Titles are not in the GraphModel: the
 * canvas adds, moves and removes them after each patch, and a tap on one acts on its compound.
 */
import type { Core, NodeSingular } from 'cytoscape';

export const TITLE_PREFIX = 't:';

/** The compound a title element names, or null for any other element. */
export function titleOwner(el: { id(): string; hasClass(c: string): boolean }): string | null {
  return el.hasClass('k-title') ? el.id().slice(TITLE_PREFIX.length) : null;
}

function titled(n: NodeSingular): boolean {
  return (n.hasClass('k-group') && !n.hasClass('collapsed')) || n.hasClass('k-namespace');
}

/**
 * Adds, moves and removes the titles so every expanded group and namespace has one, centred on
 * its top border. Returns how many titles there are.
 */
export function placeTitles(cy: Core): number {
  const owners = cy.nodes().filter((n) => titled(n));
  // Boxes first, outside the batch: Cytoscape does not update compound bounds while batching.
  const places = owners.map((owner) => {
    const box = owner.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
    return { owner, position: { x: (box.x1 + box.x2) / 2, y: box.y1 } };
  });
  const wanted = new Set(places.map((p) => `${TITLE_PREFIX}${p.owner.id()}`));
  cy.batch(() => {
    cy.remove(cy.nodes('.k-title').filter((t) => !wanted.has(t.id())));
    for (const { owner, position } of places) {
      const id = `${TITLE_PREFIX}${owner.id()}`;
      const label = String(owner.data('label') ?? '');
      const classes = `k-title ${owner.hasClass('k-group') ? 'k-title-group' : 'k-title-namespace'}${owner.hasClass('platform') ? ' platform' : ''}`;
      const el = cy.getElementById(id);
      if (el.empty()) {
        cy.add({ group: 'nodes', data: { id, label, owner: owner.id() }, position, classes, selectable: false, grabbable: false, pannable: true });
        continue;
      }
      if (el.data('label') !== label) el.data('label', label);
      const p = el.position();
      if (p.x !== position.x || p.y !== position.y) el.position(position);
      if (el.classes().join(' ') !== classes) el.classes(classes);
    }
  });
  return places.length;
}
