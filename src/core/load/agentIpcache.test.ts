import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from './loadInputs.ts';
import { classifyInputName } from './inputNames.ts';
import { agentIpListFile, agentIpListTextFile } from '../../../test/paths.ts';
import { CLUSTER_CONFIG, IDENTITIES, INVENTORY } from './agentIpcache.fixture.ts';

/**
 * The agents' ipcache (`cilium-dbg ip list -n -o json` as bugtool saves it, and the kvstore's
 * `cilium/state/ip/v1/…` keys): read beside the inventory, which it never overrides.
 */

const IP_LIST = readFileSync(agentIpListFile, 'utf8');

function load(extra: { name: string; data: string }[] = []) {
  return loadInputs([
    { name: 'inventory.yaml', data: INVENTORY },
    { name: 'cilium-config.yaml', data: CLUSTER_CONFIG },
    { name: 'cilium-dbg-identity-list--o-json.md', data: IDENTITIES },
    { name: 'cilium-dbg-ip-list--n--o-json.md', data: IP_LIST },
    ...extra,
  ]);
}

describe("the agents' ipcache", () => {
  it('bugtool\'s `cilium-dbg ip list -n -o json` is read; its text twin and `bpf ipcache list` are still skipped, with why', () => {
    const dir = 'cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd';
    expect(classifyInputName(`${dir}/cilium-dbg-ip-list--n--o-json.md`)).toEqual({ read: true, sysdump: true });
    expect(classifyInputName(`${dir}/cilium-ip-list--n--o-json.md`)).toEqual({ read: true, sysdump: true });
    expect(classifyInputName(`${dir}/cilium-dbg-ip-list--n.md`)).toMatchObject({ read: false, category: 'ipcache' });
    expect(classifyInputName(`${dir}/cilium-dbg-bpf-ipcache-list.md`)).toMatchObject({ read: false, category: 'ipcache' });
  });

  it('reads each entry with its source, says a damaged one at its field, and keeps the inventory where the two differ', () => {
    const r = load();
    const entries = r.cluster.agentIpcache ?? [];
    expect(entries.map((e) => [e.prefix, e.identity, e.namespace, e.pod, e.learntFrom])).toEqual([
      ['0.0.0.0/0', 2, null, null, 'reserved'],
      ['10.244.0.5/32', 48312, 'shop', 'web-6d9c-x2kqp', 'custom-resource'],
      ['10.244.0.9/32', 48312, 'shop', 'web-6d9c-7hq2n', 'custom-resource'],
      ['10.244.1.17/32', 5120, 'shop', 'db-0', 'custom-resource'],
      ['10.245.3.21/32', 131210, 'payments', 'ledger-7f5b9-kq4zd', 'clustermesh'],
      ['172.18.0.3/32', 1, null, null, 'local'],
      ['172.18.0.4/32', 6, null, null, 'custom-resource'],
    ]);
    expect(entries[1]?.source).toEqual({ file: 'cilium-dbg-ip-list--n--o-json.md', document: 0, line: 9 });
    const file = (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => [d.severity, d.file, d.line, d.path ?? null]);
    // The damaged entry: said at its identity, the others read.
    expect(file('agent-ipcache-entry-unreadable')).toEqual([['warning', 'cilium-dbg-ip-list--n--o-json.md', 52, '[5].identity']]);
    // 10.244.0.9 is web-old in the inventory: a warning, and the inventory's pod stays.
    expect(file('agent-ipcache-differs')).toEqual([['warning', 'cilium-dbg-ip-list--n--o-json.md', 19, '']]);
    expect(r.diagnostics.find((d) => d.code === 'agent-ipcache-differs')?.message).toContain('in the inventory 10.244.0.9 is shop/web-old-55f1-abcde (inventory.yaml line 7)');
    expect(r.cluster.pods.map((p) => `${p.namespace}/${p.name} ${p.ips.join(',')}`)).toEqual(['shop/web-6d9c-x2kqp 10.244.0.5', 'shop/web-old-55f1-abcde 10.244.0.9']);
    const note = r.diagnostics.find((d) => d.code === 'agent-ipcache');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('7 addresses and prefixes; 1 names the pod the inventory has at that address; 2 name pods the inventory does not have (shop/db-0, payments/ledger-7f5b9-kq4zd), some of another cluster (ClusterMesh: east)');
  });

  it("the kvstore's ipcache keys are read as the same entries (a sysdump's kvstore-ips.json), each unreadable one said", () => {
    const pair = (o: object): string => btoa(JSON.stringify(o));
    const dump = JSON.stringify(
      {
        'cilium/state/ip/v1/default/10.244.2.8': { Data: pair({ IP: '10.244.2.8', Mask: null, HostIP: '172.18.0.5', ID: 5120, Key: 0, Metadata: 'cilium-global:default:node-3:312', K8sNamespace: 'shop', K8sPodName: 'db-1' }), ModRevision: 812, LeaseID: 7587890 },
        'cilium/state/ip/v1/default/10.96.0.0': { Data: pair({ IP: '10.96.0.0', Mask: '//8AAA==', HostIP: null, ID: 16777217, Key: 0, Metadata: '' }), ModRevision: 813, LeaseID: 0 },
        'cilium/state/ip/v1/default/10.244.2.9': { Data: 'bm90IGpzb24=', ModRevision: 814, LeaseID: 7587890 },
      },
      null,
      2,
    );
    const r = load([{ name: 'kvstore-ips.json', data: dump }]);
    const kv = (r.cluster.agentIpcache ?? []).filter((e) => e.origin === 'kvstore');
    expect(kv.map((e) => [e.prefix, e.identity, e.namespace, e.pod, e.hostIP, e.source.line])).toEqual([
      ['10.244.2.8/32', 5120, 'shop', 'db-1', '172.18.0.5', 2],
      ['10.96.0.0/16', 16777217, null, null, null, 7],
    ]);
    const bad = r.diagnostics.filter((d) => d.code === 'kvstore-entry-unreadable');
    expect(bad.map((d) => [d.file, d.line, d.path])).toEqual([['kvstore-ips.json', 13, '["cilium/state/ip/v1/default/10.244.2.9"].Data']]);
    expect(r.cluster.sources.find((s) => s.file === 'kvstore-ips.json')?.counts).toMatchObject({ AgentIpcacheEntry: 2 });
  });

  it('`cilium-dbg ip list -n` as text is read as the same entries, without pods; a damaged row is said at its line', () => {
    const name = 'ip-list.txt';
    const r = loadInputs([{ name, data: readFileSync(agentIpListTextFile, 'utf8') }, { name: 'cilium-dbg-identity-list--o-json.md', data: IDENTITIES }]);
    const entries = r.cluster.agentIpcache ?? [];
    expect(entries.map((e) => [e.prefix, e.identity, e.pod, e.learntFrom, e.source.line])).toEqual([
      ['0.0.0.0/0', 2, null, 'reserved', 2],
      ['10.244.0.5/32', 48312, null, 'custom-resource', 3],
      ['10.244.1.17/32', 5120, null, 'custom-resource', 4],
      ['10.245.3.21/32', 131210, null, 'clustermesh', 5],
      ['172.18.0.3/32', 1, null, 'local', 6],
      ['172.18.0.4/32', 6, null, 'custom-resource', 7],
      ['10.96.0.0/16', 16777217, null, null, 8],
      ['fd00:10:245::15/128', 48312, null, 'custom-resource', 9],
    ]);
    expect(entries.find((e) => e.identity === 131210)?.labels).toContain('k8s:app=ledger');
    const bad = r.diagnostics.filter((d) => d.code === 'agent-ipcache-entry-unreadable');
    expect(bad.map((d) => [d.file, d.line, d.path])).toEqual([[name, 10, 'cidr']]);
    expect(r.cluster.sources.find((s) => s.file === name)?.counts).toEqual({ AgentIpcacheEntry: 8 });
  });

  it('printed without -n (identities as labels), the list is not read, and said once', () => {
    const text = 'IP                IDENTITY                                SOURCE\n10.244.0.5/32     k8s:app=web                             custom-resource\n                  k8s:io.kubernetes.pod.namespace=shop    \n172.18.0.3/32     reserved:host                           local\n';
    const r = loadInputs([{ name: 'ip-list.txt', data: text }]);
    expect(r.cluster.agentIpcache).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.code === 'agent-ipcache-text-labels').map((d) => [d.severity, d.line])).toEqual([['warning', 2]]);
  });
});
