/**
 * Writes the demo's inventory.yaml and flows.jsonl (deterministic). Policies are hand-written.
 * Run after editing: `npx tsx src/demo/generate.ts`. Not part of the app bundle.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const outDir = fileURLToPath(new URL('.', import.meta.url));
const cluster = 'lab-ams-1';

const namespaces: Record<string, Record<string, string>> = {
  'northwind-web': { tenant: 'northwind' },
  'northwind-jobs': { tenant: 'northwind' },
  'contoso-shop': { tenant: 'contoso' },
  'fabrikam-wiki': { tenant: 'fabrikam' },
  edge: {},
  'platform-system': {},
  'kube-system': {},
};

type PortSpec = [number, 'TCP' | 'UDP', string];
interface WorkloadSpec {
  ns: string;
  name: string;
  labels: Record<string, string>;
  ports: PortSpec[];
  replicas: number;
}
const workloads: WorkloadSpec[] = [
  { ns: 'northwind-web', name: 'web', labels: { app: 'web' }, ports: [[8080, 'TCP', 'http'], [9090, 'TCP', 'metrics']], replicas: 2 },
  { ns: 'northwind-web', name: 'orders-api', labels: { app: 'orders-api' }, ports: [[9000, 'TCP', 'grpc'], [9090, 'TCP', 'metrics']], replicas: 2 },
  { ns: 'northwind-jobs', name: 'scheduler', labels: { app: 'scheduler' }, ports: [[9090, 'TCP', 'metrics']], replicas: 1 },
  { ns: 'northwind-jobs', name: 'notifier', labels: { app: 'notifier' }, ports: [], replicas: 1 },
  { ns: 'contoso-shop', name: 'shop', labels: { app: 'shop' }, ports: [[8080, 'TCP', 'http']], replicas: 2 },
  { ns: 'contoso-shop', name: 'basket', labels: { app: 'basket' }, ports: [[8081, 'TCP', 'http']], replicas: 1 },
  { ns: 'contoso-shop', name: 'voice', labels: { app: 'voice' }, ports: [[50000, 'UDP', 'rtp']], replicas: 1 },
  { ns: 'fabrikam-wiki', name: 'wiki', labels: { app: 'wiki' }, ports: [[8080, 'TCP', 'http']], replicas: 1 },
  { ns: 'fabrikam-wiki', name: 'search', labels: { app: 'search' }, ports: [[9200, 'TCP', 'http']], replicas: 1 },
  { ns: 'fabrikam-wiki', name: 'postgres', labels: { app: 'postgres' }, ports: [[5432, 'TCP', 'postgres']], replicas: 1 },
  { ns: 'edge', name: 'gateway', labels: { app: 'gateway', 'app.kubernetes.io/name': 'gateway' }, ports: [[8080, 'TCP', 'http']], replicas: 2 },
  { ns: 'platform-system', name: 'metrics-collector', labels: { app: 'metrics-collector' }, ports: [], replicas: 1 },
  { ns: 'platform-system', name: 'deployer', labels: { app: 'deployer' }, ports: [], replicas: 1 },
  { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ports: [[53, 'UDP', 'dns'], [53, 'TCP', 'dns-tcp']], replicas: 2 },
];

let seed = 7;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const from = (alphabet: string, n: number): string =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
const hex = (n: number): string => from('0123456789abcdef', n);

interface PodInfo {
  ns: string;
  name: string;
  workload: string;
  labels: Record<string, string>;
  ip: string;
  node: string;
}
const nodeIPs: Record<string, string> = { 'worker-1': '10.20.0.11', 'worker-2': '10.20.0.12', 'worker-3': '10.20.0.13' };
const nodes = Object.keys(nodeIPs);
const docs: unknown[] = [];
const pods: PodInfo[] = [];

for (const [ns, labels] of Object.entries(namespaces)) {
  docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns, ...labels } } });
}
let ipCounter = 4;
for (const w of workloads) {
  const containerPorts = w.ports.map(([containerPort, protocol, name]) => ({ name, containerPort, protocol }));
  const container = { name: w.name, image: `registry.lab.example/${w.ns}/${w.name}:2.3.0`, ports: containerPorts };
  docs.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace: w.ns, labels: w.labels },
    spec: { replicas: w.replicas, selector: { matchLabels: w.labels }, template: { metadata: { labels: w.labels }, spec: { containers: [container] } } },
  });
  const hash = from('bcdfghjklmnpqrstvwxz2456789', 9);
  for (let r = 0; r < w.replicas; r++) {
    const name = `${w.name}-${hash}-${from('bcdfghjklmnpqrstvwxz2456789', 5)}`;
    const ip = `10.42.${Math.floor(ipCounter / 200)}.${(ipCounter % 200) + 10}`;
    ipCounter += 5;
    const node = nodes[Math.floor(rand() * nodes.length)] ?? 'worker-1';
    pods.push({ ns: w.ns, name, workload: w.name, labels: w.labels, ip, node });
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: w.ns,
        labels: { ...w.labels, 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${w.name}-${hash}`, controller: true }],
      },
      spec: { nodeName: node, containers: [container] },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: nodeIPs[node] },
    });
  }
}
const inventoryHeader =
  '# Demo cluster "lab-ams-1": namespaces, deployments and pods as `kubectl get ns,deploy,pods -A -o yaml` lists them.\n';
writeFileSync(`${outDir}/inventory.yaml`, inventoryHeader + docs.map((d) => `---\n${stringify(d, { aliasDuplicateObjects: false })}`).join(''));

// ---- Hubble flows (`hubble observe -o json`, wrapped form) ----
const identities = new Map<string, number>();
const identityOf = (p: PodInfo): number => {
  const key = `${p.ns}/${p.workload}`;
  if (!identities.has(key)) identities.set(key, 31000 + identities.size * 17);
  return identities.get(key) ?? 0;
};
const endpoint = (p: PodInfo) => ({
  ID: 2000 + Number(p.ip.split('.')[3]) * 2,
  identity: identityOf(p),
  cluster_name: cluster,
  namespace: p.ns,
  labels: [
    ...Object.entries(p.labels).map(([k, v]) => `k8s:${k}=${v}`),
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${p.ns}`,
    ...Object.entries(namespaces[p.ns] ?? {}).map(([k, v]) => `k8s:io.cilium.k8s.namespace.labels.${k}=${v}`),
    `k8s:io.cilium.k8s.policy.cluster=${cluster}`,
    'k8s:io.cilium.k8s.policy.serviceaccount=default',
    `k8s:io.kubernetes.pod.namespace=${p.ns}`,
  ].sort(),
  pod_name: p.name,
  workloads: [{ name: p.workload, kind: 'Deployment' }],
});
const podOf = (ns: string, workload: string): PodInfo => {
  const list = pods.filter((p) => p.ns === ns && p.workload === workload);
  const p = list[Math.floor(rand() * list.length)];
  if (!p) throw new Error(`no pod for ${ns}/${workload}`);
  return p;
};

/**
 * Hubble's `Policy` as Cilium builds it from a rule's labels (k8sutils GetPolicyFromLabels):
 * derived-from, name, namespace (not for cluster-wide policies) and uid labels, sorted.
 */
