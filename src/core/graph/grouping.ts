/**
 * Which group (tenant or platform) a namespace belongs to.
 *
 * The tenant is the value of the grouping label (`tenant` by default) on the namespace. A
 * namespace without the label is a platform namespace when the label is in use somewhere in the
 * cluster (the app-platform convention: tenants are labelled, the platform is not). When no
 * namespace carries the label at all, grouping falls back to the namespace itself (one group per
 * namespace), except well-known system namespaces, which stay in the platform group.
 * @public
 */
import type { Cluster } from '../model/cluster.ts';

export const PLATFORM_GROUP = 'g:platform';
/** Customer view: every tenant but the customer's, as one anonymous node (see redact.ts). */
export const OTHERS_GROUP = 'g:others';
/**
 * Every tenant drawn as one node (`812 tenants`): the opening of a cluster whose tenants, one
 * node each, do not fit the canvas readably (opening.ts, viewState.ts `initialViewState`). In
 * `ViewState.collapsed` beside the groups: the aggregate holds the tenants that are collapsed
 * too; a tenant expanded is drawn on its own beside it (`811 other tenants`). The platform is
 * never in it. Not a group of the cluster: no namespace belongs to it. Ignored in the customer
 * view (its node would tell a customer how many tenants there are).
 */
export const TENANTS_GROUP = 'g:tenants';

export function tenantGroupId(tenant: string): string {
  return `g:t:${tenant}`;
}

/** The tenant name of a group id, or null for the platform group. */
export function tenantOfGroup(groupId: string): string | null {
  return groupId.startsWith('g:t:') ? groupId.slice(4) : null;
}

/**
 * The node a group's workloads are drawn as under the collapsed ids `collapsed`: the group's
 * own node, the tenants' aggregate (TENANTS_GROUP), or null when the group is expanded.
 */
export function collapsedNodeOf(collapsed: ReadonlySet<string>): (group: string) => string | null {
  const aggregate = collapsed.has(TENANTS_GROUP);
  return (group) => (!collapsed.has(group) ? null : aggregate && tenantOfGroup(group) !== null ? TENANTS_GROUP : group);
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'cilium', 'cilium-system', 'cilium-secrets']);

export interface Grouping {
  /** Group id of a namespace (namespaces unknown to the cluster too). */
  groupOf(namespace: string): string;
  readonly labelInUse: boolean;
}

export function makeGrouping(cluster: Cluster, label: string): Grouping {
  let labelInUse = false;
  for (const ns of cluster.namespaces.values()) {
    if (ns.labels[label] !== undefined && ns.labels[label] !== '') {
      labelInUse = true;
      break;
    }
  }
  const groupOfNamespace = (namespace: string): string => {
    const tenant = cluster.namespaces.get(namespace)?.labels[label];
    if (tenant !== undefined && tenant !== '') return tenantGroupId(tenant);
    if (labelInUse || SYSTEM_NAMESPACES.has(namespace)) return PLATFORM_GROUP;
    return tenantGroupId(namespace);
  };
  // One string per namespace: asked once per workload (tens of thousands), and the same string
  // object each time, so the maps and sets keyed by group id hash it once.
  const known = new Map<string, string>();
  return {
    labelInUse,
    groupOf(namespace: string): string {
      let group = known.get(namespace);
      if (group === undefined) known.set(namespace, (group = groupOfNamespace(namespace)));
      return group;
    },
  };
}

/**
 * The drawn node standing for a group whose workloads are not drawn (`drawn`: the model's node
 * ids): the group's own node, else the tenants' aggregate holding it, else null.
 */
export function drawnGroupNode(group: string, drawn: ReadonlySet<string>): string | null {
  if (drawn.has(group)) return group;
  return tenantOfGroup(group) !== null && drawn.has(TENANTS_GROUP) ? TENANTS_GROUP : null;
}

/** Display label of a group. */
export function groupLabel(groupId: string): string {
  if (groupId === OTHERS_GROUP) return 'other tenants';
  if (groupId === TENANTS_GROUP) return 'tenants';
  const t = tenantOfGroup(groupId);
  return t === null ? 'platform' : t;
}
