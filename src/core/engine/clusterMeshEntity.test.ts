import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, ipEndpoint, podEndpoint, policiesFromYaml } from './testing.ts';
import type { Endpoint } from './types.ts';

/**
 * The `cluster-mesh` entity (Cilium 1.20): pkg/policy/api/entity.go on cilium/cilium main of
 * 2026-07 (v1.20.0-pre.4, 22018ae719df; vendored by cilium/cilium-cli fc661364d) adds
 * `EntityClusterMesh` to the CRD enum: the selectors of `cluster` (host, remote-node, init,
 * ingress, health, unmanaged, kube-apiserver) and every endpoint carrying
 * `io.cilium.k8s.policy.cluster` (Exists), so the pods of every cluster of the mesh, where
 * `cluster` is the local cluster's pods only. Absent from the enum up to 1.19 (main of 2026-05,
 * v1.20.0-pre.2, still without it): the API server refuses the policy.
 */
const yaml = (entity: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mesh-only, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  egress:
  - toEntities: [${entity}]
`;
const remote: Endpoint = {
  kind: 'endpoint',
  identity: null,
  labels: ['k8s:app=db', 'k8s:io.kubernetes.pod.namespace=shop', 'k8s:io.cilium.k8s.policy.cluster=west'],
  namespace: 'shop',
  display: 'west/shop/db',
  workload: null,
  ports: [],
  ip: null,
  nodeName: null,
};

function model(entity: string, ciliumVersion: string) {
  const { policies, diagnostics } = policiesFromYaml(yaml(entity), { ciliumVersion, clusterName: 'east' });
  const pods = [
    { ns: 'shop', name: 'api', labels: { app: 'api' } },
    { ns: 'shop', name: 'db', labels: { app: 'db' } },
  ];
  return { m: compile(buildCluster({ name: 'east', pods, policies }), { ciliumVersion }), diagnostics };
}
const to = (m: ReturnType<typeof model>['m'], peer: Endpoint) => decide(m, { from: podEndpoint(m, 'shop/api'), to: peer, port: 5432, protocol: 'TCP' }).verdict;

describe('toEntities: cluster-mesh (Cilium 1.20)', () => {
  it('1.20: pods of this cluster and of the other clusters, nodes and the other reserved identities; not the world', () => {
    const { m, diagnostics } = model('cluster-mesh', '1.20');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(to(m, podEndpoint(m, 'shop/db'))).toBe('allowed');
    expect(to(m, remote)).toBe('allowed');
    expect(to(m, entityEndpoint('remote-node'))).toBe('allowed');
    expect(to(m, entityEndpoint('host'))).toBe('allowed');
    expect(to(m, entityEndpoint('kube-apiserver'))).toBe('allowed');
    expect(to(m, ipEndpoint('203.0.113.5'))).toBe('denied');
  });
  it('1.20: `cluster` stays the local cluster: the pod of west is not in it', () => {
    const { m } = model('cluster', '1.20');
    expect(to(m, podEndpoint(m, 'shop/db'))).toBe('allowed');
    expect(to(m, remote)).toBe('denied');
  });
  it('1.19: cluster-mesh is not in the CRD enum: the policy is refused, the message names 1.20', () => {
    const { diagnostics } = model('cluster-mesh', '1.19');
    const err = diagnostics.find((d) => d.severity === 'error' && d.code === 'invalid-entity');
    expect(err?.message).toMatch(/cluster-mesh/);
    expect(err?.message).toMatch(/1\.20/);
  });
});
