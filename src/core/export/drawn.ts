/**
 * What an exported picture draws for a model and its highlighted path: the edges as lines (every
 * closed bundle as one line between its boxes, with the verdict of its target half), for the SVG
 * writer and for the legend, which lists only the kinds the picture shows.
 * @public
 */
import { bundleShades } from '../graph/bundle.ts';
import type { EdgeBundle, GraphEdge, GraphModel } from '../graph/types.ts';

/**
 * The bundles drawn as one line (core/graph/bundle.ts), as edges between the boxes they join:
 * every bundle but those holding a highlighted path (its paths are drawn on their own, as the
 * canvas opens that bundle). Returns the edges to draw instead of `model.edges`.
 */
export function bundledEdges(model: GraphModel, lit: ReadonlySet<string>): { edges: GraphEdge[]; bundles: Map<string, EdgeBundle> } {
  const closed = (model.bundles ?? []).filter((b) => !b.members.some((m) => lit.has(m)));
  if (closed.length === 0) return { edges: [...model.edges], bundles: new Map() };
  const hidden = new Set(closed.flatMap((b) => b.members));
  const byId = new Map(model.edges.map((e) => [e.id, e]));
  const lines = closed.flatMap((b): GraphEdge[] => {
    const first = byId.get(b.members[0] ?? '');
    if (!first) return [];
    // Drawn as its target end (bundleShades' last colour): a line holding a not-known path is never drawn allowed.
    return [{ ...first, id: b.id, source: b.source, target: b.target, verdict: bundleShades(b).at(-1) ?? 'allowed', observed: b.flows > 0 ? { flows: b.flows, verdicts: {}, ports: '' } : null, mismatch: null, members: b.members.length }];
  });
  return { edges: [...model.edges.filter((e) => !hidden.has(e.id)), ...lines], bundles: new Map(closed.map((b) => [b.id, b])) };
}
