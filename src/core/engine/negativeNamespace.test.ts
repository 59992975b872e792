import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, ipEndpoint, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * Negative namespace selectors in endpoint peers (cilium/cilium, Apache-2.0,
 * pkg/k8s/apis/cilium.io/utils/utils.go `getEndpointSelector`): a selector that names
 * io.kubernetes.pod.namespace with any operator gets no namespace added, and label selectors
 * match a missing label for NotIn and DoesNotExist (k8s.io/apimachinery labels semantics, which
 * Cilium's EndpointSelector uses on identity labels). Identities without that label are the
 * reserved ones (world, remote-node, health, ...): before Cilium 1.19 nothing else is added, so
 * such a selector also selects them; from 1.19 the local-cluster filter (`io.cilium.k8s.policy.cluster`,
 * `addClusterFilterByDefault`) leaves only pods of this cluster.
 */
const pods = [
  { ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.244.1.5' },
  { ns: 'shop', name: 'client', labels: { app: 'client' }, ip: '10.244.1.6' },
  { ns: 'other', name: 'client', labels: { app: 'client' }, ip: '10.244.2.6' },
  { ns: 'blocked', name: 'client', labels: { app: 'client' }, ip: '10.244.3.6' },
];
const namespaces = { shop: { team: 'a' }, other: { team: 'b' }, blocked: { team: 'x' } };

function model(selector: string, ciliumVersion: string) {
  const { policies } = policiesFromYaml(
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: not-blocked, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n  - fromEndpoints: [${selector}]\n`,
    { ciliumVersion },
  );
  return compile(buildCluster({ namespaces, pods, policies }), { ciliumVersion });
}

const fromPod = (m: ReturnType<typeof model>, ref: string) => decide(m, { from: podEndpoint(m, ref), to: podEndpoint(m, 'shop/web'), port: 80, protocol: 'TCP' });
const fromWorld = (m: ReturnType<typeof model>) => decide(m, { from: ipEndpoint('198.51.100.7'), to: podEndpoint(m, 'shop/web'), port: 80, protocol: 'TCP' });

const NOT_IN = '{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [blocked]}]}';
const DOES_NOT_EXIST = '{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: DoesNotExist}]}';

describe('io.kubernetes.pod.namespace NotIn in a CiliumNetworkPolicy peer', () => {
  for (const v of ['1.16', '1.18', '1.19', '1.20']) {
    it(`Cilium ${v}: selects pods of every other namespace, its own included, not the excluded one`, () => {
      const m = model(NOT_IN, v);
      expect(fromPod(m, 'other/client').verdict).toBe('allowed');
      expect(fromPod(m, 'shop/client').verdict).toBe('allowed');
      expect(fromPod(m, 'blocked/client').verdict).toBe('denied');
    });
  }
  it('Cilium 1.18: also selects identities without a namespace (world), and the note says why and what changes in 1.19', () => {
    const d = fromWorld(model(NOT_IN, '1.18'));
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.text).toContain('not-blocked');
    const note = d.notes.find((n) => n.includes('NotIn'));
    expect(note).toContain('Cilium 1.18');
    expect(note).toContain('1.19');
  });
  it('Cilium 1.19: the local-cluster filter keeps world out', () => {
    expect(fromWorld(model(NOT_IN, '1.19')).verdict).toBe('denied');
  });
});

describe('io.kubernetes.pod.namespace DoesNotExist', () => {
  it('Cilium 1.18: selects no pod but every identity without a namespace', () => {
    const m = model(DOES_NOT_EXIST, '1.18');
    expect(fromPod(m, 'other/client').verdict).toBe('denied');
    expect(fromWorld(m).verdict).toBe('allowed');
  });
  it('Cilium 1.19: selects nothing (no pod lacks it, and reserved identities lack the cluster label)', () => {
    const m = model(DOES_NOT_EXIST, '1.19');
    expect(fromPod(m, 'other/client').verdict).toBe('denied');
    expect(fromWorld(m).verdict).toBe('denied');
  });
});

describe('namespace labels with NotIn', () => {
  const byLabel = '{matchExpressions: [{key: io.cilium.k8s.namespace.labels.team, operator: NotIn, values: [x]}]}';
  it('Cilium 1.19: across namespaces, by the namespace label', () => {
    const m = model(byLabel, '1.19');
    expect(fromPod(m, 'other/client').verdict).toBe('allowed');
    expect(fromPod(m, 'blocked/client').verdict).toBe('denied');
  });
  it('before 1.19: the policy namespace is added, so only its own pods', () => {
    const m = model(byLabel, '1.18');
    expect(fromPod(m, 'shop/client').verdict).toBe('allowed');
    expect(fromPod(m, 'other/client').verdict).toBe('denied');
  });
});
