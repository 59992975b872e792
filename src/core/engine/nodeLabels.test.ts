import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';
import type { Endpoint } from './types.ts';

/**
 * Node labels as Cilium gives them to identities.
 * - Remote nodes, for `fromNodes`/`toNodes` (needs --enable-node-selector-labels, set here; without it
 *   the policy is refused, nodesPeers.test): the Node's labels
 *   with source `node`, plus `k8s:io.cilium.k8s.policy.cluster=<cluster>` (pkg/node/manager
 *   `nodeIdentityLabels`, tested upstream in TestNodeIdentityLabels: `labels.Map2Labels(local.Labels,
 *   labels.LabelSourceNode)` merged with the cluster label). So `role` and `node:role` select, a
 *   `k8s:role` does not, and Cilium 1.19's default local-cluster requirement is met.
 * - The host endpoint, subject of host policies (`nodeSelector`): the Node's labels with source
 *   `k8s`, passed through the identity label filter (pkg/endpoint `InitWithNodeLabels`:
 *   `labelsfilter.Filter(labels.Map2Labels(nodeLabels, labels.LabelSourceK8s))`), so a nodeSelector
 *   on `kubernetes.io/hostname` selects no host.
 */
const pods: PodSpec[] = [{ ns: 'shop', name: 'be', labels: { app: 'be' }, node: 'n1', ip: '10.0.1.2' }];
const nodes: { name: string; ip: string; labels: Record<string, string> }[] = [
  { name: 'n1', ip: '172.18.0.1', labels: { 'kubernetes.io/hostname': 'n1' } },
  { name: 'n2', ip: '172.18.0.2', labels: { role: 'worker', 'kubernetes.io/hostname': 'n2', 'node-role.kubernetes.io/control-plane': '' } },
];
const n2: Endpoint = { kind: 'node', name: 'n2', ip: '172.18.0.2', display: 'n2' };
const model = (yaml: string, v = '1.19') => compile(buildCluster({ pods, nodes, policies: policiesFromYaml(yaml, { ciliumVersion: v, nodeSelectorLabels: true }).policies }), { ciliumVersion: v });

describe('fromNodes: node labels have source node, and the identity carries the cluster label', () => {
  const fromNodes = (key: string) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-workers, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: be}}
  ingress:
  - fromNodes: [{matchLabels: {"${key}": worker}}]
`;
  for (const [v, key, verdict] of [
    ['1.19', 'role', 'allowed'],
    ['1.19', 'node:role', 'allowed'],
    ['1.19', 'k8s:role', 'denied'],
    ['1.18', 'role', 'allowed'],
    ['1.18', 'k8s:role', 'denied'],
  ] as const)
    it(`${v} ${key}: ${verdict}`, () => {
      const m = model(fromNodes(key), v);
      expect(decide(m, { from: n2, to: podEndpoint(m, 'shop/be'), port: 80, protocol: 'TCP' }).verdict).toBe(verdict);
    });
});

describe('host policies: nodeSelector matches the filtered node labels of the host endpoint', () => {
  const hostPolicy = (key: string) => `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: host-fw}
spec:
  nodeSelector: {matchLabels: {"${key}": "${key === 'kubernetes.io/hostname' ? 'n2' : ''}"}}
  ingress:
  - fromEntities: [world]
`;
  it('kubernetes.io/hostname is filtered out of the host identity: the rule selects no node', () => {
    const m = model(hostPolicy('kubernetes.io/hostname'));
    const d = decide(m, { from: podEndpoint(m, 'shop/be'), to: n2, port: 22, protocol: 'TCP' });
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.reason).toBe('no-policy');
  });
  it('node-role.kubernetes.io/control-plane is kept: the rule selects n2 and puts it in default deny', () => {
    const m = model(hostPolicy('node-role.kubernetes.io/control-plane'));
    const d = decide(m, { from: podEndpoint(m, 'shop/be'), to: n2, port: 22, protocol: 'TCP' });
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
  });
  it('the parser says so when a nodeSelector key is not an identity label', () => {
    const { diagnostics } = policiesFromYaml(hostPolicy('kubernetes.io/hostname'));
    const w = diagnostics.find((x) => x.code === 'node-label-not-in-identity');
    expect(w?.message).toContain('kubernetes.io/hostname');
  });
});
