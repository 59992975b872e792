/**
 * Which pairs of the engine's matrix a view can do without. `buildGraph` draws nothing for a pair
 * of workloads inside one collapsed group (the path would be a loop on the group node; policyParts
 * never makes a part for it), so a big cluster that opens with every group collapsed needs only the
 * pairs between groups for its first picture: at 20,000 workloads about a quarter of the matrix.
 * The rest comes after (`connectivityInSteps`), before any view that needs it is built.
 * @internal
 */
import type { ConnPeer } from '../engine/connectivity.ts';
import type { Cluster } from '../model/cluster.ts';
import { collapsedNodeOf, makeGrouping } from './grouping.ts';
import type { ViewState } from './types.ts';

/** The views a graph of inputs without the pairs deferred for `first` draws exactly as with every pair. */
export interface DeferredPairs {
  /**
   * Per engine peer, the node holding all of its workloads (a collapsed group, or the tenants'
   * aggregate: pairs of two peers with the same node are deferred), or null (never deferred: outside peers; identities without workloads,
   * with a workload the inventory does not list, or sharing a workload with another identity,
   * whose paths would then come in another order).
   */
  readonly keysOf: (peers: readonly ConnPeer[]) => (string | null)[];
  /**
   * True when `view` needs none of the deferred pairs: the same grouping, not a customer view
   * (redaction decides its own collapsing from every part), and every group collapsed in `first`
   * collapsed in `view` too. Filters act on the merged edges and do not matter.
   */
  readonly covers: (view: ViewState) => boolean;
}

/**
 * The pairs `view` can do without, or null when there are none (nothing collapsed, or a customer
 * view). Only for inputs without flows: flow edges inside a group would look their paths up.
 */
export function deferredPairs(cluster: Cluster, first: ViewState): DeferredPairs | null {
  if (first.customerTenant !== null || first.collapsed.length === 0) return null;
  const nodeOf = collapsedNodeOf(new Set(first.collapsed));
  // Each workload the inventory lists is on its namespace's group, as in the graph's registry
  // (buildRegistry: its outside catalog and leaves are not needed here).
  const grouping = makeGrouping(cluster, first.groupingLabel);
  const namespaceOf = new Map<string, string>(cluster.workloads.map((w) => [w.key, w.namespace]));
  const keysOf = (peers: readonly ConnPeer[]): (string | null)[] => {
    const identities = new Map<string, number>();
    for (const p of peers) if (p.kind === 'identity') for (const w of p.workloads) identities.set(w, (identities.get(w) ?? 0) + 1);
    return peers.map((peer) => {
      if (peer.kind !== 'identity' || peer.workloads.length === 0) return null;
      let node: string | null = null;
      for (const w of peer.workloads) {
        // A workload unknown to the inventory gets its node from the paths that name it: never deferred.
        const ns = namespaceOf.get(w);
        const g = ns === undefined ? null : grouping.groupOf(ns);
        const n = g === null ? null : nodeOf(g);
        if (n === null || (node !== null && n !== node) || identities.get(w) !== 1) return null;
        node = n;
      }
      return node;
    });
  };
  const covers = (view: ViewState): boolean => {
    if (view.customerTenant !== null || view.groupingLabel !== first.groupingLabel) return false;
    const now = new Set(view.collapsed);
    return first.collapsed.every((g) => now.has(g));
  };
  return { keysOf, covers };
}
