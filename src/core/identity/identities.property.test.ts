import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cluster, IdentityKey, Namespace, Pod, Workload, WorkloadKey } from '../model/cluster.ts';
import { workloadKey } from '../model/cluster.ts';
import type { LabelSet } from '../model/labels.ts';
import { computeIdentities, identityKeyOf, type IdentityTable } from './identities.ts';
import { isIdentityLabel } from './labelFilter.ts';
import { podIdentityLabels } from './podIdentity.ts';

/**
 * computeIdentities answers a pod from its workload's pod template when the pod's identity
 * inputs are the template's (a shortcut past the memo's key); the table must be exactly what
 * the memo alone gives (the implementation before the shortcut, kept here as the reference):
 * same identities with the same first-seen label sets (their order), same workloads per
 * identity and identities per workload (their order), same pod map.
 */
function reference(cluster: Cluster): IdentityTable {
  const byKey = new Map<IdentityKey, { labels: LabelSet; namespace: string | null; workloads: Set<string>; numeric: number | null }>();
  const byWorkload = new Map<WorkloadKey, IdentityKey[]>();
  const byPod = new Map<string, IdentityKey>();
  const memo = new Map<string, { key: IdentityKey; labels: LabelSet }>();
  const podIdentity = (namespace: string, podLabels: Readonly<Record<string, string>>, serviceAccount: string): { key: IdentityKey; labels: LabelSet } => {
    let raw = `${namespace.length}:${namespace}${serviceAccount.length}:${serviceAccount}`;
    for (const k in podLabels) if (isIdentityLabel(k)) raw += `${k.length},${(podLabels[k] as string).length}:${k}${podLabels[k]}`;
    let found = memo.get(raw);
    if (found === undefined) {
      const labels = podIdentityLabels({ namespace, podLabels, namespaceLabels: cluster.namespaces.get(namespace)?.labels ?? {}, serviceAccount, clusterName: cluster.name });
      memo.set(raw, (found = { key: identityKeyOf(labels), labels }));
    }
    return found;
  };
  const intern = (labels: LabelSet, namespace: string, workload: string, key: IdentityKey): IdentityKey => {
    let id = byKey.get(key);
    if (!id) byKey.set(key, (id = { labels, namespace, workloads: new Set(), numeric: null }));
    id.workloads.add(workload);
    return key;
  };
  const add = (w: WorkloadKey, key: IdentityKey): void => {
    const list = byWorkload.get(w) ?? [];
    if (!list.includes(key)) list.push(key);
    byWorkload.set(w, list);
  };
  for (const w of cluster.workloads) {
    if (w.hostNetwork) continue;
    const { key, labels } = podIdentity(w.namespace, w.podLabels, w.serviceAccount);
    add(w.key, intern(labels, w.namespace, w.key, key));
  }
  for (const p of cluster.pods) {
    if (p.hostNetwork) continue;
    const { key, labels } = podIdentity(p.namespace, p.labels, p.serviceAccount);
    byPod.set(`${p.namespace}/${p.name}`, intern(labels, p.namespace, p.workload, key));
    add(p.workload, key);
  }
  const identities = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, v]) => ({ key, labels: v.labels, namespace: v.namespace, workloads: [...v.workloads].sort(), numeric: v.numeric }));
  return { identities, byKey: new Map(identities.map((i) => [i.key, i])), byWorkload, byPod };
}

const names = fc.constantFrom('a', 'b', 'ab');
const labelKey = fc.constantFrom('app', 'tier', 'ab', 'a', 'pod-template-hash', 'controller-revision-hash', 'io.kubernetes.pod.namespace');
const labels = fc.array(fc.tuple(labelKey, fc.constantFrom('x', 'y', 'bc', 'c', '')), { maxLength: 4 }).map((kv) => Object.fromEntries(kv) as Record<string, string>);

/** How a pod differs from its workload's template: not at all, or in one identity input. */
const podVariant = fc.oneof(
  fc.constant({ kind: 'same' as const }),
  fc.constant({ kind: 'hash' as const }),
  fc.constant({ kind: 'reordered' as const }),
  fc.record({ kind: fc.constant('labels' as const), labels }),
  fc.record({ kind: fc.constant('serviceAccount' as const), sa: names }),
  fc.record({ kind: fc.constant('namespace' as const), ns: names }),
  fc.constant({ kind: 'hostNetwork' as const }),
  fc.constant({ kind: 'orphan' as const }),
);

const clusterArb = fc
  .array(fc.record({ ns: names, name: names, sa: fc.constantFrom('', 'default', 'x'), labels, hostNetwork: fc.boolean(), pods: fc.array(podVariant, { maxLength: 4 }) }), { maxLength: 6 })
  .map((specs): Cluster => {
    const namespaces = new Map<string, Namespace>();
    for (const ns of ['a', 'b', 'ab']) namespaces.set(ns, { name: ns, labels: ns === 'b' ? { team: 'x' } : {}, annotations: {}, source: null });
    const workloads: Workload[] = [];
    const pods: Pod[] = [];
    specs.forEach((s, i) => {
      const key = workloadKey(s.ns, 'Deployment', `${s.name}${i}`);
      workloads.push({ key, kind: 'Deployment', namespace: s.ns, name: `${s.name}${i}`, podLabels: s.labels, labels: {}, annotations: {}, podAnnotations: {}, serviceAccount: s.sa, ports: [], hostNetwork: s.hostNetwork, replicas: null, source: null });
      s.pods.forEach((v, j) => {
        let podLabels: Record<string, string> = { ...s.labels };
        let ns = s.ns;
        let sa: string = s.sa;
        let workload = key;
        if (v.kind === 'hash') podLabels = { ...s.labels, 'pod-template-hash': `h${j}` };
        if (v.kind === 'reordered') podLabels = Object.fromEntries(Object.entries(s.labels).reverse());
        if (v.kind === 'labels') podLabels = v.labels;
        if (v.kind === 'serviceAccount') sa = v.sa;
        if (v.kind === 'namespace') ns = v.ns;
        if (v.kind === 'orphan') workload = workloadKey(ns, 'Pod', `p${i}-${j}`);
        pods.push({ namespace: ns, name: `p${i}-${j}`, labels: podLabels, annotations: {}, ips: [], nodeName: null, hostIP: null, hostNetwork: v.kind === 'hostNetwork', serviceAccount: sa, ports: [], owners: [], workload, phase: 'Running', source: null });
      });
    });
    return { name: 'default', namespaces, workloads, pods, endpoints: [], services: [], nodes: [], cidrGroups: [], policies: [], sources: [], diagnostics: [] };
  });

const plain = (t: IdentityTable): unknown => ({
  identities: t.identities.map((i) => ({ ...i, labels: [...i.labels.entries()] })),
  byWorkload: [...t.byWorkload.entries()],
  byPod: [...t.byPod.entries()],
});

describe('computeIdentities (property)', () => {
  it('gives the same table as the memo alone, whatever the pods share with their templates', () => {
    fc.assert(
      fc.property(clusterArb, (cluster) => {
        expect(plain(computeIdentities(cluster))).toEqual(plain(reference(cluster)));
      }),
      { numRuns: 400 },
    );
  });
});
