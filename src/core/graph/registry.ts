/**
 * The leaf nodes of the graph before grouping: workloads (from the inventory, or named only by
 * flows or connectivity), identity-only endpoints, and outside peers. Maps connectivity sides and
 * flow peers onto node ids, creating nodes for what the inventory does not know (never dropped).
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import { isClusterDns } from '../model/clusterDns.ts';
import type { FlowPeer } from '../flows/types.ts';
import { buildOutsideCatalog, UNKNOWN_ID, type OutsideCatalog } from './outside.ts';
import type { Grouping } from './grouping.ts';
import type { ConnSide, NodeKind } from './types.ts';

export interface LeafNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** Group id (tenant or platform); null for outside nodes. */
  readonly group: string | null;
  readonly namespace: string | null;
  readonly workload: string | null;
  readonly dns: boolean;
}

export interface Registry {
  readonly outside: OutsideCatalog;
  sideId(side: ConnSide): string;
  flowPeerId(peer: FlowPeer): string;
  /** Every in-cluster leaf (workloads, identities), by id. */
  readonly leaves: ReadonlyMap<string, LeafNode>;
  kindOf(id: string): NodeKind;
}

export function workloadNodeId(key: string): string {
  return `w:${key}`;
}

export { isClusterDns };

export function buildRegistry(cluster: Cluster, grouping: Grouping): Registry {
  const outside = buildOutsideCatalog(cluster);
  const leaves = new Map<string, LeafNode>();
  // Pod → workload, only for flows naming pods: built on the first such peer (a big cluster's
  // graph without flows never needs its tens of thousands of entries).
  let podWorkloadMap: Map<string, string> | null = null;
  const podWorkload = (): Map<string, string> => {
    if (podWorkloadMap === null) {
      podWorkloadMap = new Map();
      for (const p of cluster.pods) podWorkloadMap.set(`${p.namespace}/${p.name}`, p.workload);
    }
    return podWorkloadMap;
  };

  for (const w of cluster.workloads) {
    const id = workloadNodeId(w.key);
    leaves.set(id, { id, kind: 'workload', label: w.name, group: grouping.groupOf(w.namespace), namespace: w.namespace, workload: w.key, dns: isClusterDns(w) });
  }
  const ensureWorkload = (key: string, namespace: string, name: string): string => {
    const id = workloadNodeId(key);
    if (!leaves.has(id)) leaves.set(id, { id, kind: 'workload', label: name, group: grouping.groupOf(namespace), namespace, workload: key, dns: false });
    return id;
  };

  return {
    outside,
    leaves,
    sideId(side) {
      if (side.kind !== 'workload') return outside.sideId(side);
      const id = workloadNodeId(side.key);
      if (leaves.has(id)) return id;
      const [ns = '', , name = side.key] = side.key.split('/');
      return ensureWorkload(side.key, ns, name);
    },
    flowPeerId(peer) {
      switch (peer.kind) {
        case 'workload':
          return ensureWorkload(peer.key, peer.namespace, peer.name);
        case 'pod': {
          const owner = podWorkload().get(`${peer.namespace}/${peer.name}`);
          if (owner !== undefined && leaves.has(workloadNodeId(owner))) return workloadNodeId(owner);
          return ensureWorkload(peer.key, peer.namespace, peer.name);
        }
        case 'identity': {
          if (peer.namespace === '') {
            const id = `o:identity:${peer.identity}`;
            if (!outside.nodes.has(id)) outside.nodes.set(id, { id, kind: 'identity', label: `identity ${peer.identity}` });
            return id;
          }
          const id = `i:${peer.namespace}/${peer.identity}`;
          if (!leaves.has(id)) {
            leaves.set(id, { id, kind: 'identity', label: `identity ${peer.identity}`, group: grouping.groupOf(peer.namespace), namespace: peer.namespace, workload: null, dns: false });
          }
          return id;
        }
        case 'reserved':
          return outside.entityId(peer.entity);
        case 'fqdn':
          return outside.fqdnId(peer.name);
        case 'ip':
          return outside.ipId(peer.ip);
        case 'unknown':
          if (!outside.nodes.has(UNKNOWN_ID)) outside.nodes.set(UNKNOWN_ID, { id: UNKNOWN_ID, kind: 'unknown', label: 'unknown peer' });
          return UNKNOWN_ID;
      }
    },
    kindOf(id) {
      return leaves.get(id)?.kind ?? outside.nodes.get(id)?.kind ?? 'unknown';
    },
  };
}

/** Outside kinds: peers beyond the cluster's pods, drawn in their own column. */
export function isOutsideKind(kind: NodeKind): boolean {
  return kind === 'world' || kind === 'cidr' || kind === 'fqdn' || kind === 'entity' || kind === 'carve-out' || kind === 'unknown';
}
