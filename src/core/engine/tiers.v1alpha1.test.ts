/**
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`) under
 * Cilium. No Cilium release reads them: Cilium 1.20 parses only ClusterNetworkPolicy v1alpha2
 * (cilium/cilium pkg/k8s/cluster_network_policy.go at 0ac689d71fc01d50b4e11949edd2d1d1102d076c
 * imports network-policy-api apis/v1alpha2 alone; its watcher pkg/policy/k8s/cluster_network_policy.go
 * at 357405ce66b2c80c11e0f85e5ed11a1cb81fa384 handles *v1alpha2.ClusterNetworkPolicy; the operator
 * registers one CRD of the group, crds/policy.networking.k8s.io_clusternetworkpolicies.yaml, in
 * pkg/k8s/apis/kcnp.go at f70a0730edbf00b21943f7f33a9fd29962591374, and only with
 * enable-k8s-cluster-network-policy). So by default they change no verdict, whatever the version;
 * `tiersAs: 'netpol-analyzer'` applies them as np-guard's netpol-analyzer reads them.
 */
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { clusterSettings, compile } from './compile.ts';
import { agentConfigLine } from '../k8s/CiliumConfig.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { hasPort } from './PortSet.ts';
import { peerEndpoint } from './testing.ts';
import type { EngineSettings } from './types.ts';
import { lint } from '../lint/lint.ts';

const inventory = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tenant: acme}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: ops, labels: {app: agent}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.2}
`;

/** An ANP denying ingress from every namespace to acme, and the BANP denying ops' egress. */
const v1alpha1 = `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: acme-lockdown}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - name: deny-all
    action: Deny
    from: [{namespaces: {}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: ops}}}
  egress:
  - name: default-deny
    action: Deny
    to: [{namespaces: {}}]
`;

/** The same lockdown written as Cilium 1.20 reads it. */
const v1alpha2 = `
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: acme-lockdown-v2}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {tenant: acme}}}
  ingress:
  - name: deny-all
    action: Deny
    from: [{namespaces: {}}]
