import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { loadInputs } from './loadInputs.ts';
import { clusterSettings } from '../engine/compile.ts';
import { agentConfigLine } from '../k8s/CiliumConfig.ts';
import { classifyInputName } from './inputNames.ts';
import { AGENT_RULE } from './testing.ts';

/**
 * Sysdump variants beside the newest layout (sysdumpLayout.test.ts), each file small but in the
 * shape cilium-cli writes it (cilium/cilium cilium-cli/sysdump sysdump.go, constants.go as vendored
 * by cilium/cilium-cli at e694be34c):
 *
 * - GKE Dataplane V2 (submitFlavorSpecificTasks, k8s.KindGKE): `gke-cilium-override-config-<ts>.yaml`
 *   is the ConfigMap `cilium-config-emergency-override` as WriteYAML prints one object; the agent
 *   DaemonSet, listed by the label `k8s-app=cilium` into `cilium-daemonset-<ts>.yaml`, is `anetd`;
 * - the agents' own version: bugtool's `cmd/cilium-debuginfo-<time>.json` (models.DebugInfo
 *   `cilium-version`), one per agent folder `cilium-bugtool-<pod>-<ts>/`.
 */
const TS = '20261120-091500';
const D = `cilium-sysdump-${TS}`;

const configMap = (name: string, data: Record<string, string>): string =>
  `apiVersion: v1\ndata:\n${Object.entries(data)
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
    .join('\n')}\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2026-11-01T10:00:00Z"\n  name: ${name}\n  namespace: kube-system\n  resourceVersion: "300"\n  uid: a1b2c3d4-7777-4444-8555-6789abcdef01\n`;

/** writeYAML's list of DaemonSets selected by `k8s-app=cilium`: items first, kind after; typed items carry no kind. */
const daemonSets = (name: string, image: string): string =>
  `apiVersion: apps/v1\nitems:\n- metadata:\n    labels:\n      k8s-app: cilium\n    name: ${name}\n    namespace: kube-system\n  spec:\n    selector:\n      matchLabels:\n        k8s-app: cilium\n    template:\n      metadata:\n        labels:\n          k8s-app: cilium\n      spec:\n        containers:\n        - image: ${image}\n          name: cilium-agent\nkind: DaemonSetList\nmetadata:\n  resourceVersion: "48213"\n`;

const CNP =
  'apiVersion: cilium.io/v2\nitems:\n- metadata:\n    name: web-ingress\n    namespace: shop\n  spec:\n    endpointSelector:\n      matchLabels:\n        app: web\n    ingress:\n    - fromEndpoints:\n      - matchLabels:\n          app: lb\nkind: CiliumNetworkPolicyList\nmetadata:\n  resourceVersion: "48213"\n';

const debugInfo = (version: unknown): string =>
  JSON.stringify({ 'cilium-version': version, 'endpoint-list': [], policy: { policy: '[]', revision: 3 } }, null, 2);

