import { describe, expect, it } from 'vitest';
import { valueDoc, testCtx } from '../cilium/testDocs.ts';
import { parseTierPolicy } from './parse.ts';
import { podIdentityLabels } from '../identity/podIdentity.ts';
import { selectorMatches } from '../model/selector.ts';
import { loadInputs } from '../load/loadInputs.ts';

const cnp = (spec: unknown, name = 'p') => valueDoc({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec });
const ok = { tier: 'Admin', priority: 10, subject: { namespaces: {} }, egress: [{ name: 'r', action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] };

function errors(doc: ReturnType<typeof cnp>, kind: 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' = 'ClusterNetworkPolicy') {
  const r = parseTierPolicy(doc, testCtx, kind);
  return { value: r.value, errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.path}: ${d.code}`) };
}

describe('ClusterNetworkPolicy / ANP / BANP parsing: what the CRD refuses rejects the object, never throws', () => {
  it('a valid policy: tier, priority, subject, rules, ports and ranges', () => {
    const r = errors(cnp({ ...ok, ingress: [{ action: 'Pass', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'a' } } } }], protocols: [{ udp: { destinationPort: { range: { start: 1000, end: 2000 } } } }, { destinationNamedPort: 'http' }] }] }));
    expect(r.errors).toEqual([]);
    expect(r.value?.tier).toBe('Admin');
    expect(r.value?.ingress[0]?.entry.ports.map((p) => p.ports[0])).toMatchObject([{ protocol: 'UDP', port: 1000, endPort: 2000 }, { protocol: 'ANY', port: 'http' }]);
  });
  it.each([
    ['missing tier', { ...ok, tier: undefined }, 'spec.tier: invalid-tier'],
    ['priority out of range', { ...ok, priority: 1001 }, 'spec.priority: invalid-priority'],
    ['two subject fields', { ...ok, subject: { namespaces: {}, pods: { podSelector: {} } } }, 'spec.subject: invalid-subject'],
    ['Allow is v1alpha1 only', { ...ok, egress: [{ action: 'Allow', to: [{ namespaces: {} }] }] }, 'spec.egress[0].action: invalid-action'],
    ['a rule without peers', { ...ok, egress: [{ action: 'Deny', to: [] }] }, 'spec.egress[0].to: missing-peers'],
    ['a peer with two fields', { ...ok, egress: [{ action: 'Deny', to: [{ namespaces: {}, networks: ['10.0.0.0/8'] }] }] }, 'spec.egress[0].to[0]: invalid-peer'],
    ['a bad CIDR', { ...ok, egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/33'] }] }] }, 'spec.egress[0].to[0].networks[0]: invalid-cidr'],
    ['domainNames in a Deny rule', { ...ok, egress: [{ action: 'Deny', to: [{ domainNames: ['a.io'] }] }] }, 'spec.egress[0].to[0].domainNames: domain-names-action'],
    ['a range with start ≥ end', { ...ok, egress: [{ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { range: { start: 9, end: 9 } } } }] }] }, 'spec.egress[0].protocols[0].tcp.destinationPort.range: invalid-port'],
    ['a bad label selector', { ...ok, subject: { namespaces: { matchExpressions: [{ key: 'a', operator: 'Maybe' }] } } }, 'spec.subject.namespaces.matchExpressions[0].operator: invalid-operator'],
  ])('%s', (_what, spec, error) => {
    const r = errors(cnp(spec));
    expect(r.value).toBeNull();
    expect(r.errors).toContain(error);
  });
  it('v1alpha1: Allow is read as Accept; a BaselineAdminNetworkPolicy must be named default and has no Pass', () => {
    const anp = valueDoc({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'a' }, spec: { priority: 3, subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }, { portRange: { start: 1, end: 9 } }] }] } });
    const r = parseTierPolicy(anp, testCtx, 'AdminNetworkPolicy');
    expect(r.value?.ingress[0]?.action).toBe('Accept');
    const banp = (name: string, action: string) => valueDoc({ kind: 'BaselineAdminNetworkPolicy', metadata: { name }, spec: { subject: { namespaces: {} }, ingress: [{ action, from: [{ namespaces: {} }] }] } });
    expect(errors(banp('other', 'Deny'), 'BaselineAdminNetworkPolicy').errors).toContain('metadata.name: banp-name');
    expect(errors(banp('default', 'Pass'), 'BaselineAdminNetworkPolicy').errors).toContain('spec.ingress[0].action: invalid-action');
    expect(errors(banp('default', 'Deny'), 'BaselineAdminNetworkPolicy').value?.tier).toBe('Baseline');
  });
  /**
   * cilium/cilium pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy` (test file
   * pkg/k8s/cluster_network_policy_test.go at 070c28351a729f78fba13394815fbd2b7d62c3da: "egress rule
   * with node selector and node selector labels disabled" and "egress rule with domain names (FQDN)"):
   * a nodes peer makes Cilium 1.20 refuse the whole policy unless node selector labels are on; a
   * domainNames Accept rule also accepts DNS to k8s-app=kube-dns on the ports named dns/dns-tcp.
   */
  it('says what Cilium 1.20 does with nodes and domainNames peers', () => {
    const warns = (to: unknown, action = 'Accept') =>
      parseTierPolicy(cnp({ ...ok, egress: [{ action, to: [to] }] }), testCtx, 'ClusterNetworkPolicy').diagnostics.filter((d) => d.severity !== 'error').map((d) => `${d.path}: ${d.code}: ${d.message}`);
    const dns = warns({ domainNames: ['a.io'] });
    expect(dns.join('\n')).toMatch(/spec\.egress\[0\]\.to\[0\]\.domainNames: domain-names-dns: .*Cilium 1\.20.*k8s-app=kube-dns.*dns.*dns-tcp/);
  });
  /**
   * ParseClusterNetworkPolicy returns "egress.to.nodes is not supported since node selector labels are
   * disabled" without the agent's --enable-node-selector-labels (test 'egress rule with node selector
   * and node selector labels disabled' at 070c28351a729f78fba13394815fbd2b7d62c3da): the agent refuses
   * the whole policy, none of its rules apply. cilium-config's enable-node-selector-labels
   * (ParseContext.nodeSelectorLabels) decides, a setting by hand over it; a cilium-config without
   * the key means the default, off; no cilium-config: assumed on, with a note.
   */
  it.each([
    ['off by default in the loaded cilium-config', 'cilium-config-default', 'off by default, and the loaded cilium-config does not set it'],
    ['set false', undefined, 'sets it to false'],
    ['set off by hand', 'set', 'set off by hand'],
  ] as const)('a nodes peer with enable-node-selector-labels %s: the whole policy is refused', (_what, nodeSelectorLabelsFrom, why) => {
    const doc = cnp({ ...ok, egress: [ok.egress[0], { action: 'Deny', to: [{ nodes: { matchLabels: { role: 'db' } } }] }] });
    const r = parseTierPolicy(doc, { ...testCtx, nodeSelectorLabels: false, ...(nodeSelectorLabelsFrom !== undefined ? { nodeSelectorLabelsFrom } : {}) }, 'ClusterNetworkPolicy');
    expect(r.value).toBeNull();
    const e = r.diagnostics.find((d) => d.severity === 'error');
    expect(`${e?.path}: ${e?.code}: ${e?.message}`).toMatch(/^spec\.egress\[1\]\.to\[0\]\.nodes: needs-node-selector-labels: .*--enable-node-selector-labels/);
    expect(e?.message).toContain(why);
    expect(e?.message).toContain('egress.to.nodes is not supported since node selector labels are disabled');
  });
  it('a nodes peer with enable-node-selector-labels true: read as a node peer, no warning', () => {
    const r = parseTierPolicy(cnp({ ...ok, egress: [{ action: 'Deny', to: [{ nodes: { matchLabels: { role: 'db' } } }] }] }), { ...testCtx, nodeSelectorLabels: true }, 'ClusterNetworkPolicy');
    expect(r.diagnostics).toEqual([]);
    const peers = r.value?.egress[0]?.entry.peers;
    expect(peers?.kind === 'list' ? peers.items.map((p) => p.kind) : []).toEqual(['nodes']);
  });
  it('a nodes peer with enable-node-selector-labels not known: assumed on, read as a node peer, with a note naming the default and the refusal', () => {
    const r = parseTierPolicy(cnp({ ...ok, egress: [{ action: 'Deny', to: [{ nodes: { matchLabels: { role: 'db' } } }] }] }), testCtx, 'ClusterNetworkPolicy');
    expect(r.value).not.toBeNull();
    expect(r.diagnostics.map((d) => `${d.severity} ${d.path} ${d.code}`)).toEqual(['info spec.egress[0].to[0].nodes assumed-node-selector-labels']);
    expect(r.diagnostics[0]?.message).toContain('assumed enable-node-selector-labels=true (Cilium 1.20 default: off; no cilium-config loaded)');
    expect(r.diagnostics[0]?.message).toContain('egress.to.nodes is not supported since node selector labels are disabled');
  });
  it("the loader passes cilium-config's enable-node-selector-labels on", () => {
    const policy = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: to-db-nodes}
spec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{nodes: {matchLabels: {role: db}}}]}]}
`;
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-node-selector-labels: "${v}"}\n`;
    const names = (extra: string[]) => loadInputs([{ name: 'p.yaml', data: policy }, ...extra.map((data, i) => ({ name: `cm${i}.yaml`, data }))]).cluster.tierPolicies?.map((p) => p.name) ?? [];
    expect(names([])).toEqual(['to-db-nodes']);
    expect(names([cm('false')])).toEqual([]);
    expect(names([`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-policy: default}\n`])).toEqual([]);
    expect(names([cm('true')])).toEqual(['to-db-nodes']);
  });
  /**
   * cilium/cilium pkg/k8s/cluster_network_policy.go at 0ac689d71fc01d50b4e11949edd2d1d1102d076c
   * (`kcnpParseNamespacedPod`, and the test file at 070c28351a729f78fba13394815fbd2b7d62c3da: "ingress
   * rule with pod selector" expects k8s:io.cilium.k8s.policy.cluster=testCluster in L3, "ingress rule
   * with namespace selector" none): a pods peer selects pods of the local cluster only, unless its
   * podSelector names a cluster; a namespaces peer and the subject are not narrowed.
   */
  it.each([
    ['ingress pods peer', { ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'y' } } } }] }] }, 'ingress', { local: true, remote: false }],
    ['egress pods peer', { egress: [{ action: 'Deny', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'y' } } } }] }] }, 'egress', { local: true, remote: false }],
    ['pods peer naming a cluster', { ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'y', 'io.cilium.k8s.policy.cluster': 'remote' } } } }] }] }, 'ingress', { local: false, remote: true }],
    ['namespaces peer', { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }, 'ingress', { local: true, remote: true }],
  ] as const)('%s: which clusters its pods may be in', (_what, rules, dir, expected) => {
    const r = parseTierPolicy(cnp({ tier: 'Admin', priority: 1, subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'y' } } } }, ...rules }), { ...testCtx, clusterName: 'here' }, 'ClusterNetworkPolicy');
    const peer = r.value?.[dir][0]?.entry.peers;
    const sel = peer?.kind === 'list' && peer.items[0]?.kind === 'endpoints' ? peer.items[0].selector : null;
    const pod = (clusterName: string) => podIdentityLabels({ namespace: 'b', podLabels: { app: 'y' }, namespaceLabels: {}, serviceAccount: 'default', clusterName });
    expect(sel && selectorMatches(sel, pod('here'))).toBe(expected.local);
    expect(sel && selectorMatches(sel, pod('remote'))).toBe(expected.remote);
    // The subject is not narrowed to a cluster (kcnpParseNamespacedPod("", …)).
    expect(r.value && selectorMatches(r.value.subject, pod('remote'))).toBe(true);
  });
  it('garbage never throws', () => {
    for (const v of [null, 42, 'x', [], { kind: 'ClusterNetworkPolicy' }, { metadata: { name: 'x' }, spec: { subject: 'all', ingress: 'none' } }])
      expect(() => parseTierPolicy(valueDoc(v), testCtx, 'ClusterNetworkPolicy')).not.toThrow();
  });
});
