/**
 * Builds test/fixtures/sysdump/: the app-platform fixture as `cilium sysdump` (cilium-cli 0.16+)
 * writes a cluster, zipped, plus a copy whose cilium-config says `enable-policy: always`.
 *
 * What makes it a sysdump and not the separate files: one folder `cilium-sysdump-<ts>/` of files
 * named `<what>-<ts>.<ext>` (cilium-cli sysdump/constants.go); built-in kinds as typed lists whose
 * items carry no kind/apiVersion (NamespaceList, PodList, NetworkPolicyList…), Cilium's kinds as
 * unstructured lists whose items do; pods without their Deployments and ReplicaSets (only
 * Cilium's own controllers are dumped); CiliumEndpoints with the identities the flows carry; one
 * Hubble file per node (`hubble-flows-<node>-<ts>.json`, JSON lines); and the noise of a real one
 * (agent logs, metrics, gops output, a cilium-bugtool tarball, events, leases, Helm values…).
 * Members are written with data descriptors, as Go's archive/zip does.
 *
 * Deterministic: `npx tsx scripts/gen-sysdump-fixture.ts` rewrites the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAllDocuments, stringify } from 'yaml';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { concatBytes, tarArchive } from '../src/core/load/archiveTesting.ts';
import { appPlatformFile, fixturesDir } from '../test/paths.ts';

const TS = '20261120-091500';
const DIR = `cilium-sysdump-${TS}`;
const CLUSTER = 'doks-ams3-prod-7';
const MTIME = new Date('2026-11-20T09:15:00Z');
type Obj = Record<string, unknown>;

const inventory = parseAllDocuments(readFileSync(appPlatformFile('inventory.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
const policies = parseAllDocuments(readFileSync(appPlatformFile('policies.yaml'), 'utf8'))
  .map((d) => d.toJS() as Obj | null)
  .filter((d): d is Obj => d !== null);
const flowLines = readFileSync(appPlatformFile('flows.jsonl'), 'utf8').trim().split('\n');

const meta = (o: Obj): Obj => o['metadata'] as Obj;
const kindOf = (o: Obj): string => o['kind'] as string;
/** A typed list as client-go's typed clients return it: items without kind/apiVersion. */
const typedList = (apiVersion: string, kind: string, items: readonly Obj[]): Obj => ({
  apiVersion,
  kind,
  metadata: { resourceVersion: '48213377' },
  items: items.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'apiVersion' && k !== 'kind'))),
});
/** An unstructured list (dynamic client): items keep kind/apiVersion. */
const unstructuredList = (apiVersion: string, kind: string, items: readonly Obj[]): Obj => ({ apiVersion, kind, metadata: { resourceVersion: '48213377' }, items });

// Cilium's own components: the agent DaemonSet (its image gives the version), the operator.
const nodes = ['pool-a-1', 'pool-a-2', 'pool-b-1'];
const agentImage = 'quay.io/cilium/cilium:v1.19.1@sha256:3f9c0a2e61d1f1c3c5a1b7f4c0d2e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2';
const ciliumDaemonSet: Obj = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'cilium', namespace: 'kube-system', labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/part-of': 'cilium' } },
  spec: {
    selector: { matchLabels: { 'k8s-app': 'cilium' } },
    template: {
      metadata: { labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent' } },
      spec: {
        hostNetwork: true,
        serviceAccountName: 'cilium',
        initContainers: [{ name: 'config', image: agentImage }],
        containers: [{ name: 'cilium-agent', image: agentImage, ports: [{ name: 'peer-service', containerPort: 4244, hostPort: 4244, protocol: 'TCP' }] }],
      },
    },
  },
};
const operator: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'cilium-operator', namespace: 'kube-system', labels: { 'io.cilium/app': 'operator' } },
  spec: { replicas: 1, template: { metadata: { labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } }, spec: { hostNetwork: true, serviceAccountName: 'cilium-operator', containers: [{ name: 'cilium-operator', image: 'quay.io/cilium/operator-generic:v1.19.1' }] } } },
};
const agentPods: Obj[] = nodes.map((n, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `cilium-${['x7k2p', 'q9d4m', 'h3w8z'][i]}`, namespace: 'kube-system', labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent', 'controller-revision-hash': '6c9d7b5f4d', 'pod-template-generation': '3' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'cilium', controller: true }] },
  spec: { nodeName: n, hostNetwork: true, serviceAccountName: 'cilium', containers: [{ name: 'cilium-agent', image: agentImage }] },
  status: { phase: 'Running', podIP: `10.110.0.${i + 2}`, hostIP: `10.110.0.${i + 2}` },
}));
const operatorPod: Obj = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'cilium-operator-7d8f9c6b5-2xkqz', namespace: 'kube-system', labels: { 'io.cilium/app': 'operator', name: 'cilium-operator', 'pod-template-hash': '7d8f9c6b5' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cilium-operator-7d8f9c6b5', controller: true }] },
  spec: { nodeName: 'pool-a-1', hostNetwork: true, serviceAccountName: 'cilium-operator', containers: [{ name: 'cilium-operator', image: 'quay.io/cilium/operator-generic:v1.19.1' }] },
  status: { phase: 'Running', podIP: '10.110.0.2', hostIP: '10.110.0.2' },
};

