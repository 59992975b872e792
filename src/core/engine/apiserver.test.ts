import { describe, expect, it } from 'vitest';
import type { Service } from '../model/cluster.ts';
import { compile } from './compile.ts';
import { connectivity } from './connectivity.ts';
import { decide } from './decide.ts';
import { buildCluster, entityEndpoint, ipEndpoint, podEndpoint, policiesFromYaml } from './testing.ts';

/**
 * The kube-apiserver identity carries the labels of where the apiserver runs (cilium/cilium,
 * Apache-2.0): Cilium learns its addresses from the Endpoints of `default/kubernetes` and merges
 * `reserved:kube-apiserver` into the ipcache labels of each address (pkg/ipcache/metadata.go
 * InjectLabels: "IDs such as kube-apiserver or host (which can have the kube-apiserver label when
 * the kube-apiserver is deployed within the cluster), or CIDR IDs for kube-apiservers deployed
 * outside of the cluster"). On the local node it is the host identity with the kube-apiserver
 * label, on another node identity 7 with remote-node and kube-apiserver
 * (pkg/identity/cache `LookupReservedIdentityByLabels`), outside the cluster a CIDR identity
 * (world). So `toEntities: [host]`, `[remote-node]` or `[world]`/toCIDR select it where it is,
 * and `cluster` selects it everywhere (pkg/policy/api/entity.go InitEntities lists kube-apiserver).
 */
const nodes = [
  { name: 'cp-1', ip: '10.0.0.1' },
  { name: 'worker-1', ip: '10.0.0.2' },
];
const pods = [
  { ns: 'shop', name: 'client', labels: { app: 'client' }, node: 'worker-1', ip: '10.244.1.5' },
  { ns: 'shop', name: 'agent', labels: { app: 'agent' }, node: 'cp-1', ip: '10.244.0.5' },
];

const kubernetes = (backendIps: readonly string[] | null): Service[] => [
  {
    namespace: 'default',
    name: 'kubernetes',
    selector: null,
    clusterIPs: ['10.96.0.1'],
    ports: [{ name: 'https', port: 443, targetPort: 6443, protocol: 'TCP' }],
    labels: { component: 'apiserver', provider: 'kubernetes' },
    source: null,
    ...(backendIps ? { backendIps } : {}),
  },
];

function egressTo(peer: string, backendIps: readonly string[] | null) {
  const { policies } = policiesFromYaml(
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: to-apiserver, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress:\n  - ${peer}\n    toPorts: [{ports: [{port: '6443', protocol: TCP}]}]\n`,
  );
  return compile(buildCluster({ nodes, pods, services: kubernetes(backendIps), policies }));
}

const toApiserver = (m: ReturnType<typeof egressTo>, from: string) =>
  decide(m, { from: podEndpoint(m, from), to: entityEndpoint('kube-apiserver'), port: 6443, protocol: 'TCP' });

describe('kube-apiserver inside the cluster (default/kubernetes → a node address)', () => {
  it('is a remote node for pods on other nodes: toEntities remote-node selects it', () => {
    const m = egressTo('toEntities: [remote-node]', ['10.0.0.1']);
    const d = toApiserver(m, 'shop/client');
    expect(d.verdict).toBe('allowed');
    expect(d.egress.text).toContain('to-apiserver');
    expect(d.notes.join(' ')).toContain('runs on node cp-1');
  });
  it('is the local host for pods on its node: toEntities host selects it, remote-node does not', () => {
    expect(toApiserver(egressTo('toEntities: [host]', ['10.0.0.1']), 'shop/agent').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toEntities: [remote-node]', ['10.0.0.1']), 'shop/agent').verdict).toBe('denied');
  });
  it('is still selected by kube-apiserver and cluster, never by world', () => {
    expect(toApiserver(egressTo('toEntities: [kube-apiserver]', ['10.0.0.1']), 'shop/client').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toEntities: [cluster]', ['10.0.0.1']), 'shop/client').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toEntities: [world]', ['10.0.0.1']), 'shop/client').verdict).toBe('denied');
  });
  it('queried by its node address, the node is the kube-apiserver too', () => {
    const m = egressTo('toEntities: [kube-apiserver]', ['10.0.0.1']);
    expect(decide(m, { from: podEndpoint(m, 'shop/client'), to: ipEndpoint('10.0.0.1'), port: 6443, protocol: 'TCP' }).verdict).toBe('allowed');
    expect(decide(m, { from: podEndpoint(m, 'shop/client'), to: ipEndpoint('10.0.0.2'), port: 6443, protocol: 'TCP' }).verdict).toBe('denied');
  });
  it('with backends on several nodes, a connection to any one denied is shown, naming the backend', () => {
    const m = egressTo('toEntities: [remote-node]', ['10.0.0.1', '10.0.0.2']);
    const d = toApiserver(m, 'shop/client');
    expect(d.verdict).toBe('denied');
    expect(d.notes.join(' ')).toContain('10.0.0.2');
  });
});

describe('kube-apiserver outside the cluster (default/kubernetes → another address)', () => {
  it('is world with its address: world, toCIDR and cluster select it, remote-node does not', () => {
    expect(toApiserver(egressTo('toEntities: [world]', ['203.0.113.10']), 'shop/client').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toCIDR: [203.0.113.0/24]', ['203.0.113.10']), 'shop/client').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toEntities: [cluster]', ['203.0.113.10']), 'shop/client').verdict).toBe('allowed');
    expect(toApiserver(egressTo('toEntities: [remote-node]', ['203.0.113.10']), 'shop/client').verdict).toBe('denied');
  });
  it('queried by its address it is the kube-apiserver', () => {
    const m = egressTo('toEntities: [kube-apiserver]', ['203.0.113.10']);
    expect(decide(m, { from: podEndpoint(m, 'shop/client'), to: ipEndpoint('203.0.113.10'), port: 6443, protocol: 'TCP' }).verdict).toBe('allowed');
    expect(decide(m, { from: podEndpoint(m, 'shop/client'), to: ipEndpoint('203.0.113.11'), port: 6443, protocol: 'TCP' }).verdict).toBe('denied');
  });
  it('the graph draws it as the kube-apiserver outside the cluster, reachable through world', () => {
    const m = egressTo('toEntities: [world]', ['203.0.113.10']);
    const conn = connectivity(m);
    const api = conn.peers.findIndex((p) => p.kind === 'reserved' && p.entity === 'kube-apiserver');
    const client = conn.peers.findIndex((p) => p.kind === 'identity' && p.workloads.includes('shop/Pod/client'));
    expect(conn.edges.some((e) => e.from === client && e.to === api)).toBe(true);
  });
});

describe('kube-apiserver whose addresses are not loaded', () => {
  it('is matched as kube-apiserver only, and the note says what was assumed', () => {
    const d = toApiserver(egressTo('toEntities: [remote-node]', null), 'shop/client');
    expect(d.verdict).toBe('denied');
    expect(d.notes.join(' ')).toContain('default/kubernetes');
  });
});
