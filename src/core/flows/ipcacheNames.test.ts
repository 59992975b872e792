import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from '../load/loadInputs.ts';
import type { InputFile } from '../load/types.ts';
import { FlowAggregator } from './aggregate.ts';
import { flowSinkFor } from './sink.ts';
import { compile } from '../engine/compile.ts';
import { endpointOfPeer } from './crossCheck.ts';
import { agentIpListFile } from '../../../test/paths.ts';
import { computeIdentities } from '../identity/identities.ts';
import { formatLabel } from '../model/labels.ts';
import { CLUSTER_CONFIG, IDENTITIES, INVENTORY } from '../load/agentIpcache.fixture.ts';

/**
 * Flow sides known only by an address are named from the agents' ipcache where the inventory has
 * nothing there; what the flows say themselves, and the inventory, always stand.
 */

const IP_LIST = 'cilium-dbg-ip-list--n--o-json.md';

const WEB = { ID: 1036, identity: 48312, namespace: 'shop', labels: ['k8s:app=web', 'k8s:io.cilium.k8s.policy.cluster=west', 'k8s:io.kubernetes.pod.namespace=shop'], pod_name: 'web-6d9c-x2kqp' };

/** A request to shop/web on 8080/TCP from `source` at `ip` (`{}`: the flow says nothing but the address). */
function flow(ip: string, source: object): string {
  return JSON.stringify({
    flow: {
      time: '2026-11-20T09:00:00Z',
      verdict: 'FORWARDED',
      IP: { source: ip, destination: '10.244.0.5', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 40000, destination_port: 8080, flags: { SYN: true } } },
      source,
      destination: WEB,
      Type: 'L3_L4',
      event_type: { type: 4 },
      traffic_direction: 'INGRESS',
      is_reply: false,
    },
  });
}

function load(flows: readonly string[], withIpcache = true, inventory = INVENTORY, identities = IDENTITIES) {
  const files: InputFile[] = [
    { name: 'inventory.yaml', data: inventory },
    { name: 'cilium-config.yaml', data: CLUSTER_CONFIG },
    { name: 'cilium-dbg-identity-list--o-json.md', data: identities },
    ...(withIpcache ? [{ name: IP_LIST, data: readFileSync(agentIpListFile, 'utf8') }] : []),
    { name: 'flows.jsonl', data: `${flows.join('\n')}\n` },
  ];
  const agg = new FlowAggregator();
  const r = loadInputs(files, { flowSink: flowSinkFor(agg) });
  return { result: r, flows: agg.result() };
}

describe("flow peers known only by an address, named from the agents' ipcache", () => {
  it('a ClusterMesh pod and a pod the inventory lacks are named as the ipcache names them, each said at its entry', () => {
    const { flows } = load([flow('10.245.3.21', {}), flow('10.244.1.17', {})]);
    const sources = flows.edges.map((e) => e.source);
    expect(sources.map((s) => s.key)).toEqual(['payments/Pod/ledger-7f5b9-kq4zd', 'shop/Pod/db-0']);
    expect(sources[0]?.evidence).toMatchObject({ identities: [131210], clusters: ['east'], ips: ['10.245.3.21'] });
    expect(sources[0]?.evidence.labels).toContain('k8s:app=ledger');
    const notes = flows.diagnostics.filter((d) => d.code === 'flow-peer-from-ipcache');
    expect(notes.map((d) => [d.severity, d.file, d.line])).toEqual([
      ['info', IP_LIST, 29],
      ['info', IP_LIST, 39],
    ]);
    expect(notes[1]?.message).toContain('gives it identity 131210 and pod payments/ledger-7f5b9-kq4zd of cluster east (ClusterMesh)');
  });

  it('the named peer still gets a verdict: the engine answers it with the identity the ipcache gives', () => {
    const { result, flows } = load([flow('10.245.3.21', {})]);
    const edge = flows.edges[0];
    if (!edge) throw new Error('no edge');
    const r = endpointOfPeer(compile(result.cluster), edge.source);
    expect(r.ok && r.endpoint.kind === 'endpoint' ? r.endpoint.labels : r).toContain('k8s:app=ledger');
  });

  it("the inventory's pod at the address wins: that side stays an address (the loader warns where the two differ)", () => {
    const { flows, result } = load([flow('10.244.0.9', {})]);
    expect(flows.edges.map((e) => e.source.key)).toEqual(['ip:10.244.0.9']);
    expect(result.diagnostics.some((d) => d.code === 'agent-ipcache-differs')).toBe(true);
    expect(flows.diagnostics.filter((d) => d.code === 'flow-peer-from-ipcache')).toEqual([]);
  });

  it('what the flow says stands: an identity it gives (world here) is never replaced by the ipcache', () => {
    const { flows } = load([flow('10.245.3.21', { identity: 2, labels: ['reserved:world'] })]);
    expect(flows.edges.map((e) => e.source.key)).toEqual(['ip:10.245.3.21']);
  });

  it('reserved identities (a node: remote-node) and addresses the ipcache lacks stay addresses; so does all without an ipcache', () => {
    expect(load([flow('172.18.0.4', {}), flow('192.0.2.7', {})]).flows.edges.map((e) => e.source.key)).toEqual(['ip:172.18.0.4', 'ip:192.0.2.7']);
    expect(load([flow('10.245.3.21', {})], false).flows.edges.map((e) => e.source.key)).toEqual(['ip:10.245.3.21']);
  });

  it("a pod newer than the inventory is named as the workload whose pods carry the entry's identity", () => {
    // Only web-6d9c-x2kqp of ReplicaSet web-6d9c was saved; the ipcache has its sibling web-6d9c-7hq2n at 10.244.0.9, identity 48312.
    const inventory = `apiVersion: v1
kind: Pod
metadata: {name: web-6d9c-x2kqp, namespace: shop, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-6d9c, uid: u1, controller: true}]}
spec: {nodeName: n1, containers: [{name: web}]}
status: {podIP: 10.244.0.5}
`;
    const webLabels = computeIdentities(load([], false, inventory).result.cluster).identities.find((i) => i.workloads.includes('shop/ReplicaSet/web-6d9c'))?.labels;
    if (!webLabels) throw new Error('no identity for shop/ReplicaSet/web-6d9c');
    const identities = JSON.stringify([{ id: 48312, labels: [...webLabels.values()].map(formatLabel) }]);
    const { flows } = load([flow('10.244.0.9', {})], true, inventory, identities);
    expect(flows.edges.map((e) => e.source.key)).toEqual(['shop/ReplicaSet/web-6d9c']);
    expect(flows.diagnostics.find((d) => d.code === 'flow-peer-from-ipcache')?.message).toContain('pod shop/web-6d9c-7hq2n: those flows are shown as ReplicaSet shop/web-6d9c');
  });
});
