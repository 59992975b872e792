import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from './loadInputs.ts';
import { classifyInputName } from './inputNames.ts';
import { agentBpfIpcacheFile, agentIpListFile, agentIpListTextFile } from '../../../test/paths.ts';
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
  it('bugtool\'s `cilium-dbg ip list -n -o json` is read; its text twin is still skipped, with why', () => {
    const dir = 'cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd';
    expect(classifyInputName(`${dir}/cilium-dbg-ip-list--n--o-json.md`)).toEqual({ read: true, sysdump: true });
    expect(classifyInputName(`${dir}/cilium-ip-list--n--o-json.md`)).toEqual({ read: true, sysdump: true });
    expect(classifyInputName(`${dir}/cilium-dbg-ip-list--n.md`)).toMatchObject({ read: false, category: 'ipcache' });
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

describe("the agent's datapath ipcache (`cilium-dbg bpf ipcache list`)", () => {
  const BPF = readFileSync(agentBpfIpcacheFile, 'utf8');
  const name = 'cilium-dbg-bpf-ipcache-list.md';

  it('bugtool\'s `bpf ipcache list` is read (1.15 and later, and `cilium bpf ipcache list` before)', () => {
    const dir = 'cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd';
    expect(classifyInputName(`${dir}/cilium-dbg-bpf-ipcache-list.md`)).toEqual({ read: true, sysdump: true });
    expect(classifyInputName(`${dir}/cilium-bpf-ipcache-list.md`)).toEqual({ read: true, sysdump: true });
  });

  it('reads each prefix with its identity and tunnel endpoint; `<unknown>` is said at its line, a cluster-keyed one is said and passed over', () => {
    const r = loadInputs([{ name, data: BPF }, { name: 'cilium-dbg-identity-list--o-json.md', data: IDENTITIES }]);
    const entries = r.cluster.agentIpcache ?? [];
    expect(entries.map((e) => [e.prefix, e.identity, e.hostIP, e.pod, e.origin, e.source.line])).toEqual([
      ['10.244.1.17/32', 5120, '172.18.0.4', null, 'cilium-dbg bpf ipcache list', 2],
      ['172.18.0.3/32', 1, null, null, 'cilium-dbg bpf ipcache list', 3],
      ['10.244.0.5/32', 48312, null, null, 'cilium-dbg bpf ipcache list', 4],
      ['0.0.0.0/0', 2, null, null, 'cilium-dbg bpf ipcache list', 5],
      ['10.245.3.21/32', 131210, '172.19.0.2', null, 'cilium-dbg bpf ipcache list', 6],
      ['10.244.1.0/24', 2, '172.18.0.4', null, 'cilium-dbg bpf ipcache list', 7],
      ['fd00:10:245::15/128', 48312, null, null, 'cilium-dbg bpf ipcache list', 8],
      ['172.18.0.4/32', 6, null, null, 'cilium-dbg bpf ipcache list', 9],
      ['10.244.2.9/32', 48313, '172.18.0.5', null, 'cilium-dbg bpf ipcache list', 10],
    ]);
    // The remote cluster's identity names its labels, as `ip list` entries do.
    expect(entries.find((e) => e.identity === 131210)?.cluster).toBe('east');
    const said = (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => [d.severity, d.file, d.line, d.path ?? null]);
    expect(said('agent-ipcache-entry-unreadable')).toEqual([['warning', name, 11, 'cidr']]);
    expect(said('agent-ipcache-cluster-keyed')).toEqual([['info', name, 12, '']]);
    expect(r.diagnostics.find((d) => d.code === 'agent-ipcache-cluster-keyed')?.message).toContain('10.244.0.7/32@2');
    expect(r.cluster.sources.find((s) => s.file === name)?.counts).toEqual({ AgentIpcacheEntry: 9 });
    expect(r.diagnostics.find((d) => d.code === 'agent-ipcache')?.message).toContain('(cilium-dbg bpf ipcache list): 9 addresses and prefixes');
  });

  it('beside the same agent\'s `ip list -n -o json`, one entry per prefix: the pod from `ip list`, the tunnel endpoint from the datapath; a prefix the two give different identities is warned', () => {
    const bpf = BPF.replace('identity=48312 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>          \n', 'identity=48399 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>          \n');
    const r = load([{ name, data: bpf }]);
    const entries = r.cluster.agentIpcache ?? [];
    const at = (prefix: string) => entries.find((e) => e.prefix === prefix);
    expect([at('10.244.1.17/32')?.pod, at('10.244.1.17/32')?.hostIP, at('10.244.1.17/32')?.origin]).toEqual(['db-0', '172.18.0.4', 'cilium-dbg ip list']);
    expect([at('10.244.2.9/32')?.identity, at('10.244.2.9/32')?.origin]).toEqual([48313, 'cilium-dbg bpf ipcache list']);
    expect(new Set(entries.map((e) => e.prefix)).size).toBe(entries.length);
    const differs = r.diagnostics.filter((d) => d.code === 'agent-ipcache-differs' && d.file === name);
    expect(differs.map((d) => d.line)).toEqual([4]);
    expect(differs[0]?.message).toContain('identity 48399');
    expect(differs[0]?.message).toContain('cilium-dbg-ip-list--n--o-json.md line 9 (cilium-dbg ip list) gives 48312');
  });

  it('older agents\' values (nodeid=, vtepmac=, no flags), the header padded as before, a damaged value and an empty map', () => {
    const old = [
      'IP PREFIX/ADDRESS   IDENTITY   ',
      '10.0.1.5/32         identity=31902 encryptkey=0 tunnelendpoint=10.10.0.5 nodeid=3   ',
      '10.1.6.0/24         identity=2 encryptkey=0 tunnelendpoint=10.169.72.34 vtepmac=01:50:56:A0:7D:D8   ',
      '10.0.0.130/32       identity=3 encryptkey=0 tunnelendpoint=0.0.0.0   ',
      '10.0.0.131/32       identity=x encryptkey=0 tunnelendpoint=0.0.0.0   ',
      '10.0.0.132/32       encryptkey=0   ',
      '                    identity=4 encryptkey=0 tunnelendpoint=0.0.0.0   ',
      '',
    ].join('\n');
    const r = loadInputs([{ name: 'bpf-ipcache.txt', data: old }]);
    expect((r.cluster.agentIpcache ?? []).map((e) => [e.prefix, e.identity, e.hostIP])).toEqual([
      ['10.0.1.5/32', 31902, '10.10.0.5'],
      ['10.1.6.0/24', 2, '10.169.72.34'],
      ['10.0.0.130/32', 3, null],
    ]);
    const bad = r.diagnostics.filter((d) => d.code === 'agent-ipcache-entry-unreadable' || d.code === 'agent-ipcache-text-unreadable');
    expect(bad.map((d) => [d.code, d.line, d.path ?? null]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['agent-ipcache-entry-unreadable', 5, 'identity'],
      ['agent-ipcache-entry-unreadable', 6, 'identity'],
      ['agent-ipcache-text-unreadable', 7, ''],
    ]);
    const empty = loadInputs([{ name: 'cmd/cilium-dbg-bpf-ipcache-list.md', data: 'No entries found.\n' }]);
    expect(empty.cluster.agentIpcache).toBeUndefined();
    expect(empty.diagnostics.filter((d) => d.code === 'agent-ipcache-empty').map((d) => [d.severity, d.line])).toEqual([['info', 1]]);
    expect(empty.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});
