import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';
import type { Endpoint } from './types.ts';

/**
 * Policies that name no cluster select endpoints of the local cluster only from Cilium 1.19
 * (`policy-default-local-cluster`, introduced in 1.18 and on by default in 1.19; Cilium's
 * Documentation/operations/upgrade.rst "Preparing for a policy-default-local-cluster change":
 * "Cilium network policies used to implicitly select endpoints from all the clusters … This
 * option restricts endpoints selection to the local cluster by default"). A peer that names
 * `io.cilium.k8s.policy.cluster` itself keeps selecting that cluster.
 */
const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-frontend, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
  - fromEndpoints: [{matchLabels: {app: batch, io.cilium.k8s.policy.cluster: west}}]
`;

/** A pod of the ClusterMesh peer cluster `west` (same namespace name). */
const remote = (app: string): Endpoint => ({
  kind: 'endpoint',
  identity: null,
  labels: [`k8s:app=${app}`, 'k8s:io.kubernetes.pod.namespace=shop', 'k8s:io.cilium.k8s.policy.cluster=west'],
  namespace: 'shop',
  display: `west/shop/${app}`,
  workload: null,
  ports: [],
  ip: null,
  nodeName: null,
});

function model(ciliumVersion: string) {
  const { policies } = policiesFromYaml(yaml, { ciliumVersion, clusterName: 'east' });
  const pods = [
    { ns: 'shop', name: 'backend', labels: { app: 'backend' } },
    { ns: 'shop', name: 'frontend', labels: { app: 'frontend' } },
  ];
  return compile(buildCluster({ name: 'east', pods, policies }), { ciliumVersion });
}

describe('policy-default-local-cluster (Cilium 1.19): no cluster named = local cluster only', () => {
  it('1.19: a remote frontend is not selected; the local one is; an explicit cluster key still works', () => {
    const m = model('1.19');
    const to = podEndpoint(m, 'shop/backend');
    expect(decide(m, { from: podEndpoint(m, 'shop/frontend'), to, port: 80, protocol: 'TCP' }).verdict).toBe('allowed');
    expect(decide(m, { from: remote('frontend'), to, port: 80, protocol: 'TCP' }).verdict).toBe('denied');
    expect(decide(m, { from: remote('batch'), to, port: 80, protocol: 'TCP' }).verdict).toBe('allowed');
  });
  it('1.18: the same policy selects frontends of every cluster', () => {
    const m = model('1.18');
    const to = podEndpoint(m, 'shop/backend');
    expect(decide(m, { from: remote('frontend'), to, port: 80, protocol: 'TCP' }).verdict).toBe('allowed');
  });
});
