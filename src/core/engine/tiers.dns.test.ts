import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { peerEndpoint } from './testing.ts';

/**
 * cilium/cilium pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy`, case "egress rule with
 * domain names (FQDN)" of pkg/k8s/cluster_network_policy_test.go at
 * 070c28351a729f78fba13394815fbd2b7d62c3da: a domainNames Accept rule comes with a second Accept entry
 * at the same tier and priority, to pods labelled k8s-app=kube-dns on the ports named dns and dns-tcp
 * (with DNS rules for those names). The API's own advice (an allowlist of domainNames, then Deny all)
 * therefore leaves DNS to kube-dns accepted.
 */
const data = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Pod
metadata: {name: pa, namespace: a, labels: {app: x}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, image: i, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}, {name: metrics, containerPort: 9153, protocol: TCP}]}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: allowlist}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  egress:
  - {name: names, action: Accept, to: [{domainNames: ["api.example.com"]}]}
  - {name: rest, action: Deny, to: [{namespaces: {}}, {networks: ["0.0.0.0/0"]}]}
`;

function ask(port: number, protocol: 'TCP' | 'UDP') {
  const { cluster } = loadInputs([{ name: 'c.yaml', data }]);
  const model = compile(cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
  const ref = (s: string) => peerEndpoint(model, s);
  return decide(model, { from: ref('a/pa'), to: ref('kube-system/coredns'), port, protocol });
}

describe('a domainNames Accept rule also accepts DNS to kube-dns (Cilium 1.20)', () => {
  it('DNS to kube-dns on its dns / dns-tcp ports is accepted by the Admin tier, and said so', () => {
    for (const protocol of ['UDP', 'TCP'] as const) {
      const d = ask(53, protocol);
      expect(d.egress.verdict, protocol).toBe('allowed');
      expect(d.egress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'allowlist', path: 'spec.egress[0]' }]);
      expect(d.egress.text).toContain('kube-dns');
      expect(d.egress.text).toContain('Cilium 1.20');
    }
  });
  it('other ports of kube-dns are still denied by the next rule', () => {
    expect(ask(9153, 'TCP').egress.verdict).toBe('denied');
  });
});