function policyRef(kind: string, name: string, namespace = '') {
  // A uid of its own, not drawn from rand(): the rest of the demo keeps its values.
  let h = 2166136261;
  const digits = Array.from({ length: 32 }, (_, i) => {
    for (const ch of `${kind}/${namespace}/${name}/${i}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return (h & 15).toString(16);
  }).join('');
  const uid = `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: [
      `k8s:io.cilium.k8s.policy.derived-from=${kind}`,
      `k8s:io.cilium.k8s.policy.name=${name}`,
      ...(namespace ? [`k8s:io.cilium.k8s.policy.namespace=${namespace}`] : []),
      `k8s:io.cilium.k8s.policy.uid=${uid}`,
    ],
    revision: '42',
    kind,
  };
}
type PolicyRef = ReturnType<typeof policyRef>;
const policyRefs = new Map<string, PolicyRef>();
/** One Policy object per policy (its uid stays the same on every flow). */
const pol = (kind: string, name: string, namespace = ''): PolicyRef => {
  const key = `${kind}/${namespace}/${name}`;
  let p = policyRefs.get(key);
  if (!p) policyRefs.set(key, (p = policyRef(kind, name, namespace)));
  return p;
};
const CNP = (namespace: string, name: string) => pol('CiliumNetworkPolicy', name, namespace);
const CCNP = (name: string) => pol('CiliumClusterwideNetworkPolicy', name);

interface FlowSpec {
  src: PodInfo | { ip: string; world: true };
  dst?: PodInfo;
  dstIP?: string;
  dport: number;
  proto?: 'TCP' | 'UDP';
  verdict?: 'FORWARDED' | 'DROPPED' | 'AUDIT';
  drop?: 'POLICY_DENIED' | 'POLICY_DENY';
  /** The policies Cilium records for this policy-verdict event (`*_allowed_by` or, on POLICY_DENY, `*_denied_by`). */
  by?: () => PolicyRef;
  /** policy_match_type: 1 L3-Only, 2 L3-L4. */
  match?: 1 | 2;
  dir?: 'EGRESS' | 'INGRESS';
  names?: string[];
  dns?: string;
}
let t = Date.parse('2026-11-21T14:00:00Z');
const lines: string[] = [];
function flow(f: FlowSpec): void {
  t += Math.floor(rand() * 1500) + 100;
  const time = new Date(t).toISOString().replace('Z', '') + '482913Z';
  const proto = f.proto ?? 'TCP';
  const sport = 32768 + Math.floor(rand() * 28000);
  const srcIP = f.src.ip;
  const dstIP = f.dst?.ip ?? f.dstIP ?? '0.0.0.0';
  const isPod = (x: FlowSpec['src']): x is PodInfo => !('world' in x);
  const dir = f.dir ?? 'EGRESS';
  const node = dir === 'INGRESS' && f.dst ? f.dst.node : isPod(f.src) ? f.src.node : (f.dst?.node ?? 'worker-1');
  const destination = f.dst
    ? endpoint(f.dst)
    : dstIP === '10.43.0.1'
      ? { identity: 7, labels: ['reserved:kube-apiserver'] }
      : { identity: 2, labels: ['reserved:world'] };
  const policy = f.by?.();
  const body = {
    time,
    uuid: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    verdict: f.verdict ?? 'FORWARDED',
    ...(f.drop ? { drop_reason: f.drop === 'POLICY_DENY' ? 181 : 133 } : {}),
    IP: { source: srcIP, destination: dstIP, ipVersion: 'IPv4' },
    l4:
      proto === 'UDP'
        ? { UDP: { source_port: sport, destination_port: f.dport } }
        : { TCP: { source_port: sport, destination_port: f.dport, flags: { SYN: true } } },
    source: isPod(f.src) ? endpoint(f.src) : { identity: 2, labels: ['reserved:world'] },
    destination,
    Type: f.dns ? 'L7' : 'L3_L4',
    node_name: `${cluster}/${node}`,
    ...(f.names ? { destination_names: f.names } : {}),
    ...(f.dns ? { l7: { type: 'REQUEST', dns: { query: f.dns, qtypes: ['A'] } } } : {}),
    // Policy-verdict events (as `hubble observe --type policy-verdict -o json` exports them), DNS as L7 records;
    // keys in flow.proto order, as protojson writes them.
    event_type: { type: f.dns ? 129 : 5 },
    traffic_direction: dir,
    ...(f.match ? { policy_match_type: f.match } : {}),
    ...(f.drop ? { drop_reason_desc: f.drop } : {}),
    is_reply: false,
    Summary: f.dns ? `DNS Query ${f.dns} A` : proto === 'UDP' ? 'UDP' : 'TCP Flags: SYN',
    ...(policy ? { [`${dir === 'INGRESS' ? 'ingress' : 'egress'}_${f.drop ? 'denied' : 'allowed'}_by`]: [policy] } : {}),
  };
  lines.push(JSON.stringify({ flow: body, node_name: body.node_name, time }));
}

for (let round = 0; round < 3; round++) {
  flow({ src: podOf('northwind-web', 'web'), dst: podOf('northwind-web', 'orders-api'), dport: 9000, by: () => CNP('northwind-web', 'tenant-isolation'), match: 1 });
  flow({ src: podOf('northwind-jobs', 'scheduler'), dst: podOf('northwind-web', 'orders-api'), dport: 9000, by: () => CNP('northwind-jobs', 'tenant-isolation'), match: 1 });
  flow({ src: podOf('northwind-web', 'web'), dst: podOf('kube-system', 'coredns'), dport: 53, proto: 'UDP', dns: 'payments.example.net.' });
  flow({ src: podOf('edge', 'gateway'), dst: podOf('northwind-web', 'web'), dport: 8080, dir: 'INGRESS', by: () => CCNP('tenant-ingress-defaults'), match: 2 });
  flow({ src: podOf('edge', 'gateway'), dst: podOf('contoso-shop', 'shop'), dport: 8080, dir: 'INGRESS', by: () => CCNP('tenant-ingress-defaults'), match: 2 });
  flow({ src: podOf('edge', 'gateway'), dst: podOf('fabrikam-wiki', 'wiki'), dport: 8080, dir: 'INGRESS', by: () => CCNP('tenant-ingress-defaults'), match: 2 });
  flow({ src: podOf('northwind-web', 'orders-api'), dstIP: '203.0.113.80', dport: 443, names: ['payments.example.net'], by: () => CCNP('tenant-egress-defaults'), match: 1 });
  flow({ src: podOf('northwind-jobs', 'notifier'), dstIP: '198.51.100.44', dport: 443, names: ['hooks.slack.com'], by: () => CNP('northwind-jobs', 'notifier-to-slack'), match: 2 });
  flow({ src: podOf('contoso-shop', 'shop'), dst: podOf('contoso-shop', 'basket'), dport: 8081, by: () => CNP('contoso-shop', 'tenant-isolation'), match: 1 });
  flow({ src: { ip: '192.0.2.77', world: true }, dst: podOf('contoso-shop', 'voice'), dport: 50042, proto: 'UDP', dir: 'INGRESS', by: () => CNP('contoso-shop', 'voice-udp-range'), match: 2 });
  flow({ src: podOf('fabrikam-wiki', 'wiki'), dst: podOf('fabrikam-wiki', 'postgres'), dport: 5432, by: () => CNP('fabrikam-wiki', 'tenant-isolation'), match: 1 });
  flow({ src: podOf('platform-system', 'metrics-collector'), dst: podOf('northwind-web', 'orders-api'), dport: 9090, dir: 'INGRESS', by: () => CCNP('tenant-ingress-defaults'), match: 2 });
  flow({ src: podOf('platform-system', 'deployer'), dstIP: '10.43.0.1', dport: 6443, by: () => CNP('platform-system', 'deployer-to-apiserver'), match: 2 });
  if (round === 1) flow({ src: podOf('fabrikam-wiki', 'search'), dst: podOf('fabrikam-wiki', 'postgres'), dport: 5432, by: () => CNP('fabrikam-wiki', 'tenant-isolation'), match: 1 });
  // Drops: SMTP on 25 (explicit egressDeny), cross-tenant (default deny), metadata service (carved out).
  flow({
    src: podOf('northwind-jobs', 'notifier'), dstIP: '198.51.100.25', dport: 25, verdict: 'DROPPED', drop: 'POLICY_DENY',
    by: () => CCNP('tenant-egress-defaults'), match: 2,
  });
  if (round !== 2) flow({ src: podOf('contoso-shop', 'shop'), dst: podOf('northwind-web', 'orders-api'), dport: 9000, verdict: 'DROPPED', drop: 'POLICY_DENIED' });
  if (round === 0) flow({ src: podOf('northwind-jobs', 'scheduler'), dstIP: '169.254.169.254', dport: 80, verdict: 'DROPPED', drop: 'POLICY_DENIED' });
  if (round === 2) flow({ src: podOf('edge', 'gateway'), dst: podOf('northwind-web', 'orders-api'), dport: 9000, verdict: 'DROPPED', drop: 'POLICY_DENIED', dir: 'INGRESS' });
  // Observed passing although the loaded policies deny it (audit mode): a mismatch to flag.
  if (round === 1) flow({ src: podOf('fabrikam-wiki', 'wiki'), dst: podOf('contoso-shop', 'basket'), dport: 8081, verdict: 'AUDIT' });
}
writeFileSync(`${outDir}/flows.jsonl`, lines.join('\n') + '\n');
console.log(`wrote ${docs.length} inventory documents and ${lines.length} flows to ${outDir}`);
