/**
 * The inventory half of the synthetic cluster: tenants, namespaces, nodes, workloads and pods as
 * plain records, and the Kubernetes objects `kubectl get ns,nodes,deploy,rs,pods -o yaml` prints
 * for them. The records are exported so other generators (Hubble flows) can pick real pods and IPs.
 * @internal
 */
import type { JsonValue } from './kubectlText.ts';
import type { SeededRandom } from './seededRandom.ts';

export type SynthProtocol = 'TCP' | 'UDP';

export interface SynthPort {
  readonly port: number;
  readonly protocol: SynthProtocol;
  readonly name: string;
}

export interface SynthNamespace {
  readonly name: string;
  /** null for the platform's own namespaces. */
  readonly tenant: string | null;
}

export interface SynthNode {
  readonly name: string;
  readonly ip: string;
}

export interface SynthPod {
  readonly name: string;
  readonly ip: string;
  readonly node: SynthNode;
}

export interface SynthWorkload {
  readonly namespace: string;
  readonly tenant: string | null;
  /** Deployment name; also the value of its `app` label. */
  readonly name: string;
  /** What the workload does (`frontend`, `db`…): decides its ports and which policies fit it. */
  readonly role: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly SynthPort[];
  readonly serviceAccount: string;
  /** Carries the label that opts it into the internet-egress CCNP. */
  readonly internet: boolean;
  readonly replicaSet: string;
  readonly podTemplateHash: string;
  readonly pods: readonly SynthPod[];
}

export interface SynthInventory {
  readonly tenants: readonly string[];
  readonly namespaces: readonly SynthNamespace[];
  readonly nodes: readonly SynthNode[];
  readonly workloads: readonly SynthWorkload[];
}

export interface InventorySize {
  readonly tenants: number;
  readonly namespacesPerTenant: number;
  /** All workloads, the platform's four included. */
  readonly workloads: number;
  readonly podsPerWorkload: number;
  readonly nodes: number;
  readonly internetEgressShare: number;
}

/** Label that the `tenant-internet-egress` CCNP selects on. */
export const INTERNET_LABEL = 'platform.example.com/internet-egress';

const TENANT_WORDS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne', 'soylent', 'massive', 'vandelay', 'pied-piper', 'aperture', 'oscorp', 'gringotts', 'monarch', 'nakatomi', 'dunder'];
const NS_SUFFIXES = ['web', 'jobs', 'shop', 'blog', 'admin', 'api', 'data', 'ml', 'ops', 'edge'];

interface Role {
  readonly role: string;
  readonly ports: readonly SynthPort[];
}
const metrics: SynthPort = { port: 9090, protocol: 'TCP', name: 'metrics' };
const ROLES: readonly Role[] = [
  { role: 'frontend', ports: [{ port: 8080, protocol: 'TCP', name: 'http' }, metrics] },
  { role: 'api', ports: [{ port: 9000, protocol: 'TCP', name: 'grpc' }, metrics] },
  { role: 'worker', ports: [metrics] },
  { role: 'db', ports: [{ port: 5432, protocol: 'TCP', name: 'postgres' }] },
  { role: 'cache', ports: [{ port: 6379, protocol: 'TCP', name: 'redis' }] },
  { role: 'mailer', ports: [] },
  { role: 'realtime', ports: [{ port: 40000, protocol: 'UDP', name: 'game' }] },
  { role: 'search', ports: [{ port: 9200, protocol: 'TCP', name: 'http' }] },
  { role: 'queue', ports: [{ port: 5672, protocol: 'TCP', name: 'amqp' }] },
  { role: 'scheduler', ports: [] },
];

