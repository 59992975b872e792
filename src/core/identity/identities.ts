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

type PodIdentity = { readonly key: IdentityKey; readonly labels: LabelSet };

/**
 * `podIdentityLabels` for the workloads and pods of one cluster, computed once per distinct input:
 * the pods of a workload (and the workload's pod template) carry the same identity labels, so
 * on a big cluster most calls are answered from the memo. The memo's key is everything the result
 * depends on besides the cluster-wide constants (the namespace's labels, the cluster name): the
 * namespace, the service account and the pod labels that pass the identity filter, in their order.
 */
class PodIdentityMemo {
  private readonly kept = new Map<string, boolean>();
  private readonly memo = new Map<string, PodIdentity>();
  constructor(private readonly cluster: Cluster) {}

  /** Whether a label key passes Cilium's identity filter (asked once per distinct key). */
  keeps(k: string): boolean {
    let keep = this.kept.get(k);
    if (keep === undefined) this.kept.set(k, (keep = isIdentityLabel(k)));
    return keep;
  }

  of(namespace: string, podLabels: Readonly<Record<string, string>>, serviceAccount: string): PodIdentity {
    // Every part with its length first: two different inputs never make the same key, whatever
    // characters the (untrusted) names hold.
    let raw = `${namespace.length}:${namespace}${serviceAccount.length}:${serviceAccount}`;
    for (const k in podLabels) {
      if (!this.keeps(k)) continue;
      const v = podLabels[k] as string;
      raw += `${k.length},${v.length}:${k}${v}`;
    }
    let found = this.memo.get(raw);
    if (found === undefined) {
      const labels = podIdentityLabels({ namespace, podLabels, namespaceLabels: this.cluster.namespaces.get(namespace)?.labels ?? {}, serviceAccount, clusterName: this.cluster.name });
      found = { key: identityKeyOf(labels), labels };
      this.memo.set(raw, found);
    }
    return found;
  }

  /**
   * Whether `podLabels` hold exactly the identity labels of `template` (as `of` reads them: the
   * same keys passing the filter, in the same order, with the same values): then `of` gives both
   * the same answer. Compared without building the memo key: a workload's pods mostly carry its
   * template's labels plus labels the filter drops (`pod-template-hash`).
   */
  sameIdentityLabels(podLabels: Readonly<Record<string, string>>, template: readonly string[]): boolean {
    let i = 0;
    for (const k in podLabels) {
      if (!this.keeps(k)) continue;
      if (template[i] !== k || template[i + 1] !== podLabels[k]) return false;
      i += 2;
    }
    return i === template.length;
  }

  /** The identity labels of `podLabels` as `sameIdentityLabels` compares them: key, value, key, value… */
  identityLabelList(podLabels: Readonly<Record<string, string>>): string[] {
    const out: string[] = [];
    for (const k in podLabels) if (this.keeps(k)) out.push(k, podLabels[k] as string);
    return out;
  }
}

export function computeIdentities(cluster: Cluster): IdentityTable {
  const byKey = new Map<IdentityKey, { labels: LabelSet; namespace: string | null; workloads: Set<string>; numeric: number | null }>();
  const byWorkload = new Map<WorkloadKey, IdentityKey[]>();
  const byPod = new Map<string, IdentityKey>();
  const memo = new PodIdentityMemo(cluster);
  /** Per workload: its pod template's memo input and answer (its pods mostly share them). */
  const templates = new Map<WorkloadKey, { readonly namespace: string; readonly serviceAccount: string; readonly labels: readonly string[]; readonly id: PodIdentity }>();

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
    const list = byWorkload.get(w);
    if (list === undefined) byWorkload.set(w, [key]);
    else if (!list.includes(key)) list.push(key);
  };

  for (const w of cluster.workloads) {
    if (w.hostNetwork) continue;
    const id = memo.of(w.namespace, w.podLabels, w.serviceAccount);
    templates.set(w.key, { namespace: w.namespace, serviceAccount: w.serviceAccount, labels: memo.identityLabelList(w.podLabels), id });
    addWorkloadIdentity(w.key, intern(id.labels, w.namespace, w.key, id.key));
  }
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue;
    // The memo's answer for the pod's template when the pod's own memo input is the same (see above).
    const t = templates.get(p.workload);
    const same = t !== undefined && t.namespace === p.namespace && t.serviceAccount === p.serviceAccount && memo.sameIdentityLabels(p.labels, t.labels);
    const { key: known, labels } = same ? t.id : memo.of(p.namespace, p.labels, p.serviceAccount);
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
