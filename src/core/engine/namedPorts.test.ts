import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * Named ports of egress rules, as Cilium resolves them.
 *
 * Cilium ≤ 1.19 resolves an egress port name against the named ports of every pod in the cluster
 * (pkg/endpoint: `GetNamedPort(ingress=false)` → `getNamedPortEgress(e.namedPortsGetter.GetNamedPorts())`;
 * pkg/policy/types/namedport.go `namedPortMultiMap.GetNamedPort`: one port number per
 * name/protocol, else ErrDuplicateNamedPorts and the port is skipped; its test
 * TestPolicyNamedPortMultiMap: "http" defined as 80 and 8080 → ErrDuplicateNamedPorts, port 0).
 * Issue cilium/cilium#30003 is this very case. Cilium 1.20 (PR cilium/cilium#44429, and #45760)
 * resolves it against the selected destinations only. Ingress names always resolve on the
 * destination pod itself (`getNamedPortIngress(e.GetK8sPorts())`).
 */
const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-to-web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: http, protocol: TCP}, {port: metrics, protocol: TCP}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-from-shop, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{}]
    toPorts: [{ports: [{port: http, protocol: TCP}]}]
`;
const pods: PodSpec[] = [
  { ns: 'shop', name: 'client', labels: { app: 'client' } },
  { ns: 'shop', name: 'other', labels: { app: 'other' } },
  { ns: 'shop', name: 'web', labels: { app: 'web' }, ports: [['http', 8080]] },
  { ns: 'shop', name: 'api', labels: { app: 'api' }, ports: [['http', 9090]] },
  { ns: 'shop', name: 'exporter', labels: { app: 'exporter' }, ports: [['metrics', 9100]] },
  // A hostNetwork pod has no pod IP of its own: Cilium's ipcache holds no named ports for it.
  { ns: 'shop', name: 'agent', labels: { app: 'agent' }, hostNetwork: true, ports: [['metrics', 9999]] },
];

function model(ciliumVersion: string) {
  const { policies } = policiesFromYaml(yaml, { ciliumVersion });
  return compile(buildCluster({ pods, policies }), { ciliumVersion });
}
const ask = (m: ReturnType<typeof model>, from: string, to: string, port: number) =>
  decide(m, { from: podEndpoint(m, from), to: podEndpoint(m, to), port, protocol: 'TCP' });
const connPorts = (m: ReturnType<typeof model>, from: string, to: string): string => {
  const c = connectivity(m, { exhaustive: true });
  const id = (ref: string) => c.peers.findIndex((p) => p.kind === 'identity' && p.identity === m.identityTable.byPod.get(ref));
  const e = c.edges.find((x) => x.from === id(from) && x.to === id(to));
  return JSON.stringify(e?.allowed.TCP ?? []);
};

describe('egress named ports on Cilium 1.19: resolved across every pod of the cluster', () => {
  const m = model('1.19');
  it('a name defined with two numbers in the cluster is skipped: nothing is allowed on it', () => {
    const d = ask(m, 'shop/client', 'shop/web', 8080);
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('default-deny');
    expect(d.notes.join('\n')).toMatch(/Cilium 1\.19 resolves the port name "http" of an egress rule against every pod in the cluster.*8080, 9090.*1\.20/);
    expect(connPorts(m, 'shop/client', 'shop/web')).toBe(JSON.stringify([[9100, 9100]]));
  });
  it('a name defined once in the cluster is allowed towards the selected peers, even where they do not define it', () => {
    const d = ask(m, 'shop/client', 'shop/web', 9100);
    expect(d.verdict).toBe('allowed');
    expect(d.egress.matched[0]?.portPath).toContain('ports[1]');
    expect(d.notes.join('\n')).toContain('"metrics"');
  });
  it('ingress names still resolve on the destination pod', () => {
    expect(ask(m, 'shop/other', 'shop/api', 9090).verdict).toBe('allowed');
    expect(ask(m, 'shop/other', 'shop/api', 8080).verdict).toBe('denied');
  });
});

describe('egress named ports on Cilium 1.20: resolved on the selected destinations', () => {
  const m = model('1.20');
  it('the destination’s own definition counts', () => {
    expect(ask(m, 'shop/client', 'shop/web', 8080).verdict).toBe('allowed');
    expect(ask(m, 'shop/client', 'shop/web', 9100).verdict).toBe('denied');
    expect(connPorts(m, 'shop/client', 'shop/web')).toBe(JSON.stringify([[8080, 8080]]));
  });
});

describe('Kubernetes NetworkPolicy, cilium/cilium#30003 reproduction (egress to any peer on a named port)', () => {
  const np = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-egress, namespace: default}
spec:
  podSelector: {matchLabels: {network-rules-egress: cilium-np-test}}
  egress:
  - ports: [{port: http-test, protocol: TCP}]
  policyTypes: [Egress]
`;
  const npPods: PodSpec[] = [
    { ns: 'default', name: 'test01', labels: { 'network-rules-egress': 'cilium-np-test' }, ports: [['http-test', 8000]] },
    { ns: 'default', name: 'test02', labels: { app: 'test02' }, ports: [['http-test', 8080]] },
  ];
  const build = (v: string) => compile(buildCluster({ pods: npPods, policies: policiesFromYaml(np, { ciliumVersion: v }).policies }), { ciliumVersion: v });
  it('1.19: test01 cannot reach test02 on 8080 (duplicate named ports); 1.20: it can', () => {
    const m19 = build('1.19');
    expect(decide(m19, { from: podEndpoint(m19, 'default/test01'), to: podEndpoint(m19, 'default/test02'), port: 8080, protocol: 'TCP' }).verdict).toBe('denied');
    const m20 = build('1.20');
    expect(decide(m20, { from: podEndpoint(m20, 'default/test01'), to: podEndpoint(m20, 'default/test02'), port: 8080, protocol: 'TCP' }).verdict).toBe('allowed');
  });
});