function load(files: Record<string, string>, options: Parameters<typeof loadInputs>[1] = {}): ReturnType<typeof loadInputs> {
  return loadInputs([{ name: `${D}.zip`, data: zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${D}/${k}`, strToU8(v)]))) }], options);
}

describe('GKE Dataplane V2 sysdump: the emergency override wins over cilium-config', () => {
  const files = {
    [`cilium-configmap-${TS}.yaml`]: configMap('cilium-config', { 'cluster-name': 'gke-prod', 'enable-policy': 'default', 'policy-audit-mode': 'false' }),
    [`gke-cilium-override-config-${TS}.yaml`]: configMap('cilium-config-emergency-override', { 'enable-policy': 'always' }),
    [`gke-cilium-hubble-config-${TS}.yaml`]: configMap('cilium-hubble-config', { 'enable-hubble': 'true' }),
    [`cilium-daemonset-${TS}.yaml`]: daemonSets('anetd', 'gke.gcr.io/cilium/cilium:v1.16.7-gke.1200@sha256:0123456789abcdef'),
    [`ciliumnetworkpolicies-${TS}.yaml`]: CNP,
  };

  it('is read by its sysdump name (the Hubble config beside it is not)', () => {
    expect(classifyInputName(`${D}/gke-cilium-override-config-${TS}.yaml`).read).toBe(true);
    expect(classifyInputName(`${D}/gke-cilium-hubble-config-${TS}.yaml`).read).toBe(false);
  });

  it("the override's keys reach the engine, the rest of cilium-config stays, and the version comes from anetd's image", () => {
    const r = load(files);
    expect(clusterSettings(r.cluster)).toMatchObject({ enforcementMode: 'always', auditMode: false, ciliumVersion: '1.16' });
    expect(r.cluster.name).toBe('gke-prod');
    expect(agentConfigLine(r.cluster.agentConfig)).toBe(
      'from cilium-config: cluster-name=gke-prod, policy-audit-mode=false; from cilium-config-emergency-override (GKE, wins over cilium-config): enable-policy=always; Cilium 1.16 (cilium DaemonSet image)',
    );
    const note = r.diagnostics.find((d) => d.code === 'agent-config-override');
    expect(note?.file).toBe(`${D}.zip/${D}/gke-cilium-override-config-${TS}.yaml`);
    expect(note?.message).toContain('sets enable-policy=always (cilium-config: default): it wins over cilium-config');
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('an override with a value the agent refuses is named and leaves cilium-config in force', () => {
    const r = load({ ...files, [`gke-cilium-override-config-${TS}.yaml`]: configMap('cilium-config-emergency-override', { 'enable-policy': 'sometimes' }) });
    expect(clusterSettings(r.cluster).enforcementMode).toBe('default');
    expect(r.diagnostics.find((d) => d.code === 'invalid-agent-setting')).toMatchObject({ file: `${D}.zip/${D}/gke-cilium-override-config-${TS}.yaml`, path: 'data.enable-policy', line: 3 });
  });

  it('an override alone (cilium-config not saved) still applies', () => {
    const { [`cilium-configmap-${TS}.yaml`]: _, ...rest } = files;
    expect(clusterSettings(load(rest).cluster).enforcementMode).toBe('always');
  });
});

describe("the agents' own version (bugtool debuginfo) decides version-dependent semantics", () => {
  const agent = (pod: string, version: unknown): Record<string, string> => ({ [`cilium-bugtool-${pod}-${TS}/cmd/cilium-debuginfo-20261120-091502.5+0000-UTC.json`]: debugInfo(version) });

  it('wins over the DaemonSet image, which is warned about when it differs', () => {
    const r = load({ [`cilium-daemonset-${TS}.yaml`]: daemonSets('cilium', 'quay.io/cilium/cilium:v1.17.2'), ...agent('cilium-a', '1.18.4 1d3a5c7e 2026-10-30T10:00:00+00:00 go version go1.24.9 linux/amd64'), [`ciliumnetworkpolicies-${TS}.yaml`]: CNP });
    expect(r.cluster.agentConfig?.ciliumVersion).toBe('1.18');
    expect(clusterSettings(r.cluster).ciliumVersion).toBe('1.18');
    expect(agentConfigLine(r.cluster.agentConfig)).toBe('Cilium 1.18 (reported by the agent, cilium-dbg debuginfo)');
    const w = r.diagnostics.find((d) => d.code === 'agent-version-differs');
    expect(w).toMatchObject({ severity: 'warning', file: `${D}.zip/${D}/cilium-daemonset-${TS}.yaml` });
    expect(w?.message).toContain('quay.io/cilium/cilium:v1.17.2) says Cilium 1.17, but the agents report 1.18');
  });

  it('agents on different versions: the oldest, and a warning naming them', () => {
    const r = load({ ...agent('cilium-a', '1.18.4 1d3a5c7e'), ...agent('cilium-b', '1.9.1 0c0c0c0c'), ...agent('cilium-c', '1.18.4 1d3a5c7e') });
    expect(r.cluster.agentConfig?.ciliumVersion).toBe('1.9');
    const w = r.diagnostics.find((d) => d.code === 'agent-versions-differ');
    expect(w?.message).toContain('1.9 (1 agents), 1.18 (2 agents)');
    expect(r.diagnostics.map((d) => d.code)).not.toContain('agent-version-differs');
  });

  it('a version it cannot read is named at its field; the DaemonSet then decides', () => {
    const r = load({ [`cilium-daemonset-${TS}.yaml`]: daemonSets('cilium', 'quay.io/cilium/cilium:v1.17.2'), ...agent('cilium-a', 'unknown'), ...agent('cilium-b', 42) });
    expect(r.cluster.agentConfig?.ciliumVersion).toBe('1.17');
    const bad = r.diagnostics.filter((d) => d.code === 'agent-version-unreadable');
    expect(bad.map((d) => `${d.path} ${d.line}`)).toEqual(['cilium-version 2', 'cilium-version 2']);
    expect(bad[1]?.message).toContain('a number');
  });

  it('a version set by the user still wins', () => {
    const r = load(agent('cilium-a', '1.18.4 1d3a5c7e'), { agentSettings: { ciliumVersion: '1.16' } });
    expect(clusterSettings(r.cluster).ciliumVersion).toBe('1.16');
    expect(agentConfigLine(r.cluster.agentConfig)).toBe('set on the command line (wins): Cilium 1.16');
  });
});

describe("`cilium-dbg policy get`'s Revision line, and bugtool outputs as older bugtools wrote them", () => {
  const notes = (r: ReturnType<typeof loadInputs>): string[] => r.diagnostics.filter((d) => d.code === 'agent-policies').map((d) => `${d.line} ${d.message}`);

  it('the revision is named in the note (cilium-dbg policy get prints it after the JSON)', () => {
    const r = load({ [`ciliumnetworkpolicies-${TS}.yaml`]: CNP, [`cilium-bugtool-cilium-a-${TS}/cmd/cilium-dbg-policy-get.md`]: `${JSON.stringify([AGENT_RULE], null, 2)}\nRevision: 12\n` });
    expect(notes(r)).toEqual([expect.stringMatching(/^2 The Cilium agent's policy repository \(cilium-dbg policy get, revision 12\): 1 rule from 1 policy/)]);
  });

  it('an agent with no rules at all is a repository too (`[]` then the revision): it enforces nothing', () => {
    const r = load({ [`ciliumnetworkpolicies-${TS}.yaml`]: CNP, [`cilium-bugtool-cilium-a-${TS}/cmd/cilium-dbg-policy-get.md`]: '[]\nRevision: 1\n' });
    expect(notes(r)).toEqual(["2 The Cilium agent's policy repository (cilium-dbg policy get, revision 1) has no rules: the agent enforces no network policy at all, whatever the loaded policies say."]);
    expect(r.diagnostics.find((d) => d.code === 'agent-policy-absent')?.message).toContain('CiliumNetworkPolicy shop/web-ingress is not in the agent');
  });

  it('its debuginfo read after it is the same agent: read once', () => {
    const dir = `cilium-bugtool-cilium-a-${TS}/cmd`;
    const r = load({ [`${dir}/cilium-dbg-policy-get.md`]: '[]\nRevision: 1\n', [`${dir}/cilium-debuginfo-20261120-091502.5+0000-UTC.json`]: debugInfo('1.18.4') });
    expect(notes(r)).toHaveLength(1);
  });

  it('Cilium 1.10 and older bugtools: `# <command>` then the output in a fence, kubectl exec in the name', () => {
    const name = `cilium-bugtool-cilium-a-${TS}/cmd/kubectl-exec-cilium-a--n-kube-system----cilium-policy-get.md`;
    const text = `# kubectl exec cilium-a -n kube-system -- cilium policy get\n\n\`\`\`\n${JSON.stringify([AGENT_RULE], null, 2)}\nRevision: 4\n\n\`\`\`\n`;
    const r = load({ [`ciliumnetworkpolicies-${TS}.yaml`]: CNP, [name]: text });
    expect(r.cluster.sources.find((s) => s.file.endsWith('cilium-policy-get.md'))?.counts).toEqual({ AgentPolicyRule: 1 });
    expect(notes(r)).toEqual([expect.stringMatching(/^5 The Cilium agent's policy repository \(cilium-dbg policy get, revision 4\): 1 rule from 1 policy; 1 of them from loaded policies/)]);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('`cilium-dbg identity list` (kvstore mode has no CiliumIdentity objects: the agents name the numbers)', () => {
  // printIdentities: tabwriter (minwidth 5, padding 3), the number with the first label, the others below.
  const TEXT = [
    'ID         LABELS',
    '1          reserved:host',
    '2          reserved:world',
    '50123      k8s:app=web',
    '           k8s:io.cilium.k8s.policy.cluster=default',
    '           k8s:io.kubernetes.pod.namespace=shop',
    '50124      k8s:app=lb',
    '           k8s:io.kubernetes.pod.namespace=shop',
    '16777217   cidr:104.16.0.0/12',
    '           reserved:world',
    '',
  ].join('\n');
  const dir = (pod: string): string => `cilium-bugtool-${pod}-${TS}/cmd`;
  const ids = (r: ReturnType<typeof loadInputs>): string[] => (r.cluster.ciliumIdentities ?? []).map((i) => `${i.id} ${i.namespace ?? '-'} ${i.labels.join(',')}`);

  it('the text form is read: global identities added, node-local ones left out and said', () => {
    const r = load({ [`${dir('cilium-a')}/cilium-dbg-identity-list.md`]: TEXT });
    expect(ids(r)).toEqual(['1 - reserved:host', '2 - reserved:world', '50123 shop k8s:app=web,k8s:io.cilium.k8s.policy.cluster=default,k8s:io.kubernetes.pod.namespace=shop', '50124 shop k8s:app=lb,k8s:io.kubernetes.pod.namespace=shop']);
    const src = r.cluster.sources.find((s) => s.file.endsWith('cilium-dbg-identity-list.md'));
    expect(src?.counts).toEqual({ AgentIdentity: 4 });
    expect(src?.skipped).toEqual({ AgentIdentity: 1 });
    expect(r.cluster.ciliumIdentities?.find((i) => i.id === 50124)?.source?.line).toBe(7);
    expect(r.diagnostics.find((d) => d.code === 'agent-identities')?.message).toBe("The Cilium agents' identities (cilium-dbg identity list): 4 global identities; 0 match the CiliumIdentities loaded; 4 had no CiliumIdentity loaded: added, so flows that carry only their number are named.");
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('the JSON form (-o json) reads the same; a second agent repeating them is counted once', () => {
    const json = JSON.stringify([{ id: 50123, labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'], labelsSHA256: 'ab12' }], null, 2);
    const r = load({ [`${dir('cilium-a')}/cilium-dbg-identity-list--o-json.md`]: json, [`${dir('cilium-b')}/cilium-dbg-identity-list.md`]: TEXT });
    expect(ids(r)).toContain('50123 shop k8s:app=web,k8s:io.kubernetes.pod.namespace=shop');
    expect(r.diagnostics.find((d) => d.code === 'agent-identity-differs')?.message).toContain('another agent');
  });

  it("a CiliumIdentity wins over the agent's list; a difference is warned at the agent's line", () => {
    const crd = 'apiVersion: cilium.io/v2\nitems:\n- metadata:\n    name: "50123"\n  security-labels:\n    k8s:app: web\n    k8s:io.kubernetes.pod.namespace: shop\nkind: CiliumIdentityList\nmetadata:\n  resourceVersion: "1"\n';
    const r = load({ [`ciliumidentities-${TS}.yaml`]: crd, [`${dir('cilium-a')}/cilium-dbg-identity-list.md`]: TEXT });
    expect(ids(r).find((s) => s.startsWith('50123'))).toBe('50123 shop k8s:app=web,k8s:io.kubernetes.pod.namespace=shop');
    expect(r.diagnostics.find((d) => d.code === 'agent-identity-differs')).toMatchObject({ line: 4, severity: 'warning' });
  });

  it('a line it cannot read is named; the identities around it are read', () => {
    const r = load({ [`${dir('cilium-a')}/cilium-dbg-identity-list.md`]: TEXT.replace('50124      k8s:app=lb', 'oops: this is not a row') });
    const bad = r.diagnostics.filter((d) => d.code === 'agent-identity-unreadable');
    expect(bad.map((d) => d.line)).toEqual([7]);
    expect(ids(r).map((s) => s.split(' ')[0])).toEqual(['1', '2', '50123']);
  });

  it('text that only starts like it is not taken for it', () => {
    const r = load({ [`${dir('cilium-a')}/cilium-dbg-identity-list.md`]: 'IDENTITY   LABELS\n' });
    expect(r.cluster.ciliumIdentities).toBeUndefined();
  });
});

describe("the kvstore dumps (kvstore-<name>.json: `cilium kvstore get cilium/<prefix> --recursive -o json`, saved when cilium-config says kvstore: etcd)", () => {
  // kvstore.KeyValuePairs as Go's json.MarshalIndent prints it: keys sorted, Data a []byte (base64).
  const pairs = (entries: Record<string, string>): string =>
    JSON.stringify(Object.fromEntries(Object.entries(entries).map(([k, v], i) => [k, { Data: Buffer.from(v).toString('base64'), ModRevision: 100 + i, LeaseID: 7587890000000000 + i }])), null, 2);
  const IDENTITIES = pairs({
    'cilium/state/identities/v1/id/1024': 'k8s:app=web;k8s:io.cilium.k8s.policy.cluster=default;k8s:io.kubernetes.pod.namespace=shop;',
    'cilium/state/identities/v1/id/1025': 'k8s:app=lb;k8s:io.kubernetes.pod.namespace=shop;',
    'cilium/state/identities/v1/value/k8s:app=lb;k8s:io.kubernetes.pod.namespace=shop;/10.0.0.5': '1025',
  });
  const ids = (r: ReturnType<typeof loadInputs>): string[] => (r.cluster.ciliumIdentities ?? []).map((i) => `${i.id} ${i.namespace ?? '-'} ${i.labels.join(',')}`);

  it('kvstore-identities.json names the identities (kvstore mode has no CiliumIdentity objects), each at its own line', () => {
    const r = load({ 'kvstore-identities.json': IDENTITIES });
    expect(ids(r)).toEqual(['1024 shop k8s:app=web,k8s:io.cilium.k8s.policy.cluster=default,k8s:io.kubernetes.pod.namespace=shop', '1025 shop k8s:app=lb,k8s:io.kubernetes.pod.namespace=shop']);
    expect(r.cluster.ciliumIdentities?.map((i) => i.source?.line)).toEqual([2, 7]);
    const src = r.cluster.sources.find((s) => s.file.endsWith('kvstore-identities.json'));
    expect(src?.counts).toEqual({ AgentIdentity: 2 });
    expect(src?.skipped).toEqual({ 'KVStore identity key': 1 });
    expect(r.diagnostics.find((d) => d.code === 'agent-identities')?.message).toMatch(/^The Cilium agents' identities \(kvstore-identities.json\): 2 global identities;/);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('an entry it cannot read is named with its line and key; the others are read', () => {
    const bad = IDENTITIES.replace(/"Data": "[^"]*"/, '"Data": 12');
    const r = load({ 'kvstore-identities.json': bad });
    expect(ids(r).map((s) => s.split(' ')[0])).toEqual(['1025']);
    const d = r.diagnostics.find((x) => x.code === 'kvstore-entry-unreadable');
    expect(d).toMatchObject({ severity: 'warning', line: 3, path: '["cilium/state/identities/v1/id/1024"].Data' });
  });

  it('the other dumps are skipped, each saying what it holds and why it is not used; the ipcache one is read', () => {
    const ips = pairs({ 'cilium/state/ip/v1/default/10.0.1.5': JSON.stringify({ IP: '10.0.1.5', Mask: null, HostIP: '192.168.1.2', ID: 1024, Key: 0, Metadata: 'cilium-global:default:node-a:1', K8sNamespace: 'shop', K8sPodName: 'web-1' }) });
    const nodes = pairs({ 'cilium/state/nodes/v1/default/node-a': JSON.stringify({ Name: 'node-a', Cluster: 'default' }) });
    const services = pairs({ 'cilium/state/services/v1/default/shop/web': JSON.stringify({ cluster: 'default', namespace: 'shop', name: 'web' }) });
    const heartbeat = pairs({ 'cilium/.heartbeat': '2026-11-20T09:15:00Z' });
    const r = load({ 'kvstore-ips.json': ips, 'kvstore-nodes.json': nodes, 'kvstore-services.json': services, 'kvstore-heartbeat.json': heartbeat, 'kvstore-cnpstatuses.json': '{}\n' });
    const reasons = r.diagnostics.filter((d) => d.file.includes('/kvstore-')).map((d) => `${d.file.split('/').pop()}: ${d.message}`);
    expect(reasons).toHaveLength(5);
    expect(reasons.find((m) => m.startsWith('kvstore-cnpstatuses.json'))).toContain('an empty kvstore dump');
    expect(reasons.find((m) => m.startsWith('kvstore-ips.json'))).toContain("The Cilium agents' ipcache (kvstore): 1 address or prefix; 0 name the pod the inventory has at that address; 1 names a pod the inventory does not have (shop/web-1)");
    expect(r.cluster.agentIpcache?.map((e) => [e.prefix, e.identity, e.namespace, e.pod, e.origin])).toEqual([['10.0.1.5/32', 1024, 'shop', 'web-1', 'kvstore']]);
    expect(reasons.find((m) => m.startsWith('kvstore-nodes.json'))).toContain('Node objects');
    expect(reasons.find((m) => m.startsWith('kvstore-services.json'))).toContain('Service objects');
    expect(reasons.find((m) => m.startsWith('kvstore-heartbeat.json'))).toContain('heartbeat');
    expect(r.diagnostics.some((d) => d.message.includes('neither a Kubernetes object'))).toBe(false);
  });
});

describe("the agents' IP caches in bugtool (cilium-dbg ip list -n -o json, cilium-dbg bpf ipcache list)", () => {
  it('both are read, one entry per prefix (the pod from the JSON, the tunnel endpoint from the datapath); the text twin is skipped with its own reason, not as an unknown bugtool file', () => {
    const dir = `cilium-bugtool-cilium-a-${TS}/cmd`;
    const r = load({
      [`${dir}/cilium-dbg-ip-list--n--o-json.md`]: JSON.stringify([{ cidr: '10.0.1.5/32', identity: 1024, hostIP: '192.168.1.2', encryptKey: 0, metadata: { source: 'k8s', namespace: 'shop', name: 'web-1' } }], null, 2),
      [`${dir}/cilium-dbg-bpf-ipcache-list.md`]: 'IP PREFIX/ADDRESS   IDENTITY\n10.0.1.5/32         identity=1024 encryptkey=0 tunnelendpoint=192.168.1.2 flags=<none>   \n10.0.2.0/24         identity=2 encryptkey=0 tunnelendpoint=192.168.1.3 flags=hastunnel   \n',
      [`${dir}/cilium-dbg-ip-list--n.md`]: 'IP            IDENTITY   SOURCE\n10.0.1.5/32   1024       k8s\n',
      [`${dir}/cilium-dbg-status.md`]: 'KVStore: Disabled\n',
      'k8s-networkpolicies-20261120-091500.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems: []\n',
    });
    const skipped = r.diagnostics.find((d) => d.code === 'archive-skipped')?.message ?? '';
    expect(skipped).toContain('1 cilium-bugtool file,');
    expect(skipped).toContain('1 agent IP-cache listing (cilium-dbg ip list as text: the same addresses and identities as the `cilium-dbg ip list -n -o json` output bugtool saves beside it, which is read)');
    expect(r.cluster.agentIpcache?.map((e) => [e.prefix, e.identity, e.pod, e.hostIP, e.origin])).toEqual([
      ['10.0.1.5/32', 1024, 'web-1', '192.168.1.2', 'cilium-dbg ip list'],
      ['10.0.2.0/24', 2, null, '192.168.1.3', 'cilium-dbg bpf ipcache list'],
    ]);
    expect(classifyInputName(`${D}/${dir}/cilium-ip-list--n--o-json.md`)).toEqual({ read: true, sysdump: true });
  });
});
