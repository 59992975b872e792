/**
 * Filters hide, they never move: nodes keep the positions the unfiltered layout gave them.
 * - Edge filters (verdict, protocol, port, observed/policy/mismatches) keep matching edges.
 * - Node filters (group, namespace, search) pick focus nodes; an edge stays when one of its ends
 *   is a focus node, so the focus shows who reaches it and what it reaches.
 * - A leaf stays when it is an end of a kept edge, or a focus node while no edge filter is on.
 * - A compound node stays when something inside it stays.
 * @public
 */
import { hasPort, portProtocols } from '../engine/PortSet.ts';
import type { GraphEdge, GraphFilters, GraphNode } from './types.ts';

export const noFilters: GraphFilters = { groups: [], namespaces: [], verdicts: [], protocols: [], port: null, show: 'all', search: '' };

export function edgeFiltersActive(f: GraphFilters): boolean {
  return f.verdicts.length > 0 || f.protocols.length > 0 || f.port !== null || f.show !== 'all';
}

export function nodeFiltersActive(f: GraphFilters): boolean {
  return f.groups.length > 0 || f.namespaces.length > 0 || f.search.trim() !== '';
}

export function edgePasses(e: GraphEdge, f: GraphFilters): boolean {
  if (f.verdicts.length > 0 && !f.verdicts.includes(e.verdict)) return false;
  if (f.protocols.length > 0 && !f.protocols.some((p) => e.ports[p].length > 0)) return false;
  if (f.port !== null) {
    const port = f.port;
    if (!portProtocols.some((p) => hasPort(e.ports, p, port))) return false;
  }
  switch (f.show) {
    case 'all':
      return true;
    case 'observed':
      return e.observed !== null;
    case 'policy':
      return e.policy;
    case 'mismatches':
      return e.mismatch !== null;
  }
}

/** Does a node match the search text (already trimmed and lower-cased)? Its label or its id contains it. */
export function matchesSearch(n: Pick<GraphNode, 'id' | 'label'>, search: string): boolean {
  return search !== '' && (n.label.toLowerCase().includes(search) || n.id.toLowerCase().includes(search));
}

/**
 * `namespacesOfGroup` lets a collapsed group count as focus when one of its namespaces is picked,
 * `groupsOfNode` the tenants' aggregate when one of its groups is.
 * `searchMatches`: node ids the search text stands for besides labels and ids (a pod name or IP,
 * a policy, a label: src/core/search), so searching a pod name shows its workload.
 */
export function applyFilters(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  f: GraphFilters,
  namespacesOfGroup: ReadonlyMap<string, readonly string[]>,
  searchMatches: ReadonlySet<string> = new Set(),
  groupsOfNode: ReadonlyMap<string, readonly string[]> = new Map(),
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byNode = nodeFiltersActive(f);
  const byEdge = edgeFiltersActive(f);
  if (!byNode && !byEdge) return { nodes: [...nodes], edges: [...edges] };

  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== null));
  const leaves = nodes.filter((n) => !parents.has(n.id));
  const search = f.search.trim().toLowerCase();
  const focus = new Set<string>();
  for (const n of leaves) {
    if (!byNode) {
      focus.add(n.id);
      continue;
    }
    if (f.groups.length > 0 && (n.group === null || !f.groups.includes(n.group)) && !(groupsOfNode.get(n.id) ?? []).some((g) => f.groups.includes(g))) continue;
    if (f.namespaces.length > 0) {
      const inNs = n.namespace !== null ? f.namespaces.includes(n.namespace) : n.collapsed && (namespacesOfGroup.get(n.id) ?? []).some((ns) => f.namespaces.includes(ns));
      if (!inNs) continue;
    }
    if (search !== '' && !matchesSearch(n, search) && !searchMatches.has(n.id)) continue;
    focus.add(n.id);
  }
  const keptEdges = edges.filter((e) => edgePasses(e, f) && (!byNode || focus.has(e.source) || focus.has(e.target)));
  const keep = new Set<string>();
  for (const e of keptEdges) {
    keep.add(e.source);
    keep.add(e.target);
  }
  if (!byEdge) for (const id of focus) keep.add(id);
  // Parents of kept nodes (parents come before children in `nodes`, so walk up explicitly).
  const parentOf = new Map(nodes.map((n) => [n.id, n.parent]));
  for (const id of [...keep]) {
    let p = parentOf.get(id) ?? null;
    while (p !== null && !keep.has(p)) {
      keep.add(p);
      p = parentOf.get(p) ?? null;
    }
  }
  return { nodes: nodes.filter((n) => keep.has(n.id)), edges: keptEdges };
}
