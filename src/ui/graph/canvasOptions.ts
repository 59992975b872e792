/**
 * Size thresholds of the canvas. Cytoscape draws on the main thread: a graph of a thousand edges
 * costs seconds of it on a first draw when done in one go, and every frame of a pan or zoom
 * redraws every edge. Big graphs are added in chunks, drawn at a pixel ratio of 1, panned and
 * zoomed as a texture, and show edge labels only when zoomed in; very big ones open collapsed.
 */
import type { CytoscapeOptions } from 'cytoscape';
import type { GraphModel } from '../../core/graph/types.ts';

/** Elements added by the first step when a model is added in steps (progressive.ts). */
export const DRAW_CHUNK = 200;
/**
 * Each further step adds this many times what was added before it (progressive.ts). Every step
 * costs a redraw of everything added so far and a second pass over the edges it added (Cytoscape
 * measures an edge again after its first draw), so fewer, bigger steps: the 5k cluster as opened
 * (216 nodes, 1,652 edges) goes in two, its nodes and then its edges (with 3: three, 1.6 times
 * the elements drawn once; 5k expanded: five steps instead of seven).
 */
export const DRAW_GROWTH = 8;

/** Drawn with the cheaper settings (chosen when the canvas is created for a load). */
export function isBigGraph(model: GraphModel): boolean {
  return model.nodes.length > 150 || model.edges.length > 500;
}

/**
 * Drawn with straight edges (stylesheet.ts). Cytoscape bundles bezier edges between the same two
 * nodes: adding or restyling one walks every edge of its source node, quadratic in a node's
 * degree (the 5k cluster expanded, 141,150 edges with hubs of thousands: minutes of main thread).
 */
export function isHugeGraph(model: GraphModel): boolean {
  return model.edges.length > HUGE_EDGES;
}

export const HUGE_EDGES = 20_000;

/** Too big to open expanded: the first model of a load above this opens with every group collapsed. */
export function tooBigToOpen(model: GraphModel): boolean {
  return model.nodes.length > 300 || model.edges.length > 1500;
}

/**
 * The renderer options the canvas creates `cy` with (bench/render gives bare Cytoscape the same).
 * Big graphs: pan and zoom move a snapshot instead of redrawing a thousand edges per frame, and
 * a HiDPI screen does not quadruple the pixels to fill. (`hideEdgesOnViewport` made wheel zoom
 * feel slower, not faster, and hides what the user is looking at.)
 */
export function rendererOptions(big: boolean): CytoscapeOptions {
  return {
    minZoom: 0.05,
    maxZoom: 3,
    // Positions are the deterministic layout's; dragging would make screenshots disagree. Every
    // node is pannable (cyPatch.ts, titles.ts): a drag that starts on one pans the view.
    autoungrabify: true,
    boxSelectionEnabled: false,
    selectionType: 'single',
    wheelSensitivity: 0.3,
    ...(big ? { textureOnViewport: true, pixelRatio: 1 } : {}),
  };
}
