import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';

/**
 * fromRequires/toRequires on Cilium ≤ 1.18 (reference B.5.6), modelled on Cilium's own tests:
 * pkg/policy/rule_test.go ("selector: bar, allow: foo, require: baz": foo → bar Denied,
 * baz → bar Undecided, foo+baz → bar Allowed) and pkg/policy/repository_test.go (a rule selecting
 * groupA with only `FromRequires: groupA` narrows the fromEndpoints of *other* rules selecting the
 * same endpoint: foo → bar+groupA is denied, foo+groupA → bar+groupA allowed, foo → bar still allowed).
 */
const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bar-from-foo, namespace: shop}
spec:
  endpointSelector: {matchLabels: {role: bar}}
  ingress:
  - fromEndpoints: [{matchLabels: {role: foo}}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: group-a-requires, namespace: shop}
spec:
  endpointSelector: {matchLabels: {group: a}}
  ingress:
  - fromRequires: [{matchLabels: {group: a}}]
  - fromEntities: [world]
`;
const pods: PodSpec[] = [
  { ns: 'shop', name: 'foo', labels: { role: 'foo' } },
  { ns: 'shop', name: 'foo-a', labels: { role: 'foo', group: 'a' } },
  { ns: 'shop', name: 'bar', labels: { role: 'bar' } },
  { ns: 'shop', name: 'bar-a', labels: { role: 'bar', group: 'a' } },
];

function model(ciliumVersion: string) {
  const { policies, diagnostics } = policiesFromYaml(yaml, { ciliumVersion });
  return { m: compile(buildCluster({ pods, policies }), { ciliumVersion }), diagnostics, policies };
}

const verdict = (m: ReturnType<typeof model>['m'], from: string, to: string) =>
  decide(m, { from: podEndpoint(m, from), to: podEndpoint(m, to), port: 80, protocol: 'TCP' });

describe('fromRequires on Cilium 1.18: ANDed into every fromEndpoints of the rules selecting the endpoint', () => {
  const { m, diagnostics } = model('1.18');
  it('loads with a warning saying what it does', () => {
    const w = diagnostics.find((d) => d.code === 'requires-deprecated');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('ANDed into every fromEndpoints selector');
  });
  it('narrows the peers of another policy selecting the same endpoint', () => {
    expect(verdict(m, 'shop/foo', 'shop/bar').verdict).toBe('allowed');
    const d = verdict(m, 'shop/foo', 'shop/bar-a');
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.notes.some((n) => n.includes('fromRequires (Cilium 1.18, removed in 1.19)'))).toBe(true);
    expect(verdict(m, 'shop/foo-a', 'shop/bar-a').verdict).toBe('allowed');
  });
  it('grants nothing by itself', () => {
    expect(verdict(m, 'shop/bar-a', 'shop/bar-a').verdict).toBe('denied');
  });
  it('connectivity agrees with decide', () => {
    const conn = connectivity(m, { identitiesOnly: true });
    const pairs = new Set(conn.edges.map((e) => `${conn.peers[e.from]?.kind === 'identity' ? (conn.peers[e.from] as { workloads: readonly string[] }).workloads[0] : ''}→${(conn.peers[e.to] as { workloads: readonly string[] }).workloads[0]}`));
    expect(pairs.has('shop/Pod/foo→shop/Pod/bar')).toBe(true);
    expect(pairs.has('shop/Pod/foo→shop/Pod/bar-a')).toBe(false);
    expect(pairs.has('shop/Pod/foo-a→shop/Pod/bar-a')).toBe(true);
  });
});

describe('fromRequires on Cilium 1.19: the CRD allows no items, the policy is rejected', () => {
  it('the requiring policy does not load, so it narrows nothing', () => {
    const { m, diagnostics, policies } = model('1.19');
    expect(policies.map((p) => p.ref.name)).toEqual(['bar-from-foo']);
    expect(diagnostics.some((d) => d.code === 'requires-removed' && d.severity === 'error')).toBe(true);
    expect(verdict(m, 'shop/foo', 'shop/bar-a').verdict).toBe('allowed');
  });
});
