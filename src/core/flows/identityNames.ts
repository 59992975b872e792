/**
 * Names for flow peers known only by a numeric identity (field-masked exports, remote agents):
 * the loaded CiliumIdentities (and CiliumEndpoints) say which labels the number stands for, and
 * the labels say which namespace, workload or reserved entity it is. Applied once the whole load
 * is read (identities and flows can come in any order): each such peer is renamed, and edges that
 * now have the same ends are merged as saved aggregates are.
 * @public
 */
import type { Cluster } from '../model/cluster.ts';
import { computeIdentities, identityKeyOf, labelsFromStrings } from '../identity/identities.ts';
import { aggregateFiles } from './savedAggregates.ts';
import { reservedEntityOf } from './peer.ts';
import type { FlowAggregate, FlowPeer, FlowPeerId } from './types.ts';

/** What a numeric identity stands for: its labels and the peer a flow with it is. */
export interface IdentityName {
  readonly labels: readonly string[];
  readonly peer: FlowPeerId;
}

/** The aggregate with every `identity` peer that `names` knows renamed (the same object when none is). */
export function nameIdentityPeers(agg: FlowAggregate, names: ReadonlyMap<number, IdentityName>): FlowAggregate {
  const known = (p: FlowPeer): boolean => p.kind === 'identity' && names.has(p.identity);
  // Only when a peer is renamed: renamePeers merges edges (the saved-aggregate chunk).
  if (!agg.edges.some((e) => known(e.source) || known(e.destination)) && !agg.replyOnlyEdges.some((e) => known(e.source) || known(e.destination))) return agg;
  return aggregateFiles.get().renamePeers(agg, (p) => {
    const n = p.kind === 'identity' ? names.get(p.identity) : undefined;
    if (n === undefined) return p;
    const evidence = p.evidence.labels.length > 0 ? p.evidence : { ...p.evidence, labels: [...n.labels] };
    return { ...n.peer, evidence };
  });
}

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';

/**
 * What each numeric identity of the cluster stands for, from its CiliumIdentities and
 * CiliumEndpoints: a reserved entity (its `reserved:` labels), else the one workload whose pods
 * carry its labels, else the identity itself in its namespace.
 */
export function identityNamesOf(cluster: Cluster): Map<number, IdentityName> {
  const known = new Map<number, readonly string[]>();
  for (const ep of cluster.endpoints) if (ep.identityId !== null && ep.identityLabels.length > 0) known.set(ep.identityId, ep.identityLabels);
  for (const ci of cluster.ciliumIdentities ?? []) if (ci.labels.length > 0) known.set(ci.id, ci.labels);
  const out = new Map<number, IdentityName>();
  if (known.size === 0) return out;
  const table = computeIdentities(cluster);
  for (const [id, labels] of known) {
    const entity = reservedEntityOf(id, labels);
    if (entity !== null) {
      out.set(id, { labels, peer: { kind: 'reserved', key: `reserved:${entity}`, entity } });
      continue;
    }
    const workloads = table.byKey.get(identityKeyOf(labelsFromStrings(labels)))?.workloads ?? [];
    const [w] = workloads;
    if (workloads.length === 1 && w !== undefined) {
      const [namespace = '', workloadKind = '', ...rest] = w.split('/');
      out.set(id, { labels, peer: { kind: 'workload', key: w, namespace, workloadKind, name: rest.join('/') } });
      continue;
    }
    const ns = labels.find((l) => l.startsWith(NAMESPACE_LABEL));
    if (ns !== undefined) out.set(id, { labels, peer: { kind: 'identity', key: `identity:${id}`, identity: id, namespace: ns.slice(NAMESPACE_LABEL.length) } });
  }
  return out;
}
