/**
 * The reference for the render benchmark: the same elements the app draws (ids, parents, preset
 * positions), given to bare Cytoscape with a minimal stylesheet (labels and arrows) and default
 * renderer options. `window.__bare.render(elements)` resolves when the first frame is drawn.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { afterFrames } from './frames.ts';

declare global {
  interface Window {
    __bare?: { render(elements: ElementDefinition[]): Promise<number> };
  }
}

let cy: Core | null = null;

window.__bare = {
  async render(elements) {
    cy?.destroy();
    const container = document.getElementById('cy') as HTMLElement;
    const t0 = performance.now();
    cy = cytoscape({
      container,
      elements,
      layout: { name: 'preset' },
      style: [
        { selector: 'node', style: { label: 'data(label)' } },
        { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' } },
      ],
      minZoom: 0.05,
      maxZoom: 3,
      autoungrabify: true,
      boxSelectionEnabled: false,
    });
    cy.fit(undefined, 30);
    if (cy.zoom() < 0.12) cy.zoom(0.12);
    return (await afterFrames()) - t0;
  },
};
