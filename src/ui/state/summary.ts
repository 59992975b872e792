import type { Cluster, Namespace } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { plural } from '../../core/util/plural.ts';

/** Namespace label that names a tenant (the app-platform convention). */
export const TENANT_LABEL = 'tenant';

export interface DatasetSummary {
  readonly clusterName: string;
  readonly workloads: number;
  readonly pods: number;
  readonly namespaces: number;
  readonly tenants: number;
  readonly policies: number;
  readonly flows: number;
  readonly diagnostics: { readonly total: number; readonly error: number; readonly warning: number; readonly info: number };
}

/** Counts for the top bar. */
export function summarize(data: LoadedData): DatasetSummary {
  const diagnostics = { total: data.diagnostics.length, error: 0, warning: 0, info: 0 };
  for (const d of data.diagnostics) diagnostics[d.severity]++;
  const c = data.cluster;
  return {
    clusterName: c.name,
    workloads: c.workloads.length,
    pods: c.pods.length,
    namespaces: namespaceNames(c).length,
    tenants: new Set([...c.namespaces.values()].map(tenantOf).filter((t) => t !== null)).size,
    policies: c.policies.length + (c.tierPolicies?.length ?? 0),
    flows: data.flowRecords,
    diagnostics,
  };
}

/** What was loaded, for the error report's `loaded:` line: `Demo cluster: 12 workloads, 1 policy, …`. */
export function loadedText(label: string, s: DatasetSummary): string {
  return `${label}: ${plural(s.workloads, 'workload')}, ${plural(s.policies, 'policy', 'policies')}, ${plural(s.flows, 'flow')}, ${plural(s.diagnostics.total, 'diagnostic')}`;
}

export function tenantOf(ns: Namespace | undefined): string | null {
  return ns?.labels[TENANT_LABEL] ?? null;
}

const namespaceNamesOf = new WeakMap<Cluster, readonly string[]>();

/** Every namespace mentioned: declared, or implied by a workload, pod or namespaced policy. */
export function namespaceNames(c: Cluster): string[] {
  // Asked by several panels for the same loaded cluster (never changed once loaded): walked once.
  // A copy each time: callers may change it.
  let sorted = namespaceNamesOf.get(c);
  if (sorted === undefined) {
    const names = new Set<string>(c.namespaces.keys());
    for (const w of c.workloads) names.add(w.namespace);
    for (const p of c.pods) names.add(p.namespace);
    for (const p of c.policies) if (p.ref.namespace !== null) names.add(p.ref.namespace);
    namespaceNamesOf.set(c, (sorted = [...names].sort()));
  }
  return [...sorted];
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export { plural };
