/**
 * Random policy edits of random synthetic clusters, for the what-if property tests
 * (whatIf.incremental.test.ts, whatIf.graph.test.ts): CiliumNetworkPolicies, CiliumClusterwide-
 * NetworkPolicies (host policies too), Kubernetes NetworkPolicies and ClusterNetworkPolicy tiers
 * added, removed and modified, under random agent settings, with observed flows.
 * @internal
 */
import type { EngineSettings } from '../engine/types.ts';
import { ingestTexts } from '../flows/ingest.ts';
import type { FlowAggregate } from '../flows/types.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { Cluster } from '../model/cluster.ts';
import type { PolicyKey } from '../model/policy.ts';
import { generateCluster, type SynthCluster } from '../synth/cluster.ts';
import type { SeededRandom } from '../synth/seededRandom.ts';
import type { SynthWorkload } from '../synth/clusterInventory.ts';
import type { Draft, DraftDocument } from './types.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '198.51.100.7/32', '169.254.169.254/32', '2001:db8::/32'];
const ENTITIES = ['world', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'health', 'all'];
const FQDNS = ['api.stripe.com', 'hooks.slack.com', 'example.org'];
const PORTS = ['53', '80', '443', '8080', '9090', '25', 'http'];

export interface World {
  readonly synth: SynthCluster;
  readonly namespaces: readonly string[];
  readonly tenants: readonly string[];
  readonly apps: readonly string[];
}

function ports(r: SeededRandom): Json {
  if (r.chance(0.4)) return [];
  const port = r.pick(PORTS);
  const p: Obj = { port, protocol: r.pick(['TCP', 'TCP', 'UDP', 'ANY']) };
  if (r.chance(0.15) && port !== 'http') p['endPort'] = Number(port) + 100;
  return [{ ports: [p] }];
}

function endpointSelector(w: World, r: SeededRandom): Obj {
  switch (r.int(4)) {
    case 0:
      return {};
    case 1:
      return { matchLabels: { app: r.pick(w.apps) } };
    case 2:
      return { matchLabels: { 'io.cilium.k8s.namespace.labels.tenant': r.pick(w.tenants) } };
    default:
      return { matchLabels: { 'k8s:io.kubernetes.pod.namespace': r.pick(w.namespaces) } };
  }
}

/** One random Cilium rule entry: peers of every kind, optional ports. */
function ciliumEntry(w: World, r: SeededRandom, egress: boolean): Obj {
  const e: Obj = {};
  switch (r.int(5)) {
    case 0:
      e[egress ? 'toEndpoints' : 'fromEndpoints'] = [endpointSelector(w, r)];
      break;
    case 1:
      e[egress ? 'toCIDR' : 'fromCIDR'] = [r.pick(CIDRS)];
      break;
    case 2:
      e[egress ? 'toEntities' : 'fromEntities'] = [r.pick(ENTITIES)];
      break;
    case 3:
      if (egress) e['toFQDNs'] = [{ matchName: r.pick(FQDNS) }];
      else e['fromCIDRSet'] = [{ cidr: '0.0.0.0/0', except: [r.pick(CIDRS.slice(1, 5))] }];
      break;
    default:
      break; // L4 only (or everything)
  }
  const p = ports(r);
  if (Array.isArray(p) && p.length > 0) e['toPorts'] = p;
  return e;
}

function ciliumSpec(w: World, r: SeededRandom, clusterwide: boolean): Obj {
  const spec: Obj = {};
  if (clusterwide && r.chance(0.1)) spec['nodeSelector'] = {};
  else spec['endpointSelector'] = endpointSelector(w, r);
  for (const key of ['ingress', 'egress', 'ingressDeny', 'egressDeny']) {
    if (!r.chance(key.endsWith('Deny') ? 0.25 : 0.5)) continue;
    spec[key] = Array.from({ length: 1 + r.int(2) }, () => ciliumEntry(w, r, key.startsWith('egress')));
  }
  if (spec['egress'] !== undefined && r.chance(0.3))
    (spec['egress'] as Json[]).push({ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] });
  if (r.chance(0.15)) spec['enableDefaultDeny'] = { ingress: r.chance(0.5), egress: r.chance(0.5) };
  return spec;
}

