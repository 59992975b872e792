/**
 * Size thresholds of the canvas. Cytoscape draws on the main thread: a graph of a thousand edges
 * costs seconds of it on a first draw when done in one go, and every frame of a pan or zoom
 * redraws every edge. Big graphs are added in chunks, drawn at a pixel ratio of 1, panned and
 * zoomed as a texture, and show edge labels only when zoomed in; very big ones open collapsed.
 */
import type { GraphModel } from '../../core/graph/types.ts';

/** Elements added per frame when a model is added in chunks. */
export const DRAW_CHUNK = 200;

/** Drawn with the cheaper settings (chosen when the canvas is created for a load). */
export function isBigGraph(model: GraphModel): boolean {
  return model.nodes.length > 150 || model.edges.length > 500;
}

/** Too big to open expanded: the first model of a load above this opens with every group collapsed. */
export function tooBigToOpen(model: GraphModel): boolean {
  return model.nodes.length > 300 || model.edges.length > 1500;
}
