import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { peerEndpoint } from './testing.ts';

/**
 * A ClusterNetworkPolicy `nodes` peer selects the local host as well as the remote nodes in Cilium
 * 1.20: cilium/cilium pkg/k8s/cluster_network_policy.go `kcnpProcessNodeSelector` returns two
 * selectors since f91f3180085b2624563d99d74791ef33f2aa9d21 ("policy: Fix KCNP node selector
 * handling for local host", 2026-03-26, on main while it was 1.20.0-dev, so in 1.20.0): the node
 * labels with `reserved:host Exists` and with `reserved:remote-node Exists`, each with the cluster
 * label; its test case "egress rule with node selector" (pkg/k8s/cluster_network_policy_test.go at
 * 070c28351a729f78fba13394815fbd2b7d62c3da) expects both. At 0ac689d71fc0 (2026-02-18) it was
 * remote nodes only, as a CNP's fromNodes/toNodes still are (nodeLabels.test.ts). History read in
 * mhofstetter/cilium (a fork carrying cilium/cilium main to 2026-08-07).
 *
 * Without a cilium-config the loader assumes enable-node-selector-labels on (8cf51af); every
 * verdict a policy read under that assumption decides says so in its notes, which the app's
 * answer, "Copy explanation" and `netpol-viz explain` show.
 */
const inventory = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.18.0.1}]}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 172.18.0.2}]}
---
apiVersion: v1
kind: Pod
metadata: {name: pa, namespace: a, labels: {app: x}}
spec: {nodeName: n1, containers: [{name: c, image: i}]}
status: {podIP: 10.0.1.5}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: node-guard}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  egress:
  - name: no-kubelet
    action: Deny
    to: [{nodes: {matchLabels: {role: worker}}}]
    protocols: [{tcp: {destinationPort: {number: 10250}}}]
`;

function run(nodeSelectorLabels: boolean | undefined, to: string, port = 10250) {
  const loaded = loadInputs([{ name: 'c.yaml', data: inventory }], { ciliumVersion: '1.20', ...(nodeSelectorLabels !== undefined ? { agentSettings: { nodeSelectorLabels } } : {}) });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const model = compile(loaded.cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
  const q = { from: peerEndpoint(model, 'a/pa'), to: peerEndpoint(model, to), port, protocol: 'TCP' as const };
  return { model, q, d: decide(model, q) };
}

describe('ClusterNetworkPolicy nodes peer: remote nodes and the local host (Cilium 1.20)', () => {
  it('selects the subject’s own node (the host), and the explanation says Cilium 1.20 does so', () => {
    const { d } = run(true, 'node:n1');
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('explicit-deny');
    expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'node-guard', path: 'spec.egress[0]' }]);
    expect(d.egress.text).toContain('Cilium 1.20');
    expect(d.egress.text).toContain('its nodes peer (spec.egress[0].to[0]) selects node:n1, the local host');
  });
  it('by address too', () => {
    expect(run(true, '172.18.0.1').d.egress.reason).toBe('explicit-deny');
  });
  it('selects a remote node, without the words on the local host', () => {
    const { d } = run(true, 'node:n2');
    expect(d.egress.reason).toBe('explicit-deny');
    expect(d.egress.text).not.toContain('local host');
  });
  it('not another port', () => {
    expect(run(true, 'node:n1', 22).d.verdict).toBe('allowed');
  });
});

describe('enable-node-selector-labels assumed on: said with every verdict the policy decides', () => {
  it('a path the nodes peer decides: the notes, and the copied explanation, say it was assumed, Cilium’s default and what the agent does with it off', () => {
    const { model, q, d } = run(undefined, 'node:n2');
    expect(d.egress.reason).toBe('explicit-deny');
    const note = d.notes.find((n) => n.includes('enable-node-selector-labels'));
    expect(note).toContain('ClusterNetworkPolicy node-guard');
    expect(note).toContain('assumed true (Cilium 1.20 default: off; no cilium-config loaded)');
    expect(note).toContain('refuses the whole ClusterNetworkPolicy');
    const text = explainText({ from: 'a/pa', to: 'node:n2', what: 'TCP/10250' }, d, model);
    expect(text).toContain(note);
    expect(q.port).toBe(10250);
  });
  it('not said when the setting is known, nor for a path the policy does not decide', () => {
    expect(run(true, 'node:n2').d.notes.some((n) => n.includes('enable-node-selector-labels'))).toBe(false);
    expect(run(undefined, 'node:n2', 22).d.notes.some((n) => n.includes('enable-node-selector-labels'))).toBe(false);
  });
});