/** The platform's own workloads: Envoy ingress, metrics agent, deployer and CoreDNS. */
const PLATFORM: readonly { ns: string; name: string; labels: Record<string, string>; ports: readonly SynthPort[] }[] = [
  { ns: 'platform-ingress', name: 'envoy', labels: { app: 'envoy', 'app.kubernetes.io/name': 'envoy' }, ports: [{ port: 8080, protocol: 'TCP', name: 'http' }] },
  { ns: 'platform-mgmt', name: 'metrics-agent', labels: { app: 'metrics-agent' }, ports: [] },
  { ns: 'platform-mgmt', name: 'deployer', labels: { app: 'deployer' }, ports: [] },
  { ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP', name: 'dns' }, { port: 53, protocol: 'TCP', name: 'dns-tcp' }] },
];

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function tenantName(i: number): string {
  const word = TENANT_WORDS[i % TENANT_WORDS.length] as string;
  const round = Math.floor(i / TENANT_WORDS.length);
  return round === 0 ? word : `${word}-${round + 1}`;
}

function namespaceSuffix(j: number): string {
  const s = NS_SUFFIXES[j % NS_SUFFIXES.length] as string;
  const round = Math.floor(j / NS_SUFFIXES.length);
  return round === 0 ? s : `${s}${round + 1}`;
}

/** Dotted IPv4 of a 32-bit number. */
export function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
const POD_CIDR_BASE = (10 << 24) | (244 << 16);
const NODE_CIDR_BASE = (10 << 24) | (110 << 16);

export function buildInventory(size: InventorySize, rand: SeededRandom): SynthInventory {
  const nodes: SynthNode[] = [];
  const nodeCount = Math.max(1, size.nodes);
  for (let k = 0; k < nodeCount; k++) {
    const pool = String.fromCharCode(97 + (Math.floor(k / 50) % 26));
    nodes.push({ name: `pool-${pool}-${(k % 50) + 1}`, ip: ipv4(NODE_CIDR_BASE + 2 + k) });
  }
  const tenants = Array.from({ length: Math.max(0, size.tenants) }, (_, i) => tenantName(i));
  const namespaces: SynthNamespace[] = [];
  for (const t of tenants) for (let j = 0; j < Math.max(1, size.namespacesPerTenant); j++) namespaces.push({ name: `${t}-${namespaceSuffix(j)}`, tenant: t });
  const tenantNamespaces = namespaces.slice();
  for (const ns of ['platform-ingress', 'platform-mgmt', 'kube-system']) namespaces.push({ name: ns, tenant: null });

  const workloads: SynthWorkload[] = [];
  let podCounter = 0;
  const makeWorkload = (ns: SynthNamespace, name: string, role: string, labels: Record<string, string>, ports: readonly SynthPort[]): void => {
    const internet = ns.tenant !== null && rand.chance(size.internetEgressShare);
    const podLabels = internet ? { ...labels, [INTERNET_LABEL]: 'true' } : labels;
    const hash = rand.chars(9, HASH_ALPHABET);
    const replicaSet = `${name}-${hash}`;
    const pods: SynthPod[] = [];
    for (let r = 0; r < size.podsPerWorkload; r++) {
      pods.push({ name: `${replicaSet}-${rand.chars(5, HASH_ALPHABET)}`, ip: ipv4(POD_CIDR_BASE + 10 + podCounter++), node: rand.pick(nodes) });
    }
    const serviceAccount = role === 'api' || role === 'worker' ? name : 'default';
    workloads.push({ namespace: ns.name, tenant: ns.tenant, name, role, labels: podLabels, ports, serviceAccount, internet, replicaSet, podTemplateHash: hash, pods });
  };

  const tenantWorkloads = Math.max(0, size.workloads - PLATFORM.length);
  const nsCount = tenantNamespaces.length;
  for (let k = 0; k < nsCount && tenantWorkloads > 0; k++) {
    const ns = tenantNamespaces[k] as SynthNamespace;
    const count = Math.floor(tenantWorkloads / nsCount) + (k < tenantWorkloads % nsCount ? 1 : 0);
    const offset = rand.int(ROLES.length);
    const used = new Map<string, number>();
    for (let j = 0; j < count; j++) {
      const role = ROLES[(j + offset) % ROLES.length] as Role;
      const n = (used.get(role.role) ?? 0) + 1;
      used.set(role.role, n);
      const name = n === 1 ? role.role : `${role.role}-${n}`;
      makeWorkload(ns, name, role.role, { app: name, 'app.kubernetes.io/part-of': ns.tenant ?? '' }, role.ports);
    }
  }
  for (const p of PLATFORM.slice(0, Math.min(PLATFORM.length, size.workloads))) {
    const ns = namespaces.find((n) => n.name === p.ns) as SynthNamespace;
    makeWorkload(ns, p.name, p.name, p.labels, p.ports);
  }
  return { tenants, namespaces, nodes, workloads };
}

/** Deterministic `metadata` noise kubectl prints (uid, resourceVersion, creationTimestamp). */
export interface MetaStamp {
  uid(): string;
  resourceVersion(): string;
  timestamp(): string;
}

export function metaStamp(rand: SeededRandom): MetaStamp {
  let rv = 100000;
  let t = Date.UTC(2026, 9, 1, 8, 0, 0);
  const hex = '0123456789abcdef';
  return {
    uid: () => `${rand.chars(8, hex)}-${rand.chars(4, hex)}-4${rand.chars(3, hex)}-${rand.chars(1, '89ab')}${rand.chars(3, hex)}-${rand.chars(12, hex)}`,
    resourceVersion: () => String(rv++),
    timestamp: () => {
      t += 1000 * (1 + rand.int(60));
      return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    },
  };
}

export function namespaceObject(ns: SynthNamespace, stamp: MetaStamp): JsonValue {
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': ns.name };
  if (ns.tenant !== null) labels['tenant'] = ns.tenant;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { creationTimestamp: stamp.timestamp(), labels, name: ns.name, resourceVersion: stamp.resourceVersion(), uid: stamp.uid() },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function nodeObject(node: SynthNode, stamp: MetaStamp): JsonValue {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      creationTimestamp: stamp.timestamp(),
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 's-4vcpu-8gb', 'topology.kubernetes.io/region': 'ams3' },
      name: node.name,
      resourceVersion: stamp.resourceVersion(),
      uid: stamp.uid(),
    },
    spec: { podCIDR: '10.244.0.0/16', providerID: `digitalocean://${node.name}` },
    status: { addresses: [{ address: node.name, type: 'Hostname' }, { address: node.ip, type: 'InternalIP' }], nodeInfo: { kubeletVersion: 'v1.33.4', osImage: 'Debian GNU/Linux 12 (bookworm)' } },
  };
}

