/**
 * Tenant ▸ namespace ▸ workload, the grouping the workloads panel shows: in that panel's chunk
 * (loaded when it is first shown), not on the default screen.
 * @internal
 */
import type { TierPolicy } from '../../core/model/tiers.ts';
import type { Cluster, Namespace, Pod, Workload } from '../../core/model/cluster.ts';
import type { Policy } from '../../core/model/policy.ts';
import { namespaceNames, tenantOf } from '../state/summary.ts';

export interface WorkloadRow {
  readonly workload: Workload;
  readonly pods: readonly Pod[];
}

export interface NamespaceGroup {
  readonly name: string;
  /** null when only implied by objects in it. */
  readonly namespace: Namespace | null;
  readonly workloads: readonly WorkloadRow[];
  readonly policies: readonly Policy[];
}

export interface TenantGroup {
  /** null: namespaces without a tenant label (platform, system). */
  readonly tenant: string | null;
  readonly namespaces: readonly NamespaceGroup[];
}

export interface ClusterOverview {
  readonly tenants: readonly TenantGroup[];
  /** Cluster-wide policies (no namespace). */
  readonly clusterwide: readonly Policy[];
  /** ClusterNetworkPolicy / ANP / BANP in evaluation order: Admin by priority, then Baseline. */
  readonly tiers: readonly TierPolicy[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/** Tenant ▸ namespace ▸ workload, the grouping the summary view shows (tenants first, A–Z). */
export function overview(c: Cluster): ClusterOverview {
  const podsByWorkload = new Map<string, Pod[]>();
  for (const p of c.pods) {
    const list = podsByWorkload.get(p.workload);
    if (list) list.push(p);
    else podsByWorkload.set(p.workload, [p]);
  }
  const groups = new Map<string | null, NamespaceGroup[]>();
  for (const name of namespaceNames(c)) {
    const namespace = c.namespaces.get(name) ?? null;
    const tenant = tenantOf(namespace ?? undefined);
    const workloads = c.workloads
      .filter((w) => w.namespace === name)
      .sort(byName)
      .map((workload) => ({ workload, pods: podsByWorkload.get(workload.key) ?? [] }));
    const policies = c.policies.filter((p) => p.ref.namespace === name).sort((a, b) => a.ref.name.localeCompare(b.ref.name));
    const list = groups.get(tenant) ?? [];
    list.push({ name, namespace, workloads, policies });
    groups.set(tenant, list);
  }
  const tenants = [...groups.entries()]
    .map(([tenant, namespaces]) => ({ tenant, namespaces }))
    .sort((a, b) => (a.tenant === null ? 1 : b.tenant === null ? -1 : a.tenant.localeCompare(b.tenant)));
  const clusterwide = c.policies.filter((p) => p.ref.namespace === null).sort((a, b) => a.ref.name.localeCompare(b.ref.name));
  const tierRank = (t: TierPolicy) => (t.tier === 'Admin' ? 0 : 1);
  const tiers = [...(c.tierPolicies ?? [])].sort((a, b) => tierRank(a) - tierRank(b) || a.priority - b.priority || a.name.localeCompare(b.name));
  return { tenants, clusterwide, tiers };
}
