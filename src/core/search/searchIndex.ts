/**
 * Search everything a support engineer may paste: pod names and IPs, workload, Service and
 * namespace names, Service ClusterIPs, policy names, `key=value` labels (pod or namespace),
 * CIDRs (the pods inside) and the graph's outside peers (CIDR, FQDN, entity nodes, by label).
 * Every hit says what kind of thing matched and which workloads or graph nodes it stands for.
 * Built once per cluster; a query walks the entries (thousands: well under a millisecond each).
 * @public
 */
import { computeIdentities } from '../identity/identities.ts';
import type { Cluster, WorkloadKey } from '../model/cluster.ts';
import type { PolicyKey } from '../model/policy.ts';
import { selectorMatches } from '../model/selector.ts';
import { cidrContainsIp, parseCidr, parseIp } from '../net/cidr.ts';
import { plural } from '../util/plural.ts';
import type { SearchKind } from './searchKinds.ts';

export { SEARCH_KIND_WORDS, type SearchKind } from './searchKinds.ts';

export interface SearchHit {
  /** Unique among the hits of one query. */
  readonly id: string;
  readonly kind: SearchKind;
  /** The matched thing as the list shows it (`acme-web/api-k5c294fmw-ckr2k`, `10.244.0.26`). */
  readonly label: string;
  /** What it is or stands for (`pod of Deployment acme-web/api`). */
  readonly detail: string;
  /** Workloads it stands for (pods → their workload, Services → backends, policies → subjects). */
  readonly workloads: readonly WorkloadKey[];
  /** Graph node ids it stands for besides workloads (`ns:acme-web`, `o:fqdn:…`). */
  readonly nodes: readonly string[];
  /** For a policy: its key (the graph lights the paths its rules decide). */
  readonly policy: PolicyKey | null;
  /** 0 exact, 1 prefix, 2 substring (sort order). */
  readonly rank: number;
}

interface Entry {
  readonly kind: SearchKind;
  /** Lower-case text matched against the query. */
  readonly text: string;
  readonly label: string;
  readonly detail: string;
  readonly workloads: readonly WorkloadKey[];
  readonly nodes: readonly string[];
  readonly policy: PolicyKey | null;
}

export interface SearchIndex {
  readonly entries: readonly Entry[];
  /** Pod addresses → workload, for CIDR queries. */
  readonly podIps: readonly { readonly ip: string; readonly workload: WorkloadKey; readonly pod: string }[];
  /** Workloads by `key=value` of their pod labels, and by `key=value` of their namespace's labels. */
  readonly byPodLabel: ReadonlyMap<string, readonly WorkloadKey[]>;
  readonly byNamespaceLabel: ReadonlyMap<string, readonly WorkloadKey[]>;
}

/** An outside node of the graph to search by its label. */
export interface SearchNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

const workloadText = (w: { kind: string; namespace: string; name: string }): string => `${w.kind} ${w.namespace}/${w.name}`;

export function buildSearchIndex(cluster: Cluster): SearchIndex {
  const entries: Entry[] = [];
  const podIps: { ip: string; workload: WorkloadKey; pod: string }[] = [];
  const byPodLabel = new Map<string, WorkloadKey[]>();
  const byNamespaceLabel = new Map<string, WorkloadKey[]>();
  const workloadsByNs = new Map<string, WorkloadKey[]>();
  const byKey = new Map(cluster.workloads.map((w) => [w.key, w]));

  for (const w of cluster.workloads) {
    entries.push({ kind: 'workload', text: `${w.namespace}/${w.name}`.toLowerCase(), label: `${w.namespace}/${w.name}`, detail: w.kind, workloads: [w.key], nodes: [], policy: null });
    push(workloadsByNs, w.namespace, w.key);
    for (const [k, v] of Object.entries(w.podLabels)) push(byPodLabel, `${k}=${v}`.toLowerCase(), w.key);
    for (const [k, v] of Object.entries(cluster.namespaces.get(w.namespace)?.labels ?? {})) push(byNamespaceLabel, `${k}=${v}`.toLowerCase(), w.key);
  }
  for (const p of cluster.pods) {
    const w = byKey.get(p.workload);
    const of = w ? `pod of ${workloadText(w)}` : 'pod';
    entries.push({ kind: 'pod', text: `${p.namespace}/${p.name}`.toLowerCase(), label: `${p.namespace}/${p.name}`, detail: of, workloads: [p.workload], nodes: [], policy: null });
    for (const ip of p.ips) {
      entries.push({ kind: 'pod-ip', text: ip.toLowerCase(), label: ip, detail: `${p.namespace}/${p.name}${p.hostNetwork ? ' (host network: the node’s address)' : ''}`, workloads: [p.workload], nodes: [], policy: null });
      podIps.push({ ip, workload: p.workload, pod: `${p.namespace}/${p.name}` });
    }
  }
  for (const s of cluster.services) {
    const sel = s.selector;
    const backends = sel === null ? [] : [...new Set(cluster.pods.filter((p) => p.namespace === s.namespace && Object.entries(sel).every(([k, v]) => p.labels[k] === v)).map((p) => p.workload))].sort();
    const detail = backends.length === 0 ? 'no loaded backend' : `backends: ${backends.map((k) => byKey.get(k)?.name ?? k).join(', ')}`;
    entries.push({ kind: 'service', text: `${s.namespace}/${s.name}`.toLowerCase(), label: `${s.namespace}/${s.name}`, detail, workloads: backends, nodes: [], policy: null });
    for (const ip of s.clusterIPs) if (ip !== 'None') entries.push({ kind: 'service-ip', text: ip.toLowerCase(), label: ip, detail: `ClusterIP of ${s.namespace}/${s.name}; ${detail}`, workloads: backends, nodes: [], policy: null });
  }
  for (const ns of cluster.namespaces.keys()) {
    entries.push({ kind: 'namespace', text: ns.toLowerCase(), label: ns, detail: plural(workloadsByNs.get(ns)?.length ?? 0, 'workload'), workloads: [], nodes: [`ns:${ns}`], policy: null });
  }
  if (cluster.policies.length > 0) {
    const table = computeIdentities(cluster);
    for (const p of cluster.policies) {
      const subjects = new Set<WorkloadKey>();
      for (const r of p.rules) {
        if (r.subject.kind !== 'endpoints') continue;
        for (const id of table.identities) if (selectorMatches(r.subject.selector, id.labels)) for (const w of id.workloads) subjects.add(w as WorkloadKey);
      }
      const name = p.ref.namespace ? `${p.ref.namespace}/${p.ref.name}` : p.ref.name;
      const kind = p.ref.kind === 'CiliumNetworkPolicy' ? 'CNP' : p.ref.kind === 'CiliumClusterwideNetworkPolicy' ? 'CCNP' : 'NetworkPolicy';
      entries.push({
        kind: 'policy',
        text: `${name} ${p.ref.name}`.toLowerCase(),
        label: `${kind} ${name}`,
        detail: `selects ${subjects.size} ${subjects.size === 1 ? 'workload' : 'workloads'}`,
        workloads: [...subjects].sort(),
        nodes: [],
        policy: p.key,
      });
    }
  }
  return { entries, podIps, byPodLabel, byNamespaceLabel };
}

