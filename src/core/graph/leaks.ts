/**
 * What a customer view must never show: every string that belongs to the other tenants
 * (namespace names and labels, workload and pod names, pod labels, addresses, policy names),
 * and a scan of any output text for them. Used by the tests of every output (graph model,
 * exports, DOM, URL) and by `render --customer` as a last check before writing a file.
 * @public
 */
import type { Cluster } from '../model/cluster.ts';
import { makeGrouping, tenantGroupId } from './grouping.ts';

/** Label keys whose values say nothing about a tenant (and occur everywhere). */
const GENERIC_VALUES = new Set(['true', 'false', 'tcp', 'udp', 'sctp', 'http', 'https', 'grpc', 'metrics', 'dns']);

/**
 * Strings of every tenant other than `tenant`, minus those the tenant or the platform also
 * uses (a shared policy name such as `same-tenant` is not a secret of anyone).
 */
export function otherTenantStrings(cluster: Cluster, groupingLabel: string, tenant: string): string[] {
  const grouping = makeGrouping(cluster, groupingLabel);
  const own = tenantGroupId(tenant);
  const mine = new Set<string>();
  const theirs = new Set<string>();
  const add = (set: Set<string>, s: string | null | undefined): void => {
    if (s !== null && s !== undefined && s.trim() !== '') set.add(s);
  };
  const target = (ns: string | null): Set<string> => {
    if (ns === null) return mine;
    const g = grouping.groupOf(ns);
    return g.startsWith('g:t:') && g !== own ? theirs : mine;
  };
  const labels = (set: Set<string>, l: Readonly<Record<string, string>>): void => {
    for (const [k, v] of Object.entries(l)) {
      if (GENERIC_VALUES.has(v.toLowerCase())) continue;
      add(set, v);
      add(set, `${k}=${v}`);
    }
  };
  for (const ns of cluster.namespaces.values()) {
    const set = target(ns.name);
    add(set, ns.name);
    labels(set, ns.labels);
  }
  for (const w of cluster.workloads) {
    const set = target(w.namespace);
    add(set, w.name);
    add(set, w.key);
    labels(set, w.podLabels);
  }
  for (const p of cluster.pods) {
    const set = target(p.namespace);
    add(set, p.name);
    for (const ip of p.ips) add(set, ip);
    labels(set, p.labels);
  }
  for (const p of cluster.policies) add(target(p.ref.namespace), p.ref.name);
  for (const s of cluster.services) {
    const set = target(s.namespace);
    add(set, s.name);
    for (const ip of s.clusterIPs) add(set, ip);
  }
  return [...theirs].filter((s) => !mine.has(s)).sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The forbidden strings that occur in `text` as whole tokens (not inside a longer name:
 * `db` does not match `dbltap`, `10.0.0.5` does not match `10.0.0.51`).
 */
export function findLeaks(text: string, forbidden: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of forbidden) {
    const re = new RegExp(`(^|[^A-Za-z0-9])${escapeRegExp(f)}($|[^A-Za-z0-9])`, 'i');
    if (re.test(text)) out.push(f);
  }
  return out;
}