function knp(w: World, r: SeededRandom, ns: string, name: string): Obj {
  const peer = (): Obj => (r.chance(0.3) ? { ipBlock: { cidr: r.pick(CIDRS.slice(0, 4)) } } : r.chance(0.5) ? { podSelector: { matchLabels: { app: r.pick(w.apps) } } } : { namespaceSelector: { matchLabels: { tenant: r.pick(w.tenants) } } });
  const rule = (dir: 'from' | 'to'): Obj => {
    const o: Obj = { [dir]: [peer()] };
    if (r.chance(0.5)) o['ports'] = [{ port: Number(r.pick(PORTS.filter((p) => p !== 'http'))), protocol: 'TCP' }];
    return o;
  };
  const types = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
  const spec: Obj = { podSelector: r.chance(0.3) ? {} : { matchLabels: { app: r.pick(w.apps) } }, policyTypes: types };
  if (types.includes('Ingress')) spec['ingress'] = r.chance(0.2) ? [] : [rule('from')];
  if (types.includes('Egress')) spec['egress'] = r.chance(0.2) ? [] : [rule('to')];
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function tier(w: World, r: SeededRandom, name: string): Obj {
  const admin = r.chance(0.6);
  const peer = (): Obj => (r.chance(0.4) ? { networks: [r.pick(CIDRS.slice(0, 4))] } : { namespaces: { matchLabels: { tenant: r.pick(w.tenants) } } });
  const rule = (i: number, dir: 'from' | 'to'): Obj => {
    const o: Obj = { name: `r${i}`, action: r.pick(admin ? ['Accept', 'Deny', 'Pass'] : ['Accept', 'Deny']), [dir]: [peer()] };
    if (r.chance(0.6)) o['protocols'] = [{ tcp: { destinationPort: { number: Number(r.pick(['25', '80', '443', '8080'])) } } }];
    return o;
  };
  const spec: Obj = {
    tier: admin ? 'Admin' : 'Baseline',
    priority: 1 + r.int(20),
    subject: r.chance(0.5) ? { namespaces: r.chance(0.5) ? {} : { matchLabels: { tenant: r.pick(w.tenants) } } } : { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: r.pick(w.apps) } } } },
  };
  if (r.chance(0.7)) spec['egress'] = [rule(0, 'to'), ...(r.chance(0.4) ? [rule(1, 'to')] : [])];
  if (r.chance(0.6)) spec['ingress'] = [rule(0, 'from')];
  return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec };
}

export function newPolicy(w: World, r: SeededRandom, n: number): Obj {
  const name = `whatif-${n}`;
  switch (r.int(4)) {
    case 0:
      return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: r.pick(w.namespaces) }, spec: ciliumSpec(w, r, false) };
    case 1:
      return { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, spec: ciliumSpec(w, r, true) };
    case 2:
      return knp(w, r, r.pick(w.namespaces), name);
    default:
      return tier(w, r, name);
  }
}

/** A random small change somewhere in a manifest's spec (or a new spec of the same kind). */
export function mutate(w: World, r: SeededRandom, manifest: Obj): Obj {
  const m = structuredClone(manifest);
  const spec = m['spec'] as Obj | undefined;
  const kind = m['kind'];
  if (!spec || r.chance(0.25)) {
    const meta = m['metadata'] as Obj;
    if (kind === 'NetworkPolicy') return knp(w, r, String(meta['namespace']), String(meta['name']));
    if (kind === 'ClusterNetworkPolicy') return tier(w, r, String(meta['name']));
    return { ...m, spec: ciliumSpec(w, r, kind === 'CiliumClusterwideNetworkPolicy') };
  }
  // Every array and object in the spec, to pick one from.
  const nodes: { parent: Obj | Json[]; key: string | number; value: Json }[] = [];
  const walk = (parent: Obj | Json[], key: string | number, value: Json): void => {
    nodes.push({ parent, key, value });
    if (Array.isArray(value)) value.forEach((v, i) => walk(value, i, v));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(value, k, v);
  };
  for (const [k, v] of Object.entries(spec)) walk(spec, k, v);
  const pick = r.pick(nodes);
  const set = (v: Json) => {
    if (Array.isArray(pick.parent)) pick.parent[pick.key as number] = v;
    else pick.parent[pick.key as string] = v;
  };
  if (Array.isArray(pick.value) && pick.value.length > 0) pick.value.splice(r.int(pick.value.length), 1);
  else if (pick.key === 'port' || pick.key === 'number') set(pick.key === 'port' ? r.pick(PORTS) : Number(r.pick(['25', '80', '443'])));
  else if (pick.key === 'app' || pick.key === 'tenant' || pick.key === 'io.cilium.k8s.namespace.labels.tenant') set(r.pick(pick.key === 'app' ? w.apps : w.tenants));
  else if (pick.key === 'action') set(r.pick(['Accept', 'Deny', 'Pass']));
  else if (typeof pick.value === 'string' && CIDRS.includes(pick.value)) set(r.pick(CIDRS));
  else if (kind === 'CiliumNetworkPolicy' || kind === 'CiliumClusterwideNetworkPolicy') spec[r.pick(['egressDeny', 'ingress', 'egress'])] = [ciliumEntry(w, r, r.chance(0.5))];
  else delete spec[String(r.pick(Object.keys(spec)))];
  return m;
}

