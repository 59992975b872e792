import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../load/parseTypes.ts';
import type { Entry, Peer, Policy } from '../model/policy.ts';
import { formatSelector, type Requirement } from '../model/selector.ts';
import { parseAnyPolicy, rawDocs, testCtx, valueDoc } from './testDocs.ts';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { policiesFixturesDir } from '../../../test/paths.ts';

const fixture = readFileSync(path.join(policiesFixturesDir, 'part-c.yaml'), 'utf8');

function load(ctx: ParseContext = testCtx): Map<string, Policy> {
  const out = new Map<string, Policy>();
  for (const d of rawDocs(fixture, 'part-c.yaml')) {
    const r = parseAnyPolicy(d, ctx);
    if (r?.value) out.set(r.value.ref.name, r.value);
  }
  return out;
}
const policies = load();
const get = (name: string, map = policies): Policy => {
  const p = map.get(name);
  if (!p) throw new Error(`fixture ${name} missing`);
  return p;
};
const rule0 = (name: string, map = policies) => {
  const r = get(name, map).rules[0];
  if (!r) throw new Error('no rule');
  return r;
};
const peers = (e: Entry | undefined): Peer[] => (e?.peers.kind === 'list' ? [...e.peers.items] : []);
const sel = (p: Peer | undefined): string => (p && (p.kind === 'endpoints' || p.kind === 'nodes') ? formatSelector(p.selector) : '?');
const ns = (v: string): Requirement => ({ source: 'k8s', key: 'io.kubernetes.pod.namespace', operator: 'In', values: [v] });

