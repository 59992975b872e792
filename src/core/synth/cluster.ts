/**
 * A deterministic synthetic multi-tenant cluster, for benchmarks and tests: the text files
 * `kubectl get … -o yaml|json` would print for its inventory and policies, so it goes through
 * the real loader exactly like a user's export. Same parameters (seed included) → byte-identical
 * files. Size presets match the targets of issue #8 (1k / 5k / 20k workloads).
 * @public
 */
import { buildInventory, metaStamp, namespaceObject, nodeObject, workloadObjects, type SynthInventory } from './clusterInventory.ts';
import { buildPolicies } from './clusterPolicies.ts';
import { kubectlList, toKubectlJson, toKubectlYaml, type JsonValue } from './kubectlText.ts';
import { seededRandom } from './seededRandom.ts';

export interface SynthParams {
  readonly seed: number;
  readonly tenants: number;
  /** Namespaces of each tenant, labelled `tenant: <t>`. */
  readonly namespacesPerTenant: number;
  /** Deployments in the whole cluster, the platform's four (envoy, metrics-agent, deployer, coredns) included. */
  readonly workloads: number;
  readonly podsPerWorkload: number;
  readonly nodes: number;
  /** CiliumClusterwideNetworkPolicies: the four baselines first, then per-tenant ones. */
  readonly ccnps: number;
  /** CiliumNetworkPolicies: one same-tenant policy per tenant namespace first, then the kinds below, then L4 allows. */
  readonly cnps: number;
  readonly networkPolicies: number;
  /** Share (0..1) of tenant workloads labelled to use the internet-egress CCNP. */
  readonly internetEgressShare: number;
  /** CNPs with toFQDNs and the DNS rule they need (part of `cnps`). */
  readonly fqdnPolicies: number;
  /** CNPs with an `endPort` range (part of `cnps`). */
  readonly portRangePolicies: number;
  /** CNPs with ingressDeny/egressDeny (part of `cnps`). */
  readonly denyPolicies: number;
  readonly format: 'yaml' | 'json';
  /**
   * Items per List file. kubectl prints one List per `get`; big clusters are split (as several
   * `kubectl get -n` calls would be) so one document stays well below the loader's size limit.
   */
  readonly maxItemsPerFile: number;
}

export const defaultSynthParams: SynthParams = {
  seed: 1,
  tenants: 20,
  namespacesPerTenant: 2,
  workloads: 200,
  podsPerWorkload: 2,
  nodes: 6,
  ccnps: 4,
  cnps: 60,
  networkPolicies: 10,
  internetEgressShare: 0.3,
  fqdnPolicies: 5,
  portRangePolicies: 3,
  denyPolicies: 5,
  format: 'yaml',
  maxItemsPerFile: 5000,
};

/** Cluster sizes of the benchmarks: 5k is issue #3's acceptance case (200 tenants, 1,000 policies). */
export const synthPresets = {
  '200': { ...defaultSynthParams },
  '1k': { ...defaultSynthParams, tenants: 40, workloads: 1000, nodes: 10, ccnps: 4, cnps: 180, networkPolicies: 16, fqdnPolicies: 20, portRangePolicies: 10, denyPolicies: 20 },
  '5k': { ...defaultSynthParams, tenants: 200, workloads: 5000, nodes: 30, ccnps: 4, cnps: 900, networkPolicies: 96, fqdnPolicies: 100, portRangePolicies: 40, denyPolicies: 80 },
  '20k': { ...defaultSynthParams, tenants: 800, workloads: 20000, nodes: 100, ccnps: 4, cnps: 3600, networkPolicies: 396, fqdnPolicies: 400, portRangePolicies: 160, denyPolicies: 320 },
} as const satisfies Record<string, SynthParams>;

export type SynthPresetName = keyof typeof synthPresets;

export interface SynthCounts {
  readonly tenants: number;
  readonly namespaces: number;
  readonly nodes: number;
  readonly workloads: number;
  readonly pods: number;
  readonly ccnps: number;
  readonly cnps: number;
  readonly networkPolicies: number;
  readonly policies: number;
  readonly documents: number;
  readonly bytes: number;
}

/** One export file; assignable to the loader's `InputFile`. */
export interface SynthFile {
  readonly name: string;
  readonly data: string;
}

export interface SynthCluster {
  readonly params: SynthParams;
  /** The export files, ready for `loadInputs` (names like `pods.yaml`, `pods-2.yaml`). */
  readonly files: readonly SynthFile[];
  /** The records behind the files (pods with IPs and nodes), for flow generators and tests. */
  readonly inventory: SynthInventory;
  readonly counts: SynthCounts;
}

function writeLists(base: string, items: readonly JsonValue[], params: SynthParams, out: SynthFile[]): void {
  if (items.length === 0) return;
  const per = Math.max(1, params.maxItemsPerFile);
  const chunks = Math.ceil(items.length / per);
  const ext = params.format === 'json' ? 'json' : 'yaml';
  for (let c = 0; c < chunks; c++) {
    const list = kubectlList(items.slice(c * per, (c + 1) * per));
    out.push({ name: chunks === 1 ? `${base}.${ext}` : `${base}-${c + 1}.${ext}`, data: params.format === 'json' ? toKubectlJson(list) : toKubectlYaml(list) });
  }
}

export function generateCluster(overrides: Partial<SynthParams> = {}): SynthCluster {
  const params: SynthParams = { ...defaultSynthParams, ...overrides };
  const rand = seededRandom(params.seed);
  const stamp = metaStamp(rand);
  const inventory = buildInventory(params, rand);

  const namespaces = inventory.namespaces.map((ns) => namespaceObject(ns, stamp));
  const nodes = inventory.nodes.map((n) => nodeObject(n, stamp));
  const deployments: JsonValue[] = [];
  const replicaSets: JsonValue[] = [];
  const pods: JsonValue[] = [];
  for (const w of inventory.workloads) {
    const o = workloadObjects(w, stamp);
    deployments.push(o.deployment);
    replicaSets.push(o.replicaSet);
    pods.push(...o.pods);
  }
  const policies = buildPolicies(params, inventory, rand, stamp);

  const files: SynthFile[] = [];
  writeLists('namespaces', namespaces, params, files);
  writeLists('nodes', nodes, params, files);
  writeLists('deployments', deployments, params, files);
  writeLists('replicasets', replicaSets, params, files);
  writeLists('pods', pods, params, files);
  writeLists('ccnps', policies.ccnps, params, files);
  writeLists('cnps', policies.cnps, params, files);
  writeLists('networkpolicies', policies.networkPolicies, params, files);

  const policyCount = policies.ccnps.length + policies.cnps.length + policies.networkPolicies.length;
  return {
    params,
    files,
    inventory,
    counts: {
      tenants: inventory.tenants.length,
      namespaces: inventory.namespaces.length,
      nodes: inventory.nodes.length,
      workloads: inventory.workloads.length,
      pods: pods.length,
      ccnps: policies.ccnps.length,
      cnps: policies.cnps.length,
      networkPolicies: policies.networkPolicies.length,
      policies: policyCount,
      documents: namespaces.length + nodes.length + deployments.length + replicaSets.length + pods.length + policyCount,
      bytes: files.reduce((n, f) => n + f.data.length, 0),
    },
  };
}
