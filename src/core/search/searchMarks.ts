/**
 * What a chosen search result lights up on the graph and selects: the drawn nodes of the
 * workloads it stands for (a collapsed group stands for its workloads), its own nodes, and for a
 * policy the drawn edges from or to those workloads that a rule of the policy decides.
 * @public
 */
import { collapsedNodeOf, drawnGroupNode, makeGrouping, TENANTS_GROUP } from '../graph/grouping.ts';
import { workloadNodeId } from '../graph/registry.ts';
import type { GraphModel, ViewState } from '../graph/types.ts';
import type { Cluster } from '../model/cluster.ts';
import { policyKey } from '../model/policy.ts';
import type { SearchHit } from './searchIndex.ts';

export interface SearchMarks {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
  /** The element to select (its details open): the first drawn workload, else the first drawn node; null when nothing is drawn. */
  readonly select: string | null;
}

export function searchMarks(hit: SearchHit, graph: GraphModel, cluster: Cluster, view: ViewState): SearchMarks {
  const drawn = new Set(graph.nodes.map((n) => n.id));
  const grouping = makeGrouping(cluster, view.groupingLabel);
  const nsOf = new Map(cluster.workloads.map((w) => [w.key as string, w.namespace]));
  const nodes = new Set<string>();
  let select: string | null = null;
  for (const w of hit.workloads) {
    const id = workloadNodeId(w);
    if (drawn.has(id)) {
      nodes.add(id);
      select ??= id;
    } else {
      const group = drawnGroupNode(grouping.groupOf(nsOf.get(w) ?? ''), drawn);
      if (group !== null) nodes.add(group);
    }
  }
  for (const id of hit.nodes) {
    if (!drawn.has(id)) continue;
    nodes.add(id);
    select ??= id;
  }
  select ??= [...nodes][0] ?? null;
  const policy = hit.policy;
  const edges =
    policy === null
      ? []
      : graph.edges.filter((e) => (nodes.has(e.source) || nodes.has(e.target)) && e.rules.some((r) => policyKey({ kind: r.kind, namespace: r.namespace, name: r.name }) === policy)).map((e) => e.id);
  return { nodes: [...nodes].sort(), edges, select };
}

/** A result in at most this many tenants is opened out of the tenants' aggregate when chosen. */
export const OPEN_TENANTS_MAX = 3;

/**
 * The tenants to open out of the tenants' aggregate (TENANTS_GROUP) for a chosen result: the
 * groups of its workloads that `view` draws inside it, when they are at most OPEN_TENANTS_MAX
 * (a label on every tenant lights the aggregate instead); empty when none is inside it.
 */
export function tenantsToOpen(hit: SearchHit, cluster: Cluster, view: ViewState): string[] {
  if (view.customerTenant !== null || !view.collapsed.includes(TENANTS_GROUP)) return [];
  const grouping = makeGrouping(cluster, view.groupingLabel);
  const nodeOf = collapsedNodeOf(new Set(view.collapsed));
  const nsOf = new Map(cluster.workloads.map((w) => [w.key as string, w.namespace]));
  const out = new Set<string>();
  for (const w of hit.workloads) {
    const g = grouping.groupOf(nsOf.get(w) ?? '');
    if (nodeOf(g) === TENANTS_GROUP) out.add(g);
  }
  return out.size <= OPEN_TENANTS_MAX ? [...out].sort() : [];
}