/** Flows between random pods and to the internet, as `hubble observe -o json` prints them. */
export function flowsOf(w: World, r: SeededRandom): FlowAggregate {
  const pods = w.synth.inventory.workloads.flatMap((wl) => wl.pods.map((p) => ({ wl, p })));
  const endpoint = (wl: SynthWorkload, pod: string) => ({
    namespace: wl.namespace,
    pod_name: pod,
    labels: [...Object.entries(wl.labels).map(([k, v]) => `k8s:${k}=${v}`), `k8s:io.kubernetes.pod.namespace=${wl.namespace}`],
  });
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const a = r.pick(pods);
    const world = r.chance(0.2);
    const b = r.pick(pods);
    const port = Number(r.pick(['53', '80', '443', '8080', '9090', '25']));
    const flow = {
      time: `2026-11-20T09:00:${String(i % 60).padStart(2, '0')}.000000000Z`,
      verdict: r.pick(['FORWARDED', 'FORWARDED', 'DROPPED']),
      IP: { source: a.p.ip, destination: world ? '203.0.113.9' : b.p.ip, ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 40000 + i, destination_port: port, flags: { SYN: true } } },
      source: endpoint(a.wl, a.p.name),
      destination: world ? { labels: ['reserved:world'] } : endpoint(b.wl, b.p.name),
      Type: 'L3_L4',
      traffic_direction: 'EGRESS',
      is_reply: false,
    };
    lines.push(JSON.stringify({ flow }));
  }
  return ingestTexts([{ name: 'flows.json', text: `${lines.join('\n')}\n` }]);
}

export function settingsOf(r: SeededRandom): Partial<EngineSettings> {
  return {
    ciliumVersion: r.pick(['1.19', '1.20', '1.15']),
    enforcementMode: r.pick(['default', 'default', 'always']),
    allowLocalhost: r.pick(['always', 'policy']),
  };
}

export function worldOf(seed: number): { world: World; cluster: Cluster } {
  const synth = generateCluster({ seed, tenants: 3, namespacesPerTenant: 2, workloads: 16, podsPerWorkload: 1, nodes: 2, ccnps: 5, cnps: 10, networkPolicies: 3, fqdnPolicies: 2, portRangePolicies: 1, denyPolicies: 2, format: 'json' });
  const { cluster } = loadInputs(synth.files);
  const apps = [...new Set(synth.inventory.workloads.map((x) => x.labels['app']).filter((a): a is string => a !== undefined))];
  return { world: { synth, namespaces: synth.inventory.namespaces.map((n) => n.name), tenants: synth.inventory.tenants, apps }, cluster };
}

/** A cluster to edit: the synthetic cluster, with two tier policies added at random. */
export function startOf(world: World, cluster: Cluster, r: SeededRandom): Cluster {
  return r.chance(0.6) ? loadInputs([...world.synth.files, { name: 'tiers.json', data: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [tier(world, r, 'tier-a'), tier(world, r, 'tier-b')] }) }]).cluster : cluster;
}

/** A random draft over `start`'s editable policies: one or two removals, edits or new policies (`n` names them). */
export function randomDraft(world: World, r: SeededRandom, start: Cluster, n: number): Draft {
  const editable = [...start.policies, ...(start.tierPolicies ?? [])].filter((p) => p.manifest !== undefined);
  const documents: DraftDocument[] = [];
  const removed: PolicyKey[] = [];
  for (let k = 0, edits = r.chance(0.2) ? 2 : 1; k < edits; k++) {
    const what = r.int(3);
    const target = r.pick(editable);
    if (what === 0) removed.push(target.key);
    else if (what === 1) documents.push({ id: `m${k}`, replaces: target.key, name: 'what-if: edit', text: JSON.stringify(mutate(world, r, target.manifest as Obj)) });
    else documents.push({ id: `n${k}`, replaces: null, name: 'what-if: new', text: JSON.stringify(newPolicy(world, r, n * 10 + k)) });
  }
  return { documents, removed };
}
