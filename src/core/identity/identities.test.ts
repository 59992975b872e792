import { describe, it, expect } from 'vitest';
import { isIdentityLabel } from './labelFilter.ts';
import { podIdentityLabels } from './podIdentity.ts';
import { formatLabel } from '../model/labels.ts';
import type { IdentityKey } from '../model/cluster.ts';
import { buildCluster } from '../engine/testing.ts';
import { computeIdentities, identityKeyOf } from './identities.ts';

describe('identity label filter', () => {
  it('keeps user labels and Cilium/namespace keys, drops Kubernetes bookkeeping', () => {
    for (const k of ['app', 'tier', 'app.kubernetes.io/name', 'io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels.team', 'io.cilium.k8s.policy.cluster'])
      expect(isIdentityLabel(k), k).toBe(true);
    for (const k of [
      'pod-template-hash',
      'controller-revision-hash',
      'statefulset.kubernetes.io/pod-name',
      'apps.kubernetes.io/pod-index',
      'batch.kubernetes.io/job-completion-index',
      'batch.kubernetes.io/controller-uid',
      'controller-uid',
      'topology.kubernetes.io/zone',
      'failure-domain.beta.kubernetes.io/zone',
      'kubernetes.io/hostname',
      'io.kubernetes.container.name',
      'k8s.io/foo',
      'annotation.x',
      'pod-template-generation',
      'etcd_node',
    ])
      expect(isIdentityLabel(k), k).toBe(false);
  });

  // pkg/labelsfilter/filter.go: every pattern is a regexp that must match at the *start* of the key
  // (`LabelPrefix.matches`: FindStringIndex(...)[0] == 0); a key is kept when no ignore pattern
  // matches or an include pattern matches a longer section (`filterLabels`). filter_test.go
  // TestFilterLabels: "foo only works if it's the prefix of a label"; TestDefaultFilterLabels keeps
  // `ioXkubernetes`, `ignore`, `app.kubernetes.io`, drops `kubernetes.io.foo`, `beta.kubernetes.io.foo`.
  it('matches the default patterns at the start of the key only, as Cilium does', () => {
    for (const k of [
      'ioXkubernetes',
      'ignore',
      'batch.kubernetes.io/job-name',
      'job-name',
      'node.kubernetes.io/pool',
      'sidecar.istio.io/inject',
      'security.istio.io/tlsMode',
      'k8s-app',
      'io.cilium.k8s.policy.serviceaccount',
    ])
      expect(isIdentityLabel(k), k).toBe(true);
    for (const k of ['kubernetes.io.foo', 'beta.kubernetes.io.foo', 'io.kubernetes.pod.name', 'controller-uid-x', 'k8s.io.foo', 'annotation.kubectl.kubernetes.io'])
      expect(isIdentityLabel(k), k).toBe(false);
  });

  it('derives the labels Cilium puts on a pod', () => {
    const labels = podIdentityLabels({
      namespace: 'shop',
      podLabels: { app: 'frontend', 'pod-template-hash': 'abc' },
      namespaceLabels: { team: 'web' },
      serviceAccount: 'frontend',
      clusterName: 'default',
    });
    expect([...labels.values()].map(formatLabel).sort()).toEqual([
      'k8s:app=frontend',
      'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=shop',
      'k8s:io.cilium.k8s.namespace.labels.team=web',
      'k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.cilium.k8s.policy.serviceaccount=frontend',
      'k8s:io.kubernetes.pod.namespace=shop',
    ]);
  });
});

describe('computeIdentities', () => {
  const cluster = buildCluster({
    namespaces: { shop: { team: 'web' }, bank: { team: 'web' } },
    pods: [
      { ns: 'shop', name: 'a', labels: { app: 'x', 'pod-template-hash': '1' } },
      { ns: 'shop', name: 'b', labels: { 'pod-template-hash': '2', app: 'x' } },
      { ns: 'bank', name: 'c', labels: { app: 'x' } },
      { ns: 'shop', name: 'd', labels: { app: 'x' }, serviceAccount: 'other' },
      { ns: 'shop', name: 'e', labels: { app: 'x', tier: 'y' } },
      // Parts that would run together without their lengths (`ab` + `c` and `a` + `bc`).
      { ns: 'shop', name: 'f', labels: { ab: 'c' } },
      { ns: 'shop', name: 'g', labels: { a: 'bc' } },
    ],
  });
  const table = computeIdentities(cluster);
  const of = (pod: string): string => table.byPod.get(`shop/${pod}`) ?? table.byPod.get(`bank/${pod}`) ?? '';

  it('gives pods the identity of their labels after the filter, whatever order the labels were written in', () => {
    expect(of('a')).toBe(of('b'));
    expect(table.byKey.get(of('a') as IdentityKey)?.workloads).toEqual(['shop/Pod/a', 'shop/Pod/b']);
  });

  it('tells apart pods that differ in namespace, service account or an identity label', () => {
    const keys = ['a', 'c', 'd', 'e', 'f', 'g'].map(of);
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) {
      // Each key is the one its labels make: the label set Cilium derives.
      const id = table.byKey.get(key as IdentityKey);
      expect(id && identityKeyOf(id.labels)).toBe(key);
    }
    expect(of('d')).toContain('k8s:io.cilium.k8s.policy.serviceaccount=other');
    expect(of('c')).toContain('k8s:io.kubernetes.pod.namespace=bank');
  });
});