function podSpec(w: SynthWorkload): Record<string, JsonValue> {
  return {
    containers: [
      {
        image: `registry.example.com/${w.namespace}/${w.name}:1.4.2`,
        imagePullPolicy: 'IfNotPresent',
        name: w.name,
        ...(w.ports.length > 0 ? { ports: w.ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })) } : {}),
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: w.serviceAccount,
    serviceAccountName: w.serviceAccount,
    terminationGracePeriodSeconds: 30,
  };
}

/** The Deployment, its ReplicaSet and its pods, as the API server returns them. */
export function workloadObjects(w: SynthWorkload, stamp: MetaStamp): { deployment: JsonValue; replicaSet: JsonValue; pods: JsonValue[] } {
  const replicas = w.pods.length;
  // Tenant Deployments select on `app` only; the platform's select on all their template labels.
  const selector: Record<string, string> = w.tenant === null ? { ...w.labels } : { app: w.name };
  const spec = podSpec(w);
  const deployUid = stamp.uid();
  const created = stamp.timestamp();
  const deployment: JsonValue = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' }, creationTimestamp: created, generation: 1, labels: selector, name: w.name, namespace: w.namespace, resourceVersion: stamp.resourceVersion(), uid: deployUid },
    spec: {
      progressDeadlineSeconds: 600,
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: { metadata: { creationTimestamp: null, labels: w.labels }, spec },
    },
    status: { availableReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas, updatedReplicas: replicas },
  };
  const rsLabels = { ...w.labels, 'pod-template-hash': w.podTemplateHash };
  const rsUid = stamp.uid();
  const replicaSet: JsonValue = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': '1' },
      creationTimestamp: created,
      generation: 1,
      labels: rsLabels,
      name: w.replicaSet,
      namespace: w.namespace,
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: w.name, uid: deployUid }],
      resourceVersion: stamp.resourceVersion(),
      uid: rsUid,
    },
    spec: { replicas, selector: { matchLabels: { ...selector, 'pod-template-hash': w.podTemplateHash } }, template: { metadata: { creationTimestamp: null, labels: rsLabels }, spec } },
    status: { availableReplicas: replicas, fullyLabeledReplicas: replicas, observedGeneration: 1, readyReplicas: replicas, replicas },
  };
  const pods = w.pods.map((p): JsonValue => {
    const started = stamp.timestamp();
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        creationTimestamp: started,
        generateName: `${w.replicaSet}-`,
        labels: rsLabels,
        name: p.name,
        namespace: w.namespace,
        ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: w.replicaSet, uid: rsUid }],
        resourceVersion: stamp.resourceVersion(),
        uid: stamp.uid(),
      },
      spec: {
        ...spec,
        enableServiceLinks: true,
        nodeName: p.node.name,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        tolerations: [
          { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
          { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
        ],
      },
      status: { hostIP: p.node.ip, hostIPs: [{ ip: p.node.ip }], phase: 'Running', podIP: p.ip, podIPs: [{ ip: p.ip }], qosClass: 'BestEffort', startTime: started },
    };
  });
  return { deployment, replicaSet, pods };
}
