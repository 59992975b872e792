import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { outsideParties } from './outsidePeers.ts';
import { podParty } from './parties.ts';
import { peerMatches, peerSelects, podsEnv, selectsNoPod, type MatchEnv } from './peerMatch.ts';
import { defaultSettings, type EngineSettings } from './types.ts';
import { buildCluster, policiesFromYaml } from './testing.ts';
import type { Peer } from '../model/policy.ts';
import type { Party } from './party.ts';

// Peers of every kind, with hits and each kind of miss (not an outside address, outside the
// range, inside an except range, no DNS rule, no such Service, a Service's non-backend…).
const POLICIES = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: every-peer, namespace: shop }
spec:
  endpointSelector: {}
  egress:
    - toEndpoints: [{ matchLabels: { app: db } }]
    - toEntities: [world, cluster, host, remote-node, kube-apiserver, health, all]
    - toCIDR: [10.0.0.0/8, 192.168.1.7/32]
    - toCIDRSet: [{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12] }]
    - toFQDNs: [{ matchName: api.example.com }, { matchPattern: "*.example.org" }]
      toPorts: [{ ports: [{ port: "443" }] }]
    - toServices: [{ k8sService: { serviceName: db, namespace: shop } }, { k8sService: { serviceName: legacy, namespace: shop } }, { k8sService: { serviceName: gone, namespace: shop } }]
    - toNodes: [{ matchLabels: { role: edge } }]
    - toPorts: [{ ports: [{ port: "53", protocol: UDP }], rules: { dns: [{ matchPattern: "*.example.com" }] } }]
      toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": kube-system } }]
`;

function fixture(settings: Partial<EngineSettings> = {}) {
  const cluster = buildCluster({
    pods: [
      { ns: 'shop', name: 'web', labels: { app: 'web' }, ip: '10.1.0.5', node: 'n1' },
      { ns: 'shop', name: 'db', labels: { app: 'db' }, ip: '10.1.0.6', node: 'n2' },
      { ns: 'kube-system', name: 'dns', labels: { app: 'dns' }, ip: '10.1.0.7', node: 'n1' },
    ],
    nodes: [
      { name: 'n1', ip: '192.168.1.7', labels: { role: 'edge' } },
      { name: 'n2', ip: '192.168.1.8' },
    ],
    services: [
      { namespace: 'shop', name: 'db', labels: {}, selector: { app: 'db' }, ports: [], clusterIPs: [], source: null },
      { namespace: 'shop', name: 'legacy', labels: {}, selector: null, backendIps: ['10.9.9.9', '203.0.113.4'], ports: [], clusterIPs: [], source: null },
    ],
    policies: policiesFromYaml(POLICIES, { nodeSelectorLabels: true }).policies,
  });
  const model = compile(cluster, settings);
  const parties: Party[] = [...model.identities.map((id, i) => podParty(model, i, id.workloads[0] ?? id.key, null, null)), ...outsideParties(model).map((o) => o.party)];
  const peers: Peer[] = model.rules.flatMap((r) => r.egress.flatMap((e) => (e.peers.kind === 'list' ? e.peers.items : [])));
  return { model, parties, peers };
}

describe('peerSelects', () => {
  for (const settings of [{}, { policyCidrMatchMode: 'nodes' }, { ciliumVersion: '1.16' }] as Partial<EngineSettings>[]) {
    it(`says what peerMatches(…).matched says, for every peer and party (${JSON.stringify(settings)})`, () => {
      const { model, parties, peers } = fixture(settings);
      expect(peers.map((p) => p.kind)).toEqual(expect.arrayContaining(['endpoints', 'entity', 'cidr', 'fqdn', 'service', 'nodes']));
      for (const dnsRules of [[], [{ matchName: null, matchPattern: '*.example.com' }], [{ matchName: null, matchPattern: '*' }]]) {
        const env: MatchEnv = { clusterName: model.cluster.name, settings: { ...defaultSettings, ...model.settings }, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services, dnsRules };
        let hits = 0;
        let misses = 0;
        for (const peer of peers)
          for (const party of parties) {
            const m = peerMatches(peer, party, env);
            expect(peerSelects(peer, party, env), `${peer.path} / ${party.display}`).toBe(m.matched);
            if (m.matched) hits++;
            else misses++;
          }
        // Both answers occur: the comparison is not vacuous.
        expect(hits).toBeGreaterThan(10);
        expect(misses).toBeGreaterThan(10);
      }
    });
  }

  it('leaves the words of a miss to peerMatches', () => {
    const { model, parties, peers } = fixture();
    const env: MatchEnv = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: [], services: model.cluster.services, dnsRules: [] };
    const fqdn = peers.find((p) => p.kind === 'fqdn') as Peer;
    const pod = parties.find((p) => p.kind === 'pod') as Party;
    expect(peerMatches(fqdn, pod, env)).toEqual({ matched: false, why: null, text: 'toFQDNs never selects cluster addresses' });
  });

  // The matrix asks only the parties that are not pods about such peers (connectivity.ts peerBits).
  for (const settings of [{}, { policyCidrMatchMode: 'nodes' }, { policyCidrMatchMode: 'pods', ciliumVersion: '1.20' }, { policyCidrMatchMode: 'nodes,pods', ciliumVersion: '1.20' }, { policyCidrMatchMode: 'pods', ciliumVersion: '1.19' }] as Partial<EngineSettings>[]) {
    it(`selectsNoPod: no pod, with or without its address, is selected by a peer it names (${JSON.stringify(settings)})`, () => {
      const { model, parties, peers } = fixture(settings);
      const env: MatchEnv = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services, dnsRules: [{ matchName: null, matchPattern: '*' }], ...podsEnv(model) };
      // The pods as the matrix has them (no address) and as a query has them (their address).
      const pods = parties.filter((p) => p.kind === 'pod');
      const withIps = model.cluster.pods.map((pod) => podParty(model, model.identities.findIndex((id) => id.workloads.includes(pod.workload)), pod.name, pod.ips[0] ?? null, pod.nodeName));
      const named = peers.filter((peer) => selectsNoPod(peer, env));
      expect(named.map((p) => p.kind)).toContain('fqdn');
      for (const peer of named) for (const pod of [...pods, ...withIps]) expect(peerSelects(peer, pod, env), `${peer.path} / ${pod.display}`).toBe(false);
      // Under policy-cidr-match-mode=pods on 1.20 a CIDR selects the pods in it: it is asked about every party.
      const podSelected = peers.some((peer) => peer.kind === 'cidr' && withIps.some((pod) => peerSelects(peer, pod, env)));
      expect(podSelected).toBe(settings.ciliumVersion === '1.20');
      expect(named.some((p) => p.kind === 'cidr')).toBe(!podSelected && settings.policyCidrMatchMode !== 'pods');
    });
  }
});
