/**
 * Security identities of a loaded cluster: one per distinct label set, shared by every workload
 * and pod that carries it. hostNetwork pods have no identity of their own (they are the node).
 * @public
 */
import type { Cluster, Identity, IdentityKey, WorkloadKey } from '../model/cluster.ts';
import { labelSetKey, parseLabel, labelSet, type LabelSet } from '../model/labels.ts';
import { isIdentityLabel } from './labelFilter.ts';
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

/**
 * `podIdentityLabels` for the workloads and pods of one cluster, computed once per distinct input:
 * the pods of a workload (and the workload's pod template) carry the same identity labels, so
 * on a big cluster most calls are answered from the memo. The memo's key is everything the result
 * depends on besides the cluster-wide constants (the namespace's labels, the cluster name): the
 * namespace, the service account and the pod labels that pass the identity filter, in their order.
 */
function podIdentityMemo(cluster: Cluster): (namespace: string, podLabels: Readonly<Record<string, string>>, serviceAccount: string) => { readonly key: IdentityKey; readonly labels: LabelSet } {
  const kept = new Map<string, boolean>();
  const memo = new Map<string, { readonly key: IdentityKey; readonly labels: LabelSet }>();
  return (namespace, podLabels, serviceAccount) => {
    // Every part with its length first: two different inputs never make the same key, whatever
    // characters the (untrusted) names hold.
    let raw = `${namespace.length}:${namespace}${serviceAccount.length}:${serviceAccount}`;
    for (const k in podLabels) {
      let keep = kept.get(k);
      if (keep === undefined) kept.set(k, (keep = isIdentityLabel(k)));
      if (!keep) continue;
      const v = podLabels[k] as string;
      raw += `${k.length},${v.length}:${k}${v}`;
    }
    let found = memo.get(raw);
    if (found === undefined) {
      const labels = podIdentityLabels({ namespace, podLabels, namespaceLabels: cluster.namespaces.get(namespace)?.labels ?? {}, serviceAccount, clusterName: cluster.name });
      found = { key: identityKeyOf(labels), labels };
      memo.set(raw, found);
    }
    return found;
  };
}

export function computeIdentities(cluster: Cluster): IdentityTable {
  const byKey = new Map<IdentityKey, { labels: LabelSet; namespace: string | null; workloads: Set<string>; numeric: number | null }>();
  const byWorkload = new Map<WorkloadKey, IdentityKey[]>();
  const byPod = new Map<string, IdentityKey>();
  const podIdentity = podIdentityMemo(cluster);

  const intern = (labels: LabelSet, namespace: string | null, workload: string | null, known?: IdentityKey): IdentityKey => {
    const key = known ?? identityKeyOf(labels);
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
    const { key, labels } = podIdentity(w.namespace, w.podLabels, w.serviceAccount);
    addWorkloadIdentity(w.key, intern(labels, w.namespace, w.key, key));
  }
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue;
    const { key: known, labels } = podIdentity(p.namespace, p.labels, p.serviceAccount);
    const key = intern(labels, p.namespace, p.workload, known);
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
