/**
 * markChanges(before, after): the proposed set's graph with every edge that differs from the
 * loaded set's graph at the same view marked (`GraphEdge.change`), and the edges only the loaded
 * set draws kept as ghosts (`change.kind === 'removed'`, with their ends when the proposed graph
 * lost them, without the observed flows, which the proposed graph draws where they now go), so that the canvas shows what a what-if opens and closes where it happens.
 * @public
 */
import { bundleEdges } from '../graph/bundle.ts';
import { emptyPortSet, isEmpty, subtract, union, type PortSet } from '../engine/PortSet.ts';
import type { EdgeChange, EdgeVerdict, GraphEdge, GraphModel, GraphNode } from '../graph/types.ts';
import { portsText } from '../graph/portsText.ts';

const PASSING: ReadonlySet<EdgeVerdict> = new Set(['allowed', 'l7-filtered', 'not-enforced']);

/**
 * Node pairs as paths: a carve-out stub (`o:world~25/TCP`, the denied part of the path to the
 * internet) stands for the outside node it was cut from.
 */
function pairKey(carveOuts: ReadonlySet<string>) {
  const end = (id: string) => (carveOuts.has(id) && id.includes('~') ? id.slice(0, id.lastIndexOf('~')) : id);
  return (e: GraphEdge) => `${end(e.source)}\u0000${end(e.target)}`;
}

/** Ports each node pair lets through, per graph. */
function passing(model: GraphModel, pairOf: (e: GraphEdge) => string): Map<string, PortSet> {
  const out = new Map<string, PortSet>();
  for (const e of model.edges) {
    if (!PASSING.has(e.verdict)) continue;
    const k = pairOf(e);
    out.set(k, union(out.get(k) ?? emptyPortSet, e.ports));
  }
  return out;
}

const text = (s: PortSet) => (isEmpty(s) ? '' : portsText(s));

export function markChanges(before: GraphModel, after: GraphModel): GraphModel {
  const beforeEdges = new Map(before.edges.map((e) => [e.id, e]));
  const afterIds = new Set(after.edges.map((e) => e.id));
  const carveOuts = new Set([...before.nodes, ...after.nodes].filter((n) => n.kind === 'carve-out').map((n) => n.id));
  const pairOf = pairKey(carveOuts);
  const [pb, pa] = [passing(before, pairOf), passing(after, pairOf)];
  const pairChange = (pair: string) => {
    const b = pb.get(pair) ?? emptyPortSet;
    const a = pa.get(pair) ?? emptyPortSet;
    return { opened: text(subtract(a, b)), closed: text(subtract(b, a)) };
  };

  let changed = 0;
  const edges: GraphEdge[] = after.edges.map((e) => {
    const old = beforeEdges.get(e.id);
    if (old && old.portsText === e.portsText) return e;
    const change: EdgeChange = { kind: old ? 'ports' : 'added', before: old?.portsText ?? '', ...pairChange(pairOf(e)) };
    changed++;
    return { ...e, change };
  });

  const afterNodes = new Set(after.nodes.map((n) => n.id));
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const ghostNodes: GraphNode[] = [];
  for (const e of before.edges) {
    if (afterIds.has(e.id)) continue;
    for (const end of [e.source, e.target]) {
      if (afterNodes.has(end)) continue;
      const n = beforeNodes.get(end);
      if (!n) continue;
      afterNodes.add(end);
      ghostNodes.push({ ...n, parent: n.parent !== null && afterNodes.has(n.parent) ? n.parent : null, removed: true });
    }
    // The flows once drawn on it are drawn where the proposed set puts them: never twice.
    edges.push({ ...e, observed: null, mismatch: null, flowKeys: [], change: { kind: 'removed', before: e.portsText, ...pairChange(pairOf(e)) } });
    changed++;
  }
  edges.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const nodes = ghostNodes.length > 0 ? [...after.nodes, ...ghostNodes] : after.nodes;
  return {
    ...after,
    nodes,
    edges,
    // Changed paths are drawn on their own: the bundles are made again without them.
    bundles: bundleEdges(nodes, edges),
    counts: { ...after.counts, changedEdges: changed },
  };
}