`;

const load = (...docs: string[]) => loadInputs(docs.map((data, i) => ({ name: `f${i}.yaml`, data })));

function ask(cluster: ReturnType<typeof load>['cluster'], settings: Partial<EngineSettings>, from = 'ops/agent', to = 'shop/web', port = 8080) {
  const model = compile(cluster, settings);
  return decide(model, { from: peerEndpoint(model, from), to: peerEndpoint(model, to), port, protocol: 'TCP' });
}

describe('AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1: no Cilium release reads them', () => {
  const loaded = load(inventory, v1alpha1);

  it('load and are listed', () => {
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.cluster.tierPolicies?.map((t) => `${t.kind} ${t.name}`)).toEqual(['AdminNetworkPolicy acme-lockdown', 'BaselineAdminNetworkPolicy default']);
  });

  for (const ciliumVersion of ['1.19', '1.20'])
    it(`change no verdict on Cilium ${ciliumVersion}, and the explanation says why`, () => {
      for (const clusterNetworkPolicy of [undefined, true]) {
        const d = ask(loaded.cluster, { ciliumVersion, ...(clusterNetworkPolicy !== undefined ? { clusterNetworkPolicy } : {}) });
        expect(d.verdict).toBe('allowed');
        expect(d.egress.tier).toBeUndefined();
        expect(d.ingress.tier).toBeUndefined();
        const notes = d.notes.join('\n');
        expect(notes).toContain('2 AdminNetworkPolicy/BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) object(s) have no effect on Cilium');
        expect(notes).toContain('ClusterNetworkPolicy (v1alpha2)');
        expect(notes).toContain('enable-k8s-cluster-network-policy');
        expect(notes).not.toContain('assumed enable-k8s-cluster-network-policy');
      }
    });

  it("apply as netpol-analyzer reads them with tiersAs 'netpol-analyzer', whatever the Cilium version", () => {
    for (const ciliumVersion of ['1.19', '1.20']) {
      const d = ask(loaded.cluster, { ciliumVersion, tiersAs: 'netpol-analyzer' });
      expect(d.verdict).toBe('denied');
      expect(d.egress.text).toContain('Baseline tier, rule `default-deny`: Deny');
      expect(d.ingress.text).toContain('Admin tier, priority 10, rule `deny-all`: Deny');
      expect(d.ingress.text).toContain("netpol-analyzer's reading");
      expect(d.notes.join('\n')).not.toContain('have no effect on Cilium');
    }
  });

  it("set by hand in the agent settings (the app's): the model compiled from the cluster alone reads them so, and says it was set", () => {
    const docs = [inventory, v1alpha1].map((data, i) => ({ name: `f${i}.yaml`, data }));
    const byHand = loadInputs(docs, { agentSettings: { tiersAs: 'netpol-analyzer' } });
    expect(byHand.cluster.agentConfig?.overridden).toEqual(['tiersAs']);
    expect(clusterSettings(byHand.cluster).tiersAs).toBe('netpol-analyzer');
    expect(ask(byHand.cluster, {}).verdict).toBe('denied');
    expect(agentConfigLine(byHand.cluster.agentConfig)).toContain('tiers-as=netpol-analyzer');
    // Set back to Cilium's reading by hand: no effect again.
    const cilium = loadInputs(docs, { agentSettings: { tiersAs: 'cilium' } });
    expect(ask(cilium.cluster, {}).verdict).toBe('allowed');
  });

  it('a ClusterNetworkPolicy beside them is still enforced on Cilium 1.20', () => {
    const both = load(inventory, v1alpha1, v1alpha2);
    const d = ask(both.cluster, { ciliumVersion: '1.20' });
    expect(d.verdict).toBe('denied');
    expect(d.ingress.rules).toEqual([{ kind: 'ClusterNetworkPolicy', namespace: null, name: 'acme-lockdown-v2', path: 'spec.ingress[0]' }]);
    expect(d.egress.verdict).toBe('allowed');
    expect(d.notes.join('\n')).toContain('have no effect on Cilium');
  });

  it('connectivity agrees with decide in both readings', () => {
    for (const settings of [{ ciliumVersion: '1.20' }, { ciliumVersion: '1.20', tiersAs: 'netpol-analyzer' as const }]) {
      const model = compile(loaded.cluster, settings);
      const conn = connectivity(model, { identitiesOnly: true });
      const name = (i: number) => {
        const p = conn.peers[i];
        return p?.kind === 'identity' ? (p.workloads[0] ?? '').replace('/Pod/', '/') : '';
      };
      const edge = new Map(conn.edges.map((e) => [`${name(e.from)}>${name(e.to)}`, e.allowed]));
      for (const [a, b] of [['ops/agent', 'shop/web'], ['shop/web', 'ops/agent']] as const) {
        const set = edge.get(`${a}>${b}`);
        expect(set !== undefined && hasPort(set, 'TCP', 8080), `${a} → ${b} ${JSON.stringify(settings)}`).toBe(ask(loaded.cluster, settings, a, b).verdict === 'allowed');
      }
    }
  });

  it('lint says plainly that each has no effect on Cilium, and checks them only when applied', () => {
    const run = (settings: Partial<EngineSettings>) => lint(loaded.cluster, compile(loaded.cluster, settings));
    const f = run({ ciliumVersion: '1.20' }).filter((x) => x.code === 'not-read-by-cilium');
    expect(f.map((x) => x.policy.name).sort()).toEqual(['acme-lockdown', 'default']);
    expect(f[0]?.message).toMatch(/no Cilium release reads .*v1alpha1.*ClusterNetworkPolicy/);
    expect(run({ ciliumVersion: '1.20', tiersAs: 'netpol-analyzer' }).filter((x) => x.code === 'not-read-by-cilium')).toEqual([]);
  });
});