describe('B.3 scoping on the Part C policy shapes', () => {
  it('all fixtures load (C9 rule with ingress: [] loads because egress has an item)', () => {
    expect(policies.size).toBe(25);
  });

  it('subject of a CNP gets the policy namespace; a CCNP subject is left alone', () => {
    expect(formatSelector(rule0('p1').subject.selector)).toBe('any:app=backend, k8s:io.kubernetes.pod.namespace=shop');
    expect(rule0('p1').subject.scoping?.added).toEqual([ns('shop')]);
    expect(formatSelector(rule0('g2').subject.selector)).toBe('any:app=backend');
    expect(rule0('g1').subject.selector.requirements).toEqual([]);
  });

  it('C5: a peer without namespace is scoped to the policy namespace and the local cluster', () => {
    const p = peers(rule0('p1').ingress[0])[0];
    expect(sel(p)).toBe('any:app=frontend, k8s:io.kubernetes.pod.namespace=shop, k8s:io.cilium.k8s.policy.cluster=default');
    expect(p?.kind === 'endpoints' && p.scoping?.written.requirements.length).toBe(1);
  });

  it('C6: an explicit namespace in the peer suppresses injection', () => {
    expect(sel(peers(rule0('p2').ingress[0])[0])).toBe('k8s:io.kubernetes.pod.namespace=pay, any:app=api, k8s:io.cilium.k8s.policy.cluster=default');
    const port = rule0('p2').ingress[0]?.ports[0]?.ports[0];
    expect(port).toMatchObject({ protocol: 'ANY', port: 8080, endPort: null });
  });

  it('C7: the subject namespace is forced to the policy namespace, with a warning', () => {
    const r = parseAnyPolicy(rawDocs(fixture).find((d) => (d.value as { metadata: { name: string } }).metadata.name === 'c7')!);
    expect(formatSelector(rule0('c7').subject.selector)).toBe('any:app=api, k8s:io.kubernetes.pod.namespace=shop');
    expect(r?.diagnostics.find((d) => d.code === 'subject-namespace-overridden')).toMatchObject({
      severity: 'warning',
      path: 'spec.endpointSelector',
    });
  });

  it('C7 variant: an any-source namespace label stays ANDed (the rule selects nothing)', () => {
    const r = parseCiliumPolicy(
      valueDoc({ kind: 'CiliumNetworkPolicy', metadata: { name: 'x', namespace: 'shop' }, spec: { endpointSelector: { matchLabels: { 'io.kubernetes.pod.namespace': 'pay' } }, ingress: [{}] } }),
      testCtx,
    );
    expect(formatSelector(r.value!.rules[0]!.subject.selector)).toBe('any:io.kubernetes.pod.namespace=pay, k8s:io.kubernetes.pod.namespace=shop');
    expect(r.diagnostics.some((d) => d.code === 'subject-namespace-overridden')).toBe(true);
  });

  it('C10: fromEndpoints [{}] in a CNP = same namespace (+ cluster)', () => {
    expect(sel(peers(rule0('p5').ingress[0])[0])).toBe('k8s:io.kubernetes.pod.namespace=shop, k8s:io.cilium.k8s.policy.cluster=default');
  });

  it('C31: fromEndpoints [{}] in a CCNP = namespace label exists (pods only)', () => {
    const p = peers(rule0('g2').ingress[0])[0];
    expect(sel(p)).toBe('k8s:io.kubernetes.pod.namespace exists, k8s:io.cilium.k8s.policy.cluster=default');
  });

  it('C32 on 1.19: namespace-label keys suppress namespace injection in a CNP', () => {
    const p = peers(rule0('p24').ingress[0])[0];
    expect(sel(p)).toBe('k8s:io.cilium.k8s.namespace.labels.team=fin, k8s:io.cilium.k8s.policy.cluster=default');
    expect(p?.kind === 'endpoints' && p.scoping?.notes.join(' ')).toContain('namespace-label keys');
  });

  it('C32 on 1.18: the namespace is injected, no cluster filter, and the note says why', () => {
    const old = load({ ...testCtx, ciliumVersion: '1.18' });
    const p = peers(rule0('p24', old).ingress[0])[0];
    expect(sel(p)).toBe('k8s:io.cilium.k8s.namespace.labels.team=fin, k8s:io.kubernetes.pod.namespace=shop');
    expect(p?.kind === 'endpoints' && p.scoping?.notes[0]).toContain('before Cilium 1.19');
  });

  it('C32: both versions say what they did in an info diagnostic at the peer', () => {
    const doc = rawDocs(fixture).find((d) => (d.value as { metadata: { name: string } }).metadata.name === 'p24')!;
    for (const [v, text] of [['1.19', 'select across namespaces'], ['1.18', 'before Cilium 1.19']] as const) {
      const d = parseAnyPolicy(doc, { ...testCtx, ciliumVersion: v })?.diagnostics.find((x) => x.code === 'namespace-label-scoping');
      expect(d).toMatchObject({ severity: 'info', path: 'spec.ingress[0].fromEndpoints[0]' });
      expect(d?.message).toContain(text);
    }
  });

  it('C32b: a namespace key with NotIn suppresses injection; the cluster filter still applies', () => {
    expect(sel(peers(rule0('p27').ingress[0])[0])).toBe('any:io.kubernetes.pod.namespace notin (kube-system), k8s:io.cilium.k8s.policy.cluster=default');
  });

  it('C34: NetworkPolicy namespaceSelector AND podSelector is one selector', () => {
    const ps = peers(rule0('c34').ingress[0]);
    expect(ps).toHaveLength(1);
    expect(sel(ps[0])).toBe('k8s:io.cilium.k8s.namespace.labels.team=fin, k8s:app=api, k8s:io.cilium.k8s.policy.cluster=default');
    expect(rule0('c34').ingress[0]?.ports[0]?.ports[0]).toMatchObject({ protocol: 'TCP', port: 8080 });
    const or = peers(rule0('c34-or').ingress[0]);
    expect(or.map(sel)).toEqual([
      'k8s:io.cilium.k8s.namespace.labels.team=fin, k8s:io.cilium.k8s.policy.cluster=default',
      'k8s:app=api, k8s:io.kubernetes.pod.namespace=shop, k8s:io.cilium.k8s.policy.cluster=default',
    ]);
  });

  it('C35: ipBlock except; policyTypes Egress only leaves ingress alone', () => {
    const r = rule0('c35');
    expect(r.ingress).toEqual([]);
    const p = peers(r.egress[0])[0];
    expect(p?.kind === 'cidr' && [p.cidr.text, p.except.map((x) => x.text)]).toEqual(['0.0.0.0/0', ['10.20.0.0/16']]);
    const deny = rule0('c35-deny-ingress');
    expect(deny.ingress).toHaveLength(1);
    expect(deny.ingress[0]?.peers).toEqual({ kind: 'wildcard' });
    expect(deny.ingress[0]?.ports).toEqual([]);
    expect(formatSelector(deny.subject.selector)).toBe('k8s:io.kubernetes.pod.namespace=shop');
  });

  it('rule 1: reserved: selectors are used as written', () => {
    const r = parseCiliumPolicy(
      valueDoc({ kind: 'CiliumNetworkPolicy', metadata: { name: 'x', namespace: 'shop' }, spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { 'reserved:host': '' } }, { matchLabels: { $host: '' } }] }] } }),
      testCtx,
    );
    expect(peers(r.value!.rules[0]!.ingress[0]).map(sel)).toEqual(['reserved:host=', 'reserved:host=']);
  });

  it('rule 3: a CCNP whose subject selects reserved:init adds no namespace Exists', () => {
    const r = parseCiliumPolicy(
      valueDoc({ kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'x' }, spec: { endpointSelector: { matchExpressions: [{ key: 'reserved:init', operator: 'Exists' }] }, egress: [{ toEndpoints: [{}] }] } }),
      testCtx,
    );
    expect(sel(peers(r.value!.rules[0]!.egress[0])[0])).toBe('k8s:io.cilium.k8s.policy.cluster=default');
  });

  it('rule 5: an explicit cluster key suppresses the cluster filter; fromNodes get reserved:remote-node', () => {
    const r = parseCiliumPolicy(
      valueDoc({
        kind: 'CiliumClusterwideNetworkPolicy',
        metadata: { name: 'x' },
        spec: {
          endpointSelector: {},
          ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.policy.cluster': 'other' } }] }, { fromNodes: [{ matchLabels: { role: 'worker' } }] }],
        },
      }),
      { ...testCtx, clusterName: 'east', nodeSelectorLabels: true },
    );
    const rule = r.value!.rules[0]!;
    expect(sel(peers(rule.ingress[0])[0])).toBe('any:io.cilium.k8s.policy.cluster=other, k8s:io.kubernetes.pod.namespace exists');
    expect(sel(peers(rule.ingress[1])[0])).toBe('any:role=worker, reserved:remote-node exists, k8s:io.cilium.k8s.policy.cluster=east');
  });

  it('entities, CIDRs and FQDNs get no scoping', () => {
    const eg = rule0('p18').egress[0];
    expect(peers(eg)).toEqual([{ kind: 'fqdn', path: 'spec.egress[0].toFQDNs[0]', matchName: 'api.github.com', matchPattern: null }]);
    expect(peers(rule0('g1').ingress[0])).toEqual([{ kind: 'entity', path: 'spec.ingress[0].fromEntities[0]', entity: 'all' }]);
  });
});
