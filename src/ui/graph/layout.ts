/**
 * Viewport handling. Positions come from the core layout (`core/graph/layout.ts`, deterministic,
 * `preset` in Cytoscape terms): the view only fits, and only when the layout inputs changed.
 */
import type { Core } from 'cytoscape';

export type ViewCommand = { readonly kind: 'fit' | 'zoom-in' | 'zoom-out'; readonly seq: number };

const FIT_PADDING = 30;
/** Below this zoom labels are unreadable anyway; a big graph fits at least to here. */
const MIN_FIT_ZOOM = 0.12;

/**
 * Fits the nodes (group titles included): edges run between them, and leaving them out spares
 * computing every edge's geometry and label box before the first frame is drawn.
 */
export function fitGraph(cy: Core, selector?: string): void {
  const eles = selector ? cy.$(selector) : cy.nodes();
  if (eles.empty()) return;
  cy.fit(eles, FIT_PADDING);
  if (cy.zoom() < MIN_FIT_ZOOM) cy.zoom(MIN_FIT_ZOOM);
}

export function runCommand(cy: Core, cmd: ViewCommand): void {
  switch (cmd.kind) {
    case 'fit':
      fitGraph(cy);
      return;
    case 'zoom-in':
    case 'zoom-out': {
      const factor = cmd.kind === 'zoom-in' ? 1.25 : 0.8;
      const c = { x: cy.width() / 2, y: cy.height() / 2 };
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: c });
      return;
    }
  }
}