function rankOf(text: string, q: string): number | null {
  // A bare name is exact for `ns/name` (people paste pod names without their namespace).
  if (text === q || text.endsWith(`/${q}`)) return 0;
  if (text.startsWith(q) || text.includes(`/${q}`) || text.includes(` ${q}`)) return 1;
  if (text.includes(q)) return 2;
  return null;
}

const KIND_ORDER: readonly SearchKind[] = ['pod-ip', 'service-ip', 'label', 'namespace-label', 'cidr', 'workload', 'pod', 'service', 'policy', 'namespace', 'outside'];

/**
 * Hits for a query, best first (exact, then prefix, then substring; by kind; by label), at most
 * `limit`. `outside` adds the graph's outside nodes (CIDR, FQDN, entity) matched by label.
 */
export function searchIndex(index: SearchIndex, query: string, limit = 50, outside: readonly SearchNode[] = []): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const hits: SearchHit[] = [];
  const add = (e: Omit<Entry, 'text'>, rank: number): void => {
    hits.push({ ...e, id: `${e.kind}:${e.label}`, rank });
  };
  const eq = q.indexOf('=');
  if (eq > 0) {
    // `key=value`: pods' labels, then namespaces' labels (a tenant label selects its namespaces' workloads).
    const pods = index.byPodLabel.get(q) ?? [];
    if (pods.length > 0) add({ kind: 'label', label: query.trim(), detail: `on the pods of ${pods.length} ${pods.length === 1 ? 'workload' : 'workloads'}`, workloads: pods, nodes: [], policy: null }, 0);
    const nss = index.byNamespaceLabel.get(q) ?? [];
    if (nss.length > 0) add({ kind: 'namespace-label', label: query.trim(), detail: `on the namespaces of ${nss.length} ${nss.length === 1 ? 'workload' : 'workloads'}`, workloads: nss, nodes: [], policy: null }, 0);
  }
  const cidr = q.includes('/') ? parseCidr(q) : null;
  if (cidr !== null) {
    const inside = index.podIps.filter((p) => {
      const ip = parseIp(p.ip);
      return ip !== null && cidrContainsIp(cidr, ip);
    });
    const workloads = [...new Set(inside.map((p) => p.workload))].sort();
    if (inside.length > 0) add({ kind: 'cidr', label: query.trim(), detail: `${inside.length} pod ${inside.length === 1 ? 'address' : 'addresses'} of ${workloads.length} ${workloads.length === 1 ? 'workload' : 'workloads'}`, workloads, nodes: [], policy: null }, 0);
  }
  for (const e of index.entries) {
    const r = rankOf(e.text, q);
    if (r !== null) add(e, r);
  }
  for (const n of outside) {
    const r = rankOf(n.label.toLowerCase(), q);
    if (r !== null) hits.push({ id: `outside:${n.id}`, kind: 'outside', label: n.label, detail: n.kind === 'fqdn' ? 'DNS name' : n.kind === 'cidr' ? 'address range' : n.kind === 'world' ? 'the internet' : n.kind, workloads: [], nodes: [n.id], policy: null, rank: r });
  }
  hits.sort((a, b) => a.rank - b.rank || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.id) && seen.add(h.id)).slice(0, limit);
}

const indexes = new WeakMap<Cluster, SearchIndex>();

/** The index of a cluster, built on first use and kept while the cluster lives. */
export function searchIndexOf(cluster: Cluster): SearchIndex {
  let idx = indexes.get(cluster);
  if (!idx) indexes.set(cluster, (idx = buildSearchIndex(cluster)));
  return idx;
}
