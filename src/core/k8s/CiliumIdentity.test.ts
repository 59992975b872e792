import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parseCiliumIdentity } from './CiliumIdentity.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseCiliumIdentity', () => {
  it('reads the numeric name and security-labels as the CRD stores them', () => {
    const r = parseCiliumIdentity(
      yamlDoc(`apiVersion: cilium.io/v2
kind: CiliumIdentity
metadata:
  name: "48211"
  labels: {io.kubernetes.pod.namespace: shop}
security-labels:
  k8s:app: web
  k8s:io.cilium.k8s.policy.cluster: prod-1
  k8s:io.kubernetes.pod.namespace: shop
`),
      ctx,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ id: 48211, namespace: 'shop', labels: ['k8s:app=web', 'k8s:io.cilium.k8s.policy.cluster=prod-1', 'k8s:io.kubernetes.pod.namespace=shop'] });
  });

  it('writes a label without value as Cilium prints it, and has no namespace for reserved identities', () => {
    const r = parseCiliumIdentity(yamlDoc('apiVersion: cilium.io/v2\nkind: CiliumIdentity\nmetadata: {name: "16777217"}\nsecurity-labels: {"reserved:kube-apiserver": "", "reserved:world": ""}\n'), ctx);
    expect(r.value).toMatchObject({ id: 16777217, namespace: null, labels: ['reserved:kube-apiserver', 'reserved:world'] });
  });

  it('skips an identity not named by a number, with a diagnostic', () => {
    const r = parseCiliumIdentity(yamlDoc('apiVersion: cilium.io/v2\nkind: CiliumIdentity\nmetadata: {name: web}\nsecurity-labels: {"k8s:app": web}\n'), ctx);
    expect(r.value).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['invalid-value', 3]]);
  });
});
