/**
 * What a chosen search result lights up on the graph and selects: the drawn nodes of the
 * workloads it stands for (a collapsed group stands for its workloads), its own nodes, and the
 * drawn edges from or to them: for a policy those a rule of the policy decides, for anything else
 * all of them (who it talks to, and who talks to it).
 * @public
 */
import { collapsedNodeOf, drawnGroupNode, makeGrouping } from '../graph/grouping.ts';
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
  /** The drawn nodes that are the hit itself (not a group standing for it). */
  const own = new Set<string>();
  let select: string | null = null;
  for (const w of hit.workloads) {
    const id = workloadNodeId(w);
    if (drawn.has(id)) {
      nodes.add(id);
      own.add(id);
      select ??= id;
    } else {
      const group = drawnGroupNode(grouping.groupOf(nsOf.get(w) ?? ''), drawn);
      if (group !== null) nodes.add(group);
    }
  }
  for (const id of hit.nodes) {
    if (!drawn.has(id)) continue;
    nodes.add(id);
    own.add(id);
    select ??= id;
  }
  select ??= [...nodes][0] ?? null;
  const policy = hit.policy;
  // A policy: the paths a rule of it decides. Anything else (a workload, pod, label, outside
  // peer) drawn as its own node: every path from or to it, so who it talks to is lit (and kept
  // in view) with it. A collapsed group standing for it lights no path: most of its paths are
  // other workloads'.
  const edges =
    policy === null
      ? graph.edges.filter((e) => own.has(e.source) || own.has(e.target)).map((e) => e.id)
      : graph.edges.filter((e) => (nodes.has(e.source) || nodes.has(e.target)) && e.rules.some((r) => policyKey({ kind: r.kind, namespace: r.namespace, name: r.name }) === policy)).map((e) => e.id);
  return { nodes: [...nodes].sort(), edges, select };
}

/** A result in at most this many groups is opened out of its collapsed groups when chosen. */
export const OPEN_TENANTS_MAX = 3;

/**
 * The groups to open for a chosen result: the collapsed groups (tenants, the platform) holding
 * its workloads, drawn as their own node or inside the tenants' aggregate (TENANTS_GROUP), when
 * they are at most OPEN_TENANTS_MAX (a label on every tenant lights the groups instead); empty
 * when every one of its workloads is drawn. A workload chosen in the search is then drawn and
 * selected, not the tenant holding it (the laptop opens at the tenant level).
 */
export function tenantsToOpen(hit: SearchHit, cluster: Cluster, view: ViewState): string[] {
  if (view.customerTenant !== null || view.collapsed.length === 0) return [];
  const grouping = makeGrouping(cluster, view.groupingLabel);
  const nodeOf = collapsedNodeOf(new Set(view.collapsed));
  const nsOf = new Map(cluster.workloads.map((w) => [w.key as string, w.namespace]));
  const out = new Set<string>();
  for (const w of hit.workloads) {
    const g = grouping.groupOf(nsOf.get(w) ?? '');
    if (nodeOf(g) !== null) out.add(g);
  }
  return out.size <= OPEN_TENANTS_MAX ? [...out].sort() : [];
}
