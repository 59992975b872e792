import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml, type PodSpec } from './testing.ts';
import type { EngineSettings } from './types.ts';
import { yamlDoc } from '../load/testing.ts';
import { parseCiliumConfig } from '../k8s/CiliumConfigMap.ts';

/**
 * `policy-cidr-match-mode: pods` (Cilium 1.20; the agent of earlier releases refuses the value,
 * pkg/option/config.go validatePolicyCIDRMatchMode): CIDR selectors select pods too.
 * pkg/policy/types/selector.go CIDRSelector.Matches (line 518, cilium/cilium v1.20.0-pre.4
 * 2efb257c8533 as vendored by cilium/cilium-cli 7ca7fc53c) admits identities that are neither
 * world nor node when PolicyCIDRMatchesPods(); a pod's identity carries the CIDR labels of the
 * policy prefixes holding its address (pkg/ipcache/metadata.go doInjectLabels and
 * CIDRSelectorAllocator.UpdateCIDRLabels), so a CIDR selects the pods whose address lies in it and
 * outside its excepts. An all-addresses prefix is a world label with no prefix to register
 * (GetCIDRPrefixes): it selects a pod only when another policy prefix holds the pod's address
 * (matchesCIDRWildcard, line 548).
 */
const pods: PodSpec[] = [
  { ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.244.1.10' },
  { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.244.2.30' },
];
const egress = (peers: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress: [{${peers}}]
`;
function webToDb(yaml: string, settings: Partial<EngineSettings>) {
  const { policies } = policiesFromYaml(yaml, { ciliumVersion: settings.ciliumVersion ?? '1.20' });
  const m = compile(buildCluster({ pods, policies }), settings);
  const d = decide(m, { from: podEndpoint(m, 'shop/web'), to: podEndpoint(m, 'shop/db'), port: 5432, protocol: 'TCP' });
  const conn = connectivity(m);
  const idx = (w: string) => conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.includes(`shop/Pod/${w}`));
  const edge = conn.edges.some((e) => e.from === idx('web') && e.to === idx('db'));
  return { reason: d.egress.reason, text: d.egress.nearMisses.map((n) => n.text).join('\n'), edge };
}
const PODS_120 = { policyCidrMatchMode: 'pods', ciliumVersion: '1.20' } as const;

describe('policy-cidr-match-mode=pods', () => {
  it('1.20: a CIDR holding a pod address selects the pod, in decide and in the matrix', () => {
    const r = webToDb(egress("toCIDR: ['10.244.0.0/16']"), PODS_120);
    expect(r.reason).toBe('allowed');
    expect(r.edge).toBe(true);
  });
  it('except ranges and other prefixes still leave it out', () => {
    expect(webToDb(egress("toCIDRSet: [{cidr: 10.244.0.0/16, except: ['10.244.2.0/24']}]"), PODS_120).reason).toBe('default-deny');
    expect(webToDb(egress("toCIDR: ['10.245.0.0/16']"), PODS_120).reason).toBe('default-deny');
  });
  it('without it, or on a release before 1.20, CIDRs never select pods; the explanation names the mode and the release', () => {
    const def = webToDb(egress("toCIDR: ['10.244.0.0/16']"), { ciliumVersion: '1.20' });
    expect(def.reason).toBe('default-deny');
    expect(def.edge).toBe(false);
    const old = webToDb(egress("toCIDR: ['10.244.0.0/16']"), { policyCidrMatchMode: 'pods', ciliumVersion: '1.19' });
    expect(old.reason).toBe('default-deny');
    expect(old.text).toMatch(/pods/);
    expect(old.text).toMatch(/1\.20/);
  });
  it('0.0.0.0/0 selects a pod only when another policy prefix holds its address', () => {
    expect(webToDb(egress("toCIDR: ['0.0.0.0/0']"), PODS_120).reason).toBe('default-deny');
    const withPrefix = `${egress("toCIDR: ['0.0.0.0/0']")}---\n${egress("toCIDR: ['10.244.2.0/24']").replace('name: out', 'name: other').replace('app: web', 'app: none')}`;
    expect(webToDb(withPrefix, PODS_120).reason).toBe('allowed');
  });
  it('nodes and pods together: cilium-config "nodes,pods" or "nodes pods"', () => {
    for (const v of ['nodes,pods', 'nodes pods', 'pods']) {
      const cm = parseCiliumConfig(yamlDoc(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {policy-cidr-match-mode: "${v}"}\n`));
      expect(cm.diagnostics, v).toEqual([]);
      expect(cm.value?.policyCidrMatchMode, v).toBe(v === 'pods' ? 'pods' : 'nodes,pods');
    }
  });
});
