import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { hasPort } from './PortSet.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, ipEndpoint, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * Reserved identities as the endpoint whose policy applies (cilium/cilium, Apache-2.0):
 * - init (identity 5): a pod whose labels are not resolved yet; rules selecting `reserved:init`
 *   apply to it (pkg/k8s/apis/cilium.io/utils/utils.go `matchesPodInit`: such rules get no
 *   namespace added to their peers);
 * - ingress (identity 8): Cilium Ingress / Gateway API's Envoy; policies selecting it are computed
 *   and enforced by Envoy since cilium/cilium#28126 (Cilium 1.15: "Network policies for
 *   reserved:ingress identity are now enforced by Cilium Ingress and Gateway API"), not before;
 * - unmanaged (identity 3): pods Cilium does not manage: no policy of theirs is enforced.
 */
const pods = [{ ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.244.1.5' }];

function model(yaml: string, ciliumVersion = '1.19') {
  const { policies } = policiesFromYaml(yaml, { ciliumVersion });
  return compile(buildCluster({ pods, policies }), { ciliumVersion });
}

const initDns = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: init-dns}
spec:
  endpointSelector: {matchLabels: {'reserved:init': ''}}
  egress:
  - toEntities: [world]
    toPorts: [{ports: [{port: '53', protocol: UDP}]}]
`;

describe('reserved:init endpoints', () => {
  it('rules selecting reserved:init apply to them: what they allow passes, the rest is default deny', () => {
    const m = model(initDns);
    const ok = decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 53, protocol: 'UDP' });
    expect(ok.verdict).toBe('allowed');
    expect(ok.egress.text).toContain('init-dns');
    const no = decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 443, protocol: 'TCP' });
    expect(no.verdict).toBe('denied');
    expect(no.egress.reason).toBe('default-deny');
    expect(no.egress.text).toContain('init-dns');
  });
  it('the graph has the init endpoint as a peer, with the same verdicts', () => {
    const m = model(initDns);
    const conn = connectivity(m);
    const init = conn.peers.findIndex((p) => p.kind === 'reserved' && p.entity === 'init');
    expect(init).toBeGreaterThanOrEqual(0);
    const out = conn.edges.filter((e) => e.from === init && conn.peers[e.to]?.kind === 'range');
    expect(out.length).toBeGreaterThan(0);
    for (const e of out) {
      expect(hasPort(e.allowed, 'UDP', 53)).toBe(true);
      expect(hasPort(e.allowed, 'TCP', 443)).toBe(false);
    }
  });
  // pkg/policy/repository_deny_test.go TestComputePolicyDenyEnforcementAndRules and
  // repository.go computePolicyEnforcementAndRules: "If the endpoint has the reserved:init label,
  // i.e. if it has not yet received any labels, always enforce policy (default deny)", in the
  // default mode too, with or without rules selecting it; enable-policy=never enforces nothing.
  it('with no rule selecting reserved:init, both directions are still in default deny (default mode)', () => {
    const m = model('');
    const d = decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 443, protocol: 'TCP' });
    expect(d.verdict).toBe('denied');
    expect(d.egress.reason).toBe('default-deny');
    expect(d.egress.text).toContain('reserved:init');
    const into = decide(m, { from: podEndpoint(m, 'shop/web'), to: entityEndpoint('init'), port: 80, protocol: 'TCP' });
    expect(into.ingress.reason).toBe('default-deny');
    const conn = connectivity(m, { identitiesOnly: false });
    const init = conn.peers.findIndex((p) => p.kind === 'reserved' && p.entity === 'init');
    expect(conn.edges.filter((e) => e.from === init || e.to === init)).toEqual([]);
  });
  it('enable-policy=never: nothing is enforced on them either', () => {
    const { policies } = policiesFromYaml('');
    const m = compile(buildCluster({ pods, policies }), { enforcementMode: 'never' });
    expect(decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 443, protocol: 'TCP' }).verdict).toBe('allowed');
  });
  it('enableDefaultDeny false does not lift it: a rule selecting reserved:init allows only what it names', () => {
    const m = model(initDns.replace('  egress:', '  enableDefaultDeny: {egress: false}\n  egress:'));
    expect(decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 53, protocol: 'UDP' }).verdict).toBe('allowed');
    expect(decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 443, protocol: 'TCP' }).verdict).toBe('denied');
  });
  it('a CiliumNetworkPolicy never selects them (its namespace is added to the subject): default deny', () => {
    const m = model(initDns.replace('CiliumClusterwideNetworkPolicy', 'CiliumNetworkPolicy').replace('{name: init-dns}', '{name: init-dns, namespace: shop}'));
    const d = decide(m, { from: entityEndpoint('init'), to: ipEndpoint('8.8.8.8'), port: 53, protocol: 'UDP' });
    expect(d.verdict).toBe('denied');
    expect(d.egress.text).not.toContain('init-dns');
  });
});

const ingressPolicy = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: ingress-to-web}
spec:
  endpointSelector: {matchExpressions: [{key: 'reserved:ingress', operator: Exists}]}
  egress:
  - toEndpoints: [{matchLabels: {app: web}}]
    toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
`;

describe('reserved:ingress (Cilium Ingress / Gateway API Envoy)', () => {
  it('from Cilium 1.15 policies selecting it are enforced', () => {
    const m = model(ingressPolicy, '1.15');
    expect(decide(m, { from: entityEndpoint('ingress'), to: podEndpoint(m, 'shop/web'), port: 8080, protocol: 'TCP' }).verdict).toBe('allowed');
    const d = decide(m, { from: entityEndpoint('ingress'), to: podEndpoint(m, 'shop/web'), port: 9090, protocol: 'TCP' });
    expect(d.verdict).toBe('denied');
    expect(d.egress.text).toContain('ingress-to-web');
  });
  it('on Cilium 1.14 they are not: the explanation names the release', () => {
    const m = model(ingressPolicy, '1.14');
    const d = decide(m, { from: entityEndpoint('ingress'), to: podEndpoint(m, 'shop/web'), port: 9090, protocol: 'TCP' });
    expect(d.verdict).toBe('allowed');
    expect(d.egress.reason).toBe('not-applicable');
    expect(d.egress.text).toContain('1.15');
  });
});

describe('reserved:unmanaged', () => {
  it('has no policy of its own even when a clusterwide {} selects everything', () => {
    const m = model(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: lockdown}
spec:
  endpointSelector: {}
  egress: [{}]
`);
    const d = decide(m, { from: entityEndpoint('unmanaged'), to: podEndpoint(m, 'shop/web'), port: 80, protocol: 'TCP' });
    expect(d.egress.reason).toBe('not-applicable');
  });
  it('is a peer selected by unmanaged and cluster, not by world', () => {
    for (const [entity, verdict] of [
      ['unmanaged', 'allowed'],
      ['cluster', 'allowed'],
      ['world', 'denied'],
    ] as const) {
      const m = model(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-${entity}, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress: [{fromEntities: [${entity}]}]
`);
      expect(decide(m, { from: entityEndpoint('unmanaged'), to: podEndpoint(m, 'shop/web'), port: 80, protocol: 'TCP' }).verdict, entity).toBe(verdict);
    }
  });
});
