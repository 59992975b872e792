import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { buildCluster, policiesFromYaml } from '../engine/testing.ts';
import { buildConnlist } from './connlist.ts';
import { engineOracle } from './engineOracle.ts';
import { formatTxt } from './format.ts';
import { clusterForHostNetwork, hostNetworkAsPods, hostNetworkWorkloads, isHostNetworkMode } from './hostNetwork.ts';

// Only app=client may reach app=agent, a hostNetwork pod, on TCP 9100.
const np = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: agent, namespace: mon}
spec:
  podSelector: {matchLabels: {app: agent}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 9100}]
`;

function monitoring() {
  return buildCluster({
    pods: [
      { ns: 'mon', name: 'agent', labels: { app: 'agent' }, hostNetwork: true, ip: '192.168.0.5', hostIP: '192.168.0.5', node: 'n1', ports: [['metrics', 9100]] },
      { ns: 'mon', name: 'client', labels: { app: 'client' } },
      { ns: 'mon', name: 'other', labels: { app: 'other' } },
    ],
    policies: policiesFromYaml(np).policies,
  });
}

const txt = (c: ReturnType<typeof monitoring>) => formatTxt(buildConnlist(c, engineOracle(compile(c))));

describe('hostNetwork modes', () => {
  it('parses the mode names', () => {
    expect(isHostNetworkMode('node')).toBe(true);
    expect(isHostNetworkMode('pod')).toBe(true);
    expect(isHostNetworkMode('host')).toBe(false);
  });

  it('clears hostNetwork on workloads and pods only, without touching the input', () => {
    const c = monitoring();
    const p = hostNetworkAsPods(c);
    expect(p.workloads.map((w) => w.hostNetwork)).toEqual([false, false, false]);
    expect(p.pods.map((x) => x.hostNetwork)).toEqual([false, false, false]);
    expect(p.pods[0]?.ips).toEqual(['192.168.0.5']);
    expect(p.policies).toBe(c.policies);
    // The loaded cluster is never mutated.
    expect(c.workloads[0]?.hostNetwork).toBe(true);
    expect(c.pods[0]?.hostNetwork).toBe(true);
    expect(hostNetworkWorkloads(c)).toEqual(['mon/agent']);
    expect(hostNetworkWorkloads(p)).toEqual([]);
  });

  it('returns the same cluster when nothing uses the host network, and in node mode', () => {
    const c = hostNetworkAsPods(monitoring());
    expect(hostNetworkAsPods(c)).toBe(c);
    const m = monitoring();
    expect(clusterForHostNetwork(m, 'node')).toBe(m);
  });

  it('node mode: the policy does not apply to the hostNetwork pod; pod mode: it does', () => {
    const cilium = txt(monitoring());
    expect(cilium).toContain('mon/other[Pod] => mon/agent[Pod] : All Connections');
    const asPods = txt(clusterForHostNetwork(monitoring(), 'pod'));
    expect(asPods).toContain('mon/client[Pod] => mon/agent[Pod] : TCP 9100');
    expect(asPods).not.toContain('mon/other[Pod] => mon/agent[Pod]');
  });
});
