import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { peerEndpoint } from './testing.ts';

/**
 * Rule order inside a tier as Cilium 1.20 builds it. Upstream: cilium/cilium
 * pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy` (the version whose test file
 * pkg/k8s/cluster_network_policy_test.go is at commit 070c28351a729f78fba13394815fbd2b7d62c3da) gives
 * rule i of a policy of priority p the priority p + i/100, so policies of equal priority interleave by
 * rule index; at one priority level the deny bit of pkg/policy/types/types.go `Precedence`
 * (`PrecedenceDeny`, also set by `ToPassPrecedence`) puts Deny before Accept, whatever the names.
 * Before this, rules were ordered by priority, then policy name, then rule index.
 *
 * At one priority level Cilium 1.20 ranks Deny, then Accept, then Pass: the low byte of
 * pkg/policy/types/entry.go `Precedence` is 255 for deny, 1-254 for allow, 0 for pass
 * (precedenceByteDeny/Allow/Pass since cilium/cilium 6ff74cf9b5e787acba205ea7a9b396959cee47c8
 * "policy: Fix precedence logic for entries on the same priority level": "pass verdicts have lower
 * precedence than allow or deny entries at the same priority level"; read at
 * 3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b, the last commit before main became 1.21, as in
 * mhofstetter/cilium). So a fail-closed Deny (tiers.failClosed.test.ts) beats a Pass of another
 * policy at its level, and an Accept beats a Pass; the names do not decide.
 */
const base = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: pa, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, image: i}]}
`;

function egressTo(policies: string, to: string) {
  const { cluster, diagnostics } = loadInputs([{ name: 'c.yaml', data: `${base}---\n${policies}` }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = compile(cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
  const ref = (s: string) => peerEndpoint(model, s);
  return decide(model, { from: ref('a/pa'), to: ref(to), port: 443, protocol: 'TCP' });
}

const cnp = (name: string, priority: number, rules: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: Admin
  priority: ${priority}
  subject: {namespaces: {}}
  egress:
${rules}`;

describe('Admin tier order of rules from policies of equal priority (Cilium 1.20 ParseClusterNetworkPolicy)', () => {
  it('rule 0 of every policy comes before rule 1 of any: priority p + index/100', () => {
    // a-first: rule 0 does not match 203.0.113.7, rule 1 accepts everything; b-second: rule 0 denies it.
    const policies = `${cnp('a-first', 10, `  - {name: other, action: Accept, to: [{networks: ["198.51.100.0/24"]}]}
  - {name: all, action: Accept, to: [{networks: ["0.0.0.0/0"]}]}
`)}---
${cnp('b-second', 10, `  - {name: deny, action: Deny, to: [{networks: ["203.0.113.0/24"]}]}
`)}`;
    const d = egressTo(policies, '203.0.113.7');
    expect(d.verdict).toBe('denied');
    expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'b-second', path: 'spec.egress[0]' }]);
  });
  it('at one priority and index, Deny comes before Accept whatever the names', () => {
    const policies = `${cnp('a-accept', 10, `  - {name: ok, action: Accept, to: [{networks: ["0.0.0.0/0"]}]}
`)}---
${cnp('z-deny', 10, `  - {name: no, action: Deny, to: [{networks: ["203.0.113.0/24"]}]}
`)}`;
    const d = egressTo(policies, '203.0.113.7');
    expect(d.verdict).toBe('denied');
    expect(d.egress.text).toContain('z-deny');
  });
  it('a lower priority number still wins over rule order', () => {
    const policies = `${cnp('late', 11, `  - {name: no, action: Deny, to: [{networks: ["203.0.113.0/24"]}]}
`)}---
${cnp('early', 10, `  - {name: x, action: Pass, to: [{networks: ["198.51.100.0/24"]}]}
  - {name: y, action: Pass, to: [{networks: ["198.51.100.0/24"]}]}
  - {name: ok, action: Accept, to: [{networks: ["0.0.0.0/0"]}]}
`)}`;
    expect(egressTo(policies, '203.0.113.7').verdict).toBe('allowed');
  });
});

describe('Deny, then Accept, then Pass at one level (Cilium 1.20 precedence bytes 255 / 1 / 0)', () => {
  it('a fail-closed Deny beats another policy’s Pass of the same priority and rule index, whatever the names', () => {
    // a-pass: Pass everything; b-future: a Pass rule whose only peer Cilium cannot translate (a Deny of every peer).
    const policies = `${cnp('a-pass', 10, `  - {name: hand-over, action: Pass, to: [{networks: ["0.0.0.0/0"]}]}
`)}---
${cnp('b-future', 10, `  - {name: future, action: Pass, to: [{services: {name: x}}]}
`)}`;
    const d = egressTo(policies, '203.0.113.7');
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('explicit-deny');
    expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'b-future', path: 'spec.egress[0]' }]);
  });
  it('an Accept beats another policy’s Pass of the same priority and rule index, whatever the names', () => {
    // With the Pass first, the NetworkPolicy tier has nothing and the Baseline tier denies.
    const policies = `${cnp('a-pass', 10, `  - {name: hand-over, action: Pass, to: [{networks: ["0.0.0.0/0"]}]}
`)}---
${cnp('b-accept', 10, `  - {name: ok, action: Accept, to: [{networks: ["203.0.113.0/24"]}]}
`)}---
${cnp('z-baseline', 10, `  - {name: none, action: Deny, to: [{networks: ["0.0.0.0/0"]}]}
`).replace('tier: Admin', 'tier: Baseline')}`;
    const d = egressTo(policies, '203.0.113.7');
    expect(d.verdict).toBe('allowed');
    expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'b-accept', path: 'spec.egress[0]' }]);
  });
});
