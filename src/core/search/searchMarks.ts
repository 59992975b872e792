/**
 * What a chosen search result lights up on the graph and selects: the drawn nodes of the
 * workloads it stands for (a collapsed group stands for its workloads), its own nodes, and for a
 * policy the drawn edges from or to those workloads that a rule of the policy decides.
 * @public
 */
import { makeGrouping } from '../graph/grouping.ts';
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
      const group = grouping.groupOf(nsOf.get(w) ?? '');
      if (drawn.has(group)) nodes.add(group);
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
