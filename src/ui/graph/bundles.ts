/**
 * Which bundles (core/graph/bundle.ts) the canvas draws open: a bundle is one line in place of
 * its paths until one of them is selected or lit by a path query (then that bundle's paths are
 * drawn on their own, so the path is seen), or the user opens it in place (double click; a double
 * click on one of its paths closes it again). Classes only: an open bundle gets `open` (hidden),
 * its paths `unbundled` (shown).
 */
import type { Core } from 'cytoscape';
import { BUNDLE, BUNDLED } from './cyPatch.ts';

export const OPEN = 'open';
export const UNBUNDLED = 'unbundled';

/** The bundle an element is drawn in ('' when none: it is drawn on its own, or is no edge). */
export function bundleOf(cy: Core, id: string): string {
  const el = cy.getElementById(id);
  return el.nonempty() && el.isEdge() ? String(el.data('bundle') ?? '') : '';
}

/** The bundles to draw open: the user's, and those holding the selection or a lit path. */
export function bundlesToOpen(cy: Core, opened: ReadonlySet<string>, selected: string | null, lit: readonly string[]): Set<string> {
  const open = new Set(opened);
  for (const id of selected !== null ? [selected, ...lit] : lit) {
    const b = bundleOf(cy, id);
    if (b !== '') open.add(b);
  }
  return open;
}

/** Draws `open` bundles as their paths and every other one as one line; true when anything changed. */
export function openBundles(cy: Core, open: ReadonlySet<string>): boolean {
  let changed = false;
  cy.batch(() => {
    cy.edges(`.${BUNDLE}`).forEach((b) => {
      const want = open.has(b.id());
      if (b.hasClass(OPEN) === want) return;
      changed = true;
      b.toggleClass(OPEN, want);
    });
    cy.edges(`.${BUNDLED}`).forEach((e) => {
      const want = open.has(String(e.data('bundle')));
      if (e.hasClass(UNBUNDLED) === want) return;
      changed = true;
      e.toggleClass(UNBUNDLED, want);
    });
  });
  return changed;
}
