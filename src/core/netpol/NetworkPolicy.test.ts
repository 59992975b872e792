import { describe, expect, it } from 'vitest';
import type { Peer, Policy } from '../model/policy.ts';
import { formatSelector } from '../model/selector.ts';
import { rawDoc, testCtx, valueDoc } from '../cilium/testDocs.ts';
import { parseNetworkPolicy } from './NetworkPolicy.ts';

const np = (spec: unknown, metadata: object = { name: 'np', namespace: 'shop' }) =>
  valueDoc({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec });
const ok = (spec: unknown): Policy => {
  const r = parseNetworkPolicy(np(spec), testCtx);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n'));
  return r.value;
};
const rule = (spec: unknown) => ok(spec).rules[0]!;
const sel = (p: Peer | undefined) => (p?.kind === 'endpoints' ? formatSelector(p.selector) : p?.kind);

describe('NetworkPolicy → Cilium rule (B.10)', () => {
  it('one rule at spec; subject = podSelector keys as k8s: + namespace', () => {
    const p = ok({ podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] });
    expect(p.key).toBe('NetworkPolicy/shop/np');
    expect(p.rules).toHaveLength(1);
    expect(p.rules[0]?.path).toBe('spec');
    expect(formatSelector(p.rules[0]!.subject.selector)).toBe('k8s:app=web, k8s:io.kubernetes.pod.namespace=shop');
    expect(p.rules[0]?.enableDefaultDeny).toEqual({ ingress: true, egress: true });
  });

  it('namespace defaults to the context namespace', () => {
    const r = parseNetworkPolicy(np({ podSelector: {} }, { name: 'x' }), { ...testCtx, defaultNamespace: 'dev' });
    expect(r.value?.ref.namespace).toBe('dev');
  });

  it('from omitted or empty → every identity including world (entity all), ports kept', () => {
    for (const ing of [{ ports: [{ port: 80 }] }, { from: [], ports: [{ port: 80 }] }]) {
      const e = rule({ podSelector: {}, ingress: [ing] }).ingress[0];
      expect(e?.peers).toEqual({ kind: 'list', items: [{ kind: 'entity', path: 'spec.ingress[0]', entity: 'all' }] });
      expect(e?.ports[0]?.ports[0]).toMatchObject({ protocol: 'TCP', port: 80, endPort: null });
    }
    expect(rule({ podSelector: {}, ingress: [{}] }).ingress[0]?.ports).toEqual([]);
  });

  it('peer paths, podSelector scoped to the namespace, namespaceSelector to namespace labels, {} → namespace exists', () => {
    const e = rule({
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }, { namespaceSelector: {} }, { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['x', 'y'] }] } }, { namespaceSelector: {}, podSelector: {} }] }],
    }).ingress[0];
    const items = e?.peers.kind === 'list' ? e.peers.items : [];
    expect(items.map((p) => p.path)).toEqual(['spec.ingress[0].from[0]', 'spec.ingress[0].from[1]', 'spec.ingress[0].from[2]', 'spec.ingress[0].from[3]']);
    expect(items.map(sel)).toEqual([
      'k8s:app=a, k8s:io.kubernetes.pod.namespace=shop, k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.kubernetes.pod.namespace exists, k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.cilium.k8s.namespace.labels.team in (x,y), k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.kubernetes.pod.namespace exists, k8s:io.cilium.k8s.policy.cluster=default',
    ]);
  });

  // pkg/k8s/network_policy.go parsePodSelector: `podSelector.MatchLabels[io.kubernetes.pod.namespace] =
  // namespace` replaces a namespace the peer's podSelector names itself (a map key); with a
  // namespaceSelector the podSelector is used as written (ANDed).
  it('a podSelector-only peer naming io.kubernetes.pod.namespace gets the policy namespace instead, as Cilium overwrites it', () => {
    const e = rule({
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a', 'io.kubernetes.pod.namespace': 'other' } } }, { namespaceSelector: {}, podSelector: { matchLabels: { 'io.kubernetes.pod.namespace': 'other' } } }] }],
    }).ingress[0];
    const items = e?.peers.kind === 'list' ? e.peers.items : [];
    expect(items.map(sel)).toEqual([
      'k8s:app=a, k8s:io.kubernetes.pod.namespace=shop, k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:io.kubernetes.pod.namespace=other, k8s:io.kubernetes.pod.namespace exists, k8s:io.cilium.k8s.policy.cluster=default',
    ]);
  });

  it('ipBlock cidr/except → CIDR peer', () => {
    const e = rule({ podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] }).egress[0];
    const p = e?.peers.kind === 'list' ? e.peers.items[0] : undefined;
    expect(p).toMatchObject({ kind: 'cidr', path: 'spec.egress[0].to[0]', cidr: { text: '10.0.0.0/8' }, except: [{ text: '10.1.0.0/16' }] });
  });

  it('ports: default TCP, port omitted → 0, named ports, endPort, one PortRule per item', () => {
    const e = rule({
      podSelector: {},
      ingress: [{ ports: [{ protocol: 'UDP' }, { port: 'http' }, { port: 8000, endPort: 8100, protocol: 'SCTP' }, { port: 53, endPort: 53 }] }],
    }).ingress[0];
    expect(e?.ports.map((r) => r.ports.map(({ protocol, port, endPort }) => ({ protocol, port, endPort })))).toEqual([
      [{ protocol: 'UDP', port: 0, endPort: null }],
      [{ protocol: 'TCP', port: 'http', endPort: null }],
      [{ protocol: 'SCTP', port: 8000, endPort: 8100 }],
      [{ protocol: 'TCP', port: 53, endPort: null }],
    ]);
    expect(e?.ports[1]?.path).toBe('spec.ingress[0].ports[1]');
  });

  describe('policyTypes', () => {
    const dirs = (spec: object) => {
      const r = rule({ podSelector: {}, ...spec });
      return { ingress: r.ingress.map((e) => e.peers.kind), egress: r.egress.map((e) => e.peers.kind) };
    };
    it('absent policyTypes: Ingress implied (deny-all entry when no ingress rules)', () => {
      expect(dirs({})).toEqual({ ingress: ['wildcard'], egress: [] });
      expect(dirs({ egress: [{}] })).toEqual({ ingress: ['wildcard'], egress: ['list'] });
    });
    it('Egress only: no ingress; empty egress → egress: [{}] (matches nothing, enables default deny)', () => {
      expect(dirs({ policyTypes: ['Egress'] })).toEqual({ ingress: [], egress: ['wildcard'] });
      const e = rule({ podSelector: {}, policyTypes: ['Egress'], egress: [] }).egress[0];
      expect(e).toMatchObject({ path: 'spec.egress', peers: { kind: 'wildcard' }, ports: [], action: 'allow' });
    });
    it('both types, no rules → both deny-all', () => {
      expect(dirs({ policyTypes: ['Ingress', 'Egress'] })).toEqual({ ingress: ['wildcard'], egress: ['wildcard'] });
    });
    it('rules of a direction not in policyTypes: Cilium still enforces them (warned)', () => {
      const r = parseNetworkPolicy(np({ podSelector: {}, policyTypes: ['Ingress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] }), testCtx);
      expect(r.value?.rules[0]?.egress).toHaveLength(1);
      expect(r.diagnostics.find((d) => d.code === 'policy-types-ignored')?.path).toBe('spec.egress');
    });
  });

  describe('objects the API server refuses', () => {
    const rejected = (spec: unknown, path: string, msg: string) => {
      const r = parseNetworkPolicy(np(spec), testCtx);
      expect(r.value).toBeNull();
      const hit = r.diagnostics.find((d) => d.severity === 'error' && d.path === path);
      expect(hit?.message, r.diagnostics.map((d) => `${d.path}: ${d.message}`).join('|')).toContain(msg);
      expect(hit?.message).toMatch(/^Kubernetes rejects the whole NetworkPolicy: /);
    };
    it.each([
      [{ podSelector: {}, ingress: [{ from: [{}] }] }, 'spec.ingress[0].from[0]', 'must specify'],
      [{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }, 'spec.ingress[0].from[0]', 'may not combine'],
      [{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } }] }] }, 'spec.ingress[0].from[0].ipBlock.except[0]', 'strict subset'],
      [{ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'x' } }] }] }, 'spec.ingress[0].from[0].ipBlock.cidr', 'must be a CIDR'],
      [{ podSelector: {}, ingress: [{ ports: [{ protocol: 'tcp' }] }] }, 'spec.ingress[0].ports[0].protocol', 'TCP, UDP or SCTP'],
      [{ podSelector: {}, ingress: [{ ports: [{ port: '80' }] }] }, 'spec.ingress[0].ports[0].port', 'not a valid port name'],
      [{ podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] }, 'spec.ingress[0].ports[0].port', '1-65535'],
      [{ podSelector: {}, ingress: [{ ports: [{ endPort: 90 }] }] }, 'spec.ingress[0].ports[0].endPort', 'numeric port'],
      [{ podSelector: {}, ingress: [{ ports: [{ port: 90, endPort: 80 }] }] }, 'spec.ingress[0].ports[0].endPort', 'greater than or equal'],
      [{ podSelector: {}, policyTypes: ['ingress'] }, 'spec.policyTypes[0]', 'case-sensitive'],
      [{ podSelector: { matchLabels: { 'k8s:app': 'x' } } }, 'spec.podSelector.matchLabels["k8s:app"]', 'invalid label key'],
      [{ podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }] }] }, 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values', 'non-empty'],
    ])('%j', (spec, path, msg) => rejected(spec, path, msg));

    it('missing metadata.name', () => {
      const r = parseNetworkPolicy(np({ podSelector: {} }, {}), testCtx);
      expect(r.value).toBeNull();
      expect(r.diagnostics[0]?.path).toBe('metadata.name');
    });
  });

  it('unknown fields are pruned with a warning (YAML positions)', () => {
    const r = parseNetworkPolicy(
      rawDoc(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: shop}
spec:
  podSelector: {}
  ingress:
    - form:
        - podSelector: {matchLabels: {app: a}}
`),
      testCtx,
    );
    expect(r.value?.rules[0]?.ingress[0]?.peers).toEqual({ kind: 'list', items: [{ kind: 'entity', path: 'spec.ingress[0]', entity: 'all' }] });
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', path: 'spec.ingress[0].form', line: 8, column: 9 });
    expect(r.diagnostics[0]?.message).toContain('every peer, including world');
  });
});
