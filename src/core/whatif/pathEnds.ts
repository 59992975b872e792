/**
 * Where a what-if's changed paths are on the graph: the leaf nodes of each change's two ends (a
 * workload's node per workload of an identity, an outside peer's node as the graph names it),
 * each with the group that stands for it when that group is collapsed. markChanges (marks.ts)
 * marks the edges (or the collapsed group) every changed path is drawn in; the what-if panel
 * expands the groups of a change to show it.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { makeGrouping } from '../graph/grouping.ts';
import { buildOutsideCatalog } from '../graph/outside.ts';
import { workloadNodeId } from '../graph/registry.ts';
import type { Change, DiffPeer } from '../diff/types.ts';
import type { Cluster, IdentityKey } from '../model/cluster.ts';

/** A leaf node of the graph, and the group that holds it (null for outside peers). */
export interface PathEnd {
  readonly id: string;
  readonly group: string | null;
}

/** The two ends of one changed path, as leaf nodes (an identity of several workloads has several). */
export interface ChangedPath {
  readonly from: readonly PathEnd[];
  readonly to: readonly PathEnd[];
}

/**
 * `ends(change)` over the proposed and the loaded cluster (the outside nodes their graphs draw: a
 * range only a deleted rule named is its own node in the loaded graph only) and the models that
 * know the identities, grouped by `groupingLabel` as the view groups them.
 */
export function pathEndsOf(clusters: readonly [Cluster, ...Cluster[]], models: readonly EngineModel[], groupingLabel: string): (change: Change) => ChangedPath {
  const grouping = makeGrouping(clusters[0], groupingLabel);
  let catalogs: ReturnType<typeof buildOutsideCatalog>[] | null = null;
  /** The outside node of a side in each cluster's graph (once each). */
  const outside = (side: Parameters<ReturnType<typeof buildOutsideCatalog>['sideId']>[0]): PathEnd[] => {
    catalogs ??= clusters.map((c) => buildOutsideCatalog(c));
    return [...new Set(catalogs.map((c) => c.sideId(side)))].map((id) => ({ id, group: null }));
  };
  const memo = new Map<string, readonly PathEnd[]>();
  const namespaceOf = (workload: string, fallback: string | null) => workload.split('/')[0] ?? fallback ?? '';
  const endsOf = (p: DiffPeer): readonly PathEnd[] => {
    switch (p.kind) {
      case 'identity': {
        for (const m of models) {
          const i = m.identityIndex.get(p.identity as IdentityKey);
          const id = i !== undefined ? m.identities[i] : undefined;
          if (id) return id.workloads.map((w) => ({ id: workloadNodeId(w), group: grouping.groupOf(namespaceOf(w, id.namespace)) }));
        }
        return [];
      }
      case 'entity':
        return outside({ kind: 'entity', entity: p.entity });
      case 'fqdn':
        return outside({ kind: 'fqdn', name: p.name });
      case 'range':
        return outside({ kind: 'range', start: p.start, end: p.end });
    }
  };
  const ends = (p: DiffPeer): readonly PathEnd[] => {
    let hit = memo.get(p.key);
    if (!hit) memo.set(p.key, (hit = endsOf(p)));
    return hit;
  };
  return (c) => ({ from: ends(c.from), to: ends(c.to) });
}