const namespaces = inventory.filter((o) => kindOf(o) === 'Namespace');
const pods = [...inventory.filter((o) => kindOf(o) === 'Pod'), ...agentPods, operatorPod];

// CiliumEndpoints: one per (non-hostNetwork) pod, with the identity the flows show for it.
const identityOf = new Map<string, { id: number; labels: string[] }>();
for (const line of flowLines) {
  const f = (JSON.parse(line) as { flow: Obj })['flow'];
  for (const side of ['source', 'destination']) {
    const ep = f[side] as Obj | undefined;
    if (ep && typeof ep['pod_name'] === 'string' && typeof ep['identity'] === 'number') identityOf.set(`${ep['namespace'] as string}/${ep['pod_name']}`, { id: ep['identity'], labels: (ep['labels'] as string[]) ?? [] });
  }
}
let endpointId = 100;
const endpoints: Obj[] = inventory
  .filter((o) => kindOf(o) === 'Pod')
  .map((p) => {
    const m = meta(p);
    const key = `${m['namespace'] as string}/${m['name'] as string}`;
    const id = identityOf.get(key);
    const status = p['status'] as Obj;
    return {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumEndpoint',
      metadata: { name: m['name'], namespace: m['namespace'], ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: m['name'] }] },
      status: {
        id: endpointId++,
        identity: id ? { id: id.id, labels: id.labels } : undefined,
        networking: { addressing: [{ ipv4: status['podIP'] }], node: status['hostIP'] },
        state: 'ready',
      },
    };
  });
const identities: Obj[] = [...new Map([...identityOf.values()].map((i) => [i.id, i])).values()]
  .sort((a, b) => a.id - b.id)
  .map((i) => ({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumIdentity',
    metadata: { name: String(i.id), labels: Object.fromEntries(i.labels.filter((l) => l.startsWith('k8s:')).map((l) => l.slice(4).split('=') as [string, string])) },
    'security-labels': Object.fromEntries(i.labels.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])),
  }));

const ciliumConfig = (enablePolicy: string): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cilium-config', namespace: 'kube-system' },
  data: {
    'agent-not-ready-taint-key': 'node.cilium.io/agent-not-ready',
    'allow-localhost': 'auto',
    'cluster-id': '7',
    'cluster-name': CLUSTER,
    'cluster-pool-ipv4-cidr': '10.244.0.0/16',
    'enable-hubble': 'true',
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    'enable-l7-proxy': 'true',
    'enable-policy': enablePolicy,
    'hubble-listen-address': ':4244',
    'identity-allocation-mode': 'crd',
    ipam: 'cluster-pool',
    'kube-proxy-replacement': 'true',
    'policy-audit-mode': 'false',
    'policy-cidr-match-mode': '',
    'routing-mode': 'tunnel',
    'tunnel-protocol': 'vxlan',
  },
});

const y = (o: Obj): string => stringify(o, { lineWidth: 0 });
const at = (name: string): string => `${DIR}/${name}-${TS}`;

