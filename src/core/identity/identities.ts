/**
 * Security identities of a loaded cluster: one per distinct label set, shared by every workload
 * and pod that carries it. hostNetwork pods have no identity of their own (they are the node).
 * @public
 */
import type { Cluster, Identity, IdentityKey, WorkloadKey } from '../model/cluster.ts';
import { labelSetKey, parseLabel, labelSet, type LabelSet } from '../model/labels.ts';
import { podIdentityLabels } from './podIdentity.ts';

export interface IdentityTable {
  readonly identities: readonly Identity[];
  readonly byKey: ReadonlyMap<IdentityKey, Identity>;
  /** Identities of a workload's pods (normally one). */
  readonly byWorkload: ReadonlyMap<WorkloadKey, readonly IdentityKey[]>;
  /** `ns/name` of a pod → its identity. */
  readonly byPod: ReadonlyMap<string, IdentityKey>;
}

export function identityKeyOf(labels: LabelSet): IdentityKey {
  return labelSetKey(labels) as IdentityKey;
}

/** Identity labels from Hubble/CiliumEndpoint strings (`k8s:app=x`). */
export function labelsFromStrings(items: readonly string[]): LabelSet {
  return labelSet(items.map(parseLabel));
}

export function computeIdentities(cluster: Cluster): IdentityTable {
  const byKey = new Map<IdentityKey, { labels: LabelSet; namespace: string | null; workloads: Set<string>; numeric: number | null }>();
  const byWorkload = new Map<WorkloadKey, IdentityKey[]>();
  const byPod = new Map<string, IdentityKey>();
  const nsLabels = (ns: string) => cluster.namespaces.get(ns)?.labels ?? {};

  const intern = (labels: LabelSet, namespace: string | null, workload: string | null): IdentityKey => {
    const key = identityKeyOf(labels);
    let id = byKey.get(key);
    if (!id) {
      id = { labels, namespace, workloads: new Set(), numeric: null };
      byKey.set(key, id);
    }
    if (workload) id.workloads.add(workload);
    return key;
  };
  const addWorkloadIdentity = (w: WorkloadKey, key: IdentityKey) => {
    const list = byWorkload.get(w) ?? [];
    if (!list.includes(key)) list.push(key);
    byWorkload.set(w, list);
  };

  for (const w of cluster.workloads) {
    if (w.hostNetwork) continue;
    const labels = podIdentityLabels({
      namespace: w.namespace,
      podLabels: w.podLabels,
      namespaceLabels: nsLabels(w.namespace),
      serviceAccount: w.serviceAccount,
      clusterName: cluster.name,
    });
    addWorkloadIdentity(w.key, intern(labels, w.namespace, w.key));
  }
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue;
    const labels = podIdentityLabels({
      namespace: p.namespace,
      podLabels: p.labels,
      namespaceLabels: nsLabels(p.namespace),
      serviceAccount: p.serviceAccount,
      clusterName: cluster.name,
    });
    const key = intern(labels, p.namespace, p.workload);
    byPod.set(`${p.namespace}/${p.name}`, key);
    addWorkloadIdentity(p.workload, key);
  }
  // CiliumEndpoints tell the numeric id (and the labels Cilium really computed).
  for (const ep of cluster.endpoints) {
    if (ep.identityLabels.length === 0) continue;
    const key = intern(labelsFromStrings(ep.identityLabels), ep.namespace, null);
    const id = byKey.get(key);
    if (id && ep.identityId !== null) id.numeric = ep.identityId;
    if (!byPod.has(`${ep.namespace}/${ep.name}`)) byPod.set(`${ep.namespace}/${ep.name}`, key);
  }

  const identities: Identity[] = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, v]) => ({ key, labels: v.labels, namespace: v.namespace, workloads: [...v.workloads].sort(), numeric: v.numeric }));
  return { identities, byKey: new Map(identities.map((i) => [i.key, i])), byWorkload, byPod };
}
