import { describe, expect, it } from 'vitest';
import { loadInputs } from './loadInputs.ts';
import { classifyInputName } from './inputNames.ts';

/**
 * CiliumEndpointSlices (cilium.io/v2alpha1, cluster-scoped; cilium/cilium
 * pkg/k8s/apis/cilium.io/v2alpha1/types.go at a8efa34af3f77326e7d83ff246ae79809cb0fc24, CiliumEndpointSlice {namespace, endpoints:
 * CoreCiliumEndpoint {name, id, networking, encryption, named-ports}}): the operator's batches of
 * CiliumEndpoints, which agents watch instead of them when `enable-cilium-endpoint-slice` is on.
 * Read into the same endpoint inventory, under the same diagnostics rules; a CiliumEndpoint of the
 * same pod wins (it has the identity's labels).
 */

const SLICES = `apiVersion: v1
kind: List
items:
- apiVersion: cilium.io/v2alpha1
  kind: CiliumEndpointSlice
  metadata:
    name: ces-9x2kq7dfl-ab3cd
  namespace: shop
  endpoints:
  - name: web-1
    id: 48399
    networking:
      addressing:
      - ipv4: 10.244.0.5
      node: 172.18.0.3
  - name: db-0
    id: 5120
    networking:
      addressing:
      - ipv4: 10.244.1.17
        ipv6: fd00:10:244:1::17
      node: 172.18.0.4
    encryption: {}
    named-ports:
    - name: pg
      port: 5432
      protocol: TCP
  - name: bad-1
    id: twelve
    networking:
      addressing:
      - ipv4: 10.244.1.x
  - id: 5121
- apiVersion: cilium.io/v2alpha1
  kind: CiliumEndpointSlice
  metadata:
    name: ces-nonamespace
  endpoints:
  - name: lost-0
    id: 5120
`;

const CEP = `apiVersion: cilium.io/v2
kind: CiliumEndpoint
metadata: {name: web-1, namespace: shop}
status:
  identity: {id: 48312, labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop']}
  networking: {addressing: [{ipv4: 10.244.0.5}], node: 172.18.0.3}
`;

const IDENTITY = `apiVersion: cilium.io/v2
kind: CiliumIdentity
metadata: {name: "5120", labels: {io.kubernetes.pod.namespace: shop}}
security-labels: {k8s:app: db, k8s:io.kubernetes.pod.namespace: shop}
`;

describe('CiliumEndpointSlices', () => {
  it("a sysdump's ciliumendpointslices listing is read", () => {
    expect(classifyInputName('cilium-sysdump-20261120-091500/ciliumendpointslices-20261120-091500.yaml')).toEqual({ read: true, sysdump: true });
  });

  it('read into the endpoint inventory: labels from the CiliumIdentity, a CiliumEndpoint of the same pod wins, each damaged field said at its path', () => {
    const name = 'ciliumendpointslices-20261120-091500.yaml';
    const r = loadInputs([
      { name, data: SLICES },
      { name: 'ciliumendpoints.yaml', data: CEP },
      { name: 'ciliumidentities.yaml', data: IDENTITY },
    ]);
    expect(r.cluster.endpoints.map((e) => [`${e.namespace}/${e.name}`, e.identityId, e.identityLabels.join(','), e.ips.join(','), e.nodeIP, e.source?.file, e.source?.line])).toEqual([
      ['shop/bad-1', null, '', '', null, name, 28],
      ['shop/db-0', 5120, 'k8s:app=db,k8s:io.kubernetes.pod.namespace=shop', '10.244.1.17,fd00:10:244:1::17', '172.18.0.4', name, 16],
      ['shop/web-1', 48312, 'k8s:app=web,k8s:io.kubernetes.pod.namespace=shop', '10.244.0.5', '172.18.0.3', 'ciliumendpoints.yaml', 1],
    ]);
    const said = r.diagnostics.filter((d) => d.file === name && d.severity !== 'info').map((d) => [d.severity, d.code, d.line, d.path]);
    expect(said).toEqual([
      ['warning', 'endpoint-slice-identity', 10, ''],
      ['error', 'invalid-type', 29, 'items[0].endpoints[2].id'],
      ['warning', 'invalid-ip', 32, 'items[0].endpoints[2].networking.addressing[0].ipv4'],
      ['warning', 'missing-name', 33, 'items[0].endpoints[3]'],
      ['warning', 'missing-field', 34, 'items[1]'],
    ]);
    expect(r.diagnostics.find((d) => d.code === 'endpoint-slice-identity')?.message).toContain('identity 48399');
    const note = r.diagnostics.find((d) => d.code === 'cilium-endpoint-slices');
    expect(note?.message).toContain('3 endpoints');
    expect(note?.message).toContain('2 had no CiliumEndpoint loaded');
    expect(r.cluster.sources.find((s) => s.file === name)?.counts).toMatchObject({ CiliumEndpoint: 3 });
  });

  it("a slice's endpoint whose identity no CiliumIdentity names keeps its number and is said", () => {
    const r = loadInputs([{ name: 'ces.yaml', data: SLICES.split('- apiVersion: cilium.io/v2alpha1\n  kind: CiliumEndpointSlice\n  metadata:\n    name: ces-nonamespace')[0] ?? '' }]);
    expect(r.cluster.endpoints.find((e) => e.name === 'db-0')).toMatchObject({ identityId: 5120, identityLabels: [] });
    expect(r.diagnostics.find((d) => d.code === 'cilium-endpoint-slices')?.message).toContain('no CiliumIdentity was loaded for 2 identity numbers (5120, 48399)');
  });
});
