import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { peerEndpoint } from './testing.ts';

/**
 * A ClusterNetworkPolicy peer Cilium cannot translate: one whose only field its v1alpha2 types do
 * not know (written for a newer CRD, which the API server accepted). cilium/cilium
 * pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy` at
 * 0ac689d71fc01d50b4e11949edd2d1d1102d076c, the `default:` case of both peer switches, "fail
 * closed" as the API's peer types ask: in an Accept rule the peer matches nothing (`continue`); in
 * a Deny or Pass rule it becomes a Deny entry with wildcard L3 on the rule's protocols, at the
 * rule's priority. The policy itself still applies (no error). A peer with no field at all is
 * refused by the CRD (MinProperties=1), so it still rejects the object.
 */
const inventory = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: v1
kind: Pod
metadata: {name: pa, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: pb, namespace: b, labels: {app: y}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.2}
`;

const cnp = (egress: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: future}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  egress:
${egress}`;

function run(egress: string, to: string, port: number) {
  const loaded = loadInputs([{ name: 'c.yaml', data: inventory + cnp(egress) }]);
  const model = compile(loaded.cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
  const d = decide(model, { from: peerEndpoint(model, 'a/pa'), to: peerEndpoint(model, to), port, protocol: 'TCP' });
  return { loaded, d };
}

describe('ClusterNetworkPolicy peers Cilium 1.20 cannot translate fail closed', () => {
  it('Accept: the peer matches nothing; the rule’s other peers still accept; the policy applies, with a warning', () => {
    const egress = `  - {name: open, action: Accept, to: [{services: {name: x}}, {namespaces: {matchLabels: {kubernetes.io/metadata.name: b}}}]}
  - {name: rest, action: Deny, to: [{networks: ["0.0.0.0/0"]}]}
`;
    const { loaded, d } = run(egress, 'b/pb', 80);
    expect(loaded.cluster.tierPolicies?.map((p) => p.name)).toEqual(['future']);
    expect(loaded.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const w = loaded.diagnostics.find((x) => x.code === 'untranslatable-peer');
    expect(w?.path).toBe('spec.egress[0].to[0]');
    expect(w?.message).toMatch(/fails closed.*matches nothing/);
    expect(d.egress.verdict).toBe('allowed');
    expect(d.egress.text).toContain('rule `open`: Accept');
    const world = run(egress, '203.0.113.9', 80).d;
    expect(world.egress.verdict).toBe('denied');
    expect(world.egress.text).toContain('rule `rest`: Deny');
  });

  it('Deny: the peer denies every destination on the rule’s protocols, and nothing else', () => {
    const egress = `  - {name: block, action: Deny, to: [{services: {name: x}}], protocols: [{tcp: {destinationPort: {number: 443}}}]}
`;
    const d443 = run(egress, 'b/pb', 443).d;
    expect(d443.egress.verdict).toBe('denied');
    expect(d443.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'future', path: 'spec.egress[0]' }]);
    expect(d443.egress.text).toMatch(/fail-closed Deny of every peer/);
    expect(run(egress, '203.0.113.9', 443).d.egress.verdict).toBe('denied');
    expect(run(egress, 'b/pb', 80).d.egress.verdict).toBe('allowed');
  });

  it('Pass: fails closed as a Deny of every peer, so the NetworkPolicy tier is not consulted', () => {
    const egress = `  - {name: hand-over, action: Pass, to: [{services: {name: x}}]}
`;
    const { loaded, d } = run(egress, 'b/pb', 80);
    expect(loaded.diagnostics.find((x) => x.code === 'untranslatable-peer')?.message).toMatch(/Deny/);
    expect(d.egress.verdict).toBe('denied');
    expect(d.egress.reason).toBe('explicit-deny');
  });

  it('a peer with no field at all is refused by the CRD: the object is rejected', () => {
    const { loaded } = run(`  - {name: empty, action: Deny, to: [{}]}\n`, 'b/pb', 80);
    expect(loaded.cluster.tierPolicies ?? []).toEqual([]);
    expect(loaded.diagnostics.some((x) => x.severity === 'error' && x.path === 'spec.egress[0].to[0]')).toBe(true);
  });
});
