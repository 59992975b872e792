import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { endpointClusterName, parseCiliumEndpoint } from './CiliumEndpoint.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseCiliumEndpoint', () => {
  it('reads identity, labels and addresses as kubectl get cep -o json prints them', () => {
    const doc = yamlDoc(
      JSON.stringify({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumEndpoint',
        metadata: { name: 'web-1', namespace: 'shop' },
        status: {
          id: 1873,
          identity: { id: 48211, labels: ['k8s:app=web', 'k8s:io.cilium.k8s.policy.cluster=prod-1'] },
          networking: { addressing: [{ ipv4: '10.244.1.10', ipv6: 'fd00::a' }], node: '10.0.0.11' },
        },
      }),
    );
    const r = parseCiliumEndpoint(doc, ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ namespace: 'shop', name: 'web-1', identityId: 48211, ips: ['10.244.1.10', 'fd00::a'], nodeIP: '10.0.0.11' });
    expect(r.value && endpointClusterName(r.value)).toBe('prod-1');
  });

  it('warns when there is no status', () => {
    const r = parseCiliumEndpoint(yamlDoc('apiVersion: cilium.io/v2\nkind: CiliumEndpoint\nmetadata: {name: a}\n'), ctx);
    expect(r.value).toMatchObject({ namespace: 'default', identityId: null, identityLabels: [], ips: [] });
    expect(r.value && endpointClusterName(r.value)).toBeNull();
    expect(r.diagnostics[0]?.code).toBe('missing-field');
  });
});