function files(enablePolicy: string): { name: string; data: Uint8Array | string }[] {
  const byNode = new Map<string, string[]>();
  for (const line of flowLines) {
    const node = ((JSON.parse(line) as { node_name: string }).node_name.split('/')[1] ?? 'unknown');
    byNode.set(node, [...(byNode.get(node) ?? []), line]);
  }
  const bugtool = gzipSync(tarArchive([{ name: 'cilium-bugtool-20261120-091512/cmd/cilium-dbg-status.md', data: 'KVStore: Disabled\nKubernetes: Ok 1.31\n' }]));
  const out: { name: string; data: Uint8Array | string }[] = [
    { name: `${at('k8s-namespaces')}.yaml`, data: y(typedList('v1', 'NamespaceList', namespaces)) },
    { name: `${at('k8s-pods')}.yaml`, data: y(typedList('v1', 'PodList', pods)) },
    { name: `${at('k8s-pods')}.txt`, data: 'NAMESPACE     NAME     READY   STATUS\n' },
    { name: `${at('k8s-services')}.yaml`, data: y(typedList('v1', 'ServiceList', [])) },
    { name: `${at('k8s-networkpolicies')}.yaml`, data: y(typedList('networking.k8s.io/v1', 'NetworkPolicyList', policies.filter((p) => kindOf(p) === 'NetworkPolicy'))) },
    { name: `${at('ciliumnetworkpolicies')}.yaml`, data: y(unstructuredList('cilium.io/v2', 'CiliumNetworkPolicyList', policies.filter((p) => kindOf(p) === 'CiliumNetworkPolicy'))) },
    { name: `${at('ciliumclusterwidenetworkpolicies')}.yaml`, data: y(unstructuredList('cilium.io/v2', 'CiliumClusterwideNetworkPolicyList', policies.filter((p) => kindOf(p) === 'CiliumClusterwideNetworkPolicy'))) },
    { name: `${at('ciliumendpoints')}.yaml`, data: y(unstructuredList('cilium.io/v2', 'CiliumEndpointList', endpoints)) },
    { name: `${at('ciliumidentities')}.yaml`, data: y(unstructuredList('cilium.io/v2', 'CiliumIdentityList', identities)) },
    { name: `${at('ciliumcidrgroups')}.yaml`, data: y(unstructuredList('cilium.io/v2alpha1', 'CiliumCIDRGroupList', [])) },
    { name: `${at('cilium-configmap')}.yaml`, data: y(ciliumConfig(enablePolicy)) },
    { name: `${at('cilium-daemonset')}.yaml`, data: y(ciliumDaemonSet) },
    { name: `${at('cilium-operator-deployment')}.yaml`, data: y(operator) },
    ...[...byNode.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([node, lines]) => ({ name: `${DIR}/hubble-flows-${node}-${TS}.json`, data: `${lines.join('\n')}\n` })),
    // Noise: read by nobody here, counted as skipped.
    { name: `${at('k8s-events')}.yaml`, data: y(typedList('v1', 'EventList', [{ metadata: { name: 'cilium-x7k2p.1', namespace: 'kube-system' }, reason: 'Pulled', message: 'Container image already present' }])) },
    { name: `${at('k8s-events')}.html`, data: '<html><body><table></table></body></html>\n' },
    { name: `${at('k8s-leases')}.yaml`, data: y(typedList('coordination.k8s.io/v1', 'LeaseList', [])) },
    { name: `${at('k8s-version')}.txt`, data: 'Client Version: v1.31.2\nServer Version: v1.31.1\n' },
    { name: `${at('cilium-helm-values')}.yaml`, data: 'policyEnforcementMode: default\nhubble:\n  enabled: true\n' },
    { name: `${at('ciliumnodes')}.yaml`, data: y(unstructuredList('cilium.io/v2', 'CiliumNodeList', [])) },
    { name: `${at('k8s-endpoints')}.yaml`, data: y(typedList('v1', 'EndpointsList', [])) },
    ...agentPods.flatMap((p) => {
      const pod = meta(p)['name'] as string;
      return [
        { name: `${DIR}/logs-${pod}-cilium-agent-${TS}.log`, data: `time="2026-11-20T09:00:01Z" level=info msg="Cilium 1.19.1" subsys=daemon\n` },
        { name: `${DIR}/logs-${pod}-cilium-agent-${TS}-prev.log`, data: '' },
        { name: `${DIR}/metrics-${pod}-cilium-agent-${TS}.txt`, data: 'cilium_policy 12\n' },
        { name: `${DIR}/gops-${pod}-cilium-agent-${TS}-memstats.txt`, data: 'alloc: 80 MB\n' },
        { name: `${DIR}/cilium-bugtool-${pod}-${TS}.tar.gz`, data: new Uint8Array(bugtool) },
      ];
    }),
  ];
  return out;
}

function zip(entries: readonly { name: string; data: Uint8Array | string }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  for (const e of entries) {
    const f = new ZipDeflate(e.name, { level: 9 });
    f.mtime = MTIME;
    z.add(f);
    f.push(typeof e.data === 'string' ? strToU8(e.data) : e.data, true);
  }
  z.end();
  return concatBytes(parts);
}

const outDir = path.join(fixturesDir, 'sysdump');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, `cilium-sysdump-${TS}.zip`), zip(files('default')));
writeFileSync(path.join(outDir, `cilium-sysdump-enable-policy-always-${TS}.zip`), zip(files('always')));
console.log(`wrote ${outDir}`);
