import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { hasPort } from './PortSet.ts';

// Two namespaces under the same Cilium rules (so the same NetworkPolicy-tier profile) whose Admin
// tiers differ only in the action of their one rule: each must get its own verdict.
const files = [
  {
    name: 'cluster.yaml',
    data: `apiVersion: v1
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
---
apiVersion: v1
kind: Pod
metadata: {name: pb, namespace: b, labels: {app: x}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: egress-world}
spec:
  endpointSelector: {}
  egress:
  - toEntities: [world]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: a-deny-smtp}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  egress:
  - {name: smtp, action: Deny, to: [{networks: ["0.0.0.0/0"]}], protocols: [{tcp: {destinationPort: {number: 25}}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: b-accept-smtp}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: b}}}
  egress:
  - {name: smtp, action: Accept, to: [{networks: ["0.0.0.0/0"]}], protocols: [{tcp: {destinationPort: {number: 25}}}]}
`,
  },
];

describe('connectivity with policy tiers', () => {
  it('keeps apart endpoints with the same Cilium rules and different Admin-tier rules', () => {
    const { cluster, diagnostics } = loadInputs(files);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const model = compile(cluster, { ciliumVersion: '1.20' });
    const conn = connectivity(model);
    const world = conn.peers.findIndex((p) => p.kind === 'range' && p.start === '0.0.0.0');
    const smtp = (ns: string) => {
      const from = conn.peers.findIndex((p) => p.kind === 'identity' && p.namespace === ns);
      const e = conn.edges.find((x) => x.from === from && x.to === world);
      return e !== undefined && hasPort(e.allowed, 'TCP', 25);
    };
    expect(smtp('a')).toBe(false);
    expect(smtp('b')).toBe(true);
  });
});
