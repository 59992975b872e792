/**
 * ViewState: what the user chose to see, and the reducer that applies their actions to it
 * (state changes are data). Plain JSON so it can live in the URL.
 * @public
 */
import type { Cluster } from '../model/cluster.ts';
import { noFilters } from './filter.ts';
import { makeGrouping, tenantOfGroup, TENANTS_GROUP } from './grouping.ts';
import { collapsedGroupsReadable } from './opening.ts';
import type { GraphFilters, ViewState } from './types.ts';

export const DEFAULT_GROUPING_LABEL = 'tenant';
/** Above this many workloads the graph opens with every group collapsed. */
export const BIG_CLUSTER_WORKLOADS = 300;

export const defaultViewState: ViewState = { groupingLabel: DEFAULT_GROUPING_LABEL, collapsed: [], filters: noFilters, customerTenant: null };

const groupIdsOf = new WeakMap<Cluster, Map<string, readonly string[]>>();

/** Every group id of the cluster under a grouping label, sorted. */
export function groupIds(cluster: Cluster, groupingLabel: string): string[] {
  // Asked by several parts of the page for the same loaded cluster (never changed once loaded):
  // walked once per grouping label. A copy each time: callers may sort it their way.
  let byLabel = groupIdsOf.get(cluster);
  if (byLabel === undefined) groupIdsOf.set(cluster, (byLabel = new Map()));
  let ids = byLabel.get(groupingLabel);
  if (ids === undefined) {
    const g = makeGrouping(cluster, groupingLabel);
    const set = new Set<string>();
    for (const w of cluster.workloads) set.add(g.groupOf(w.namespace));
    byLabel.set(groupingLabel, (ids = [...set].sort()));
  }
  return [...ids];
}

/**
 * The view a freshly loaded cluster opens with: big clusters start collapsed, and with every
 * tenant as one node (TENANTS_GROUP) when their collapsed nodes are not readable even in the
 * biggest canvas (opening.ts `REFERENCE_CANVAS`): the load worker builds this view's picture
 * before the page has measured its canvas, and leaves out the pairs inside the collapsed nodes.
 */
export function initialViewState(cluster: Cluster, base: ViewState = defaultViewState): ViewState {
  if (cluster.workloads.length <= BIG_CLUSTER_WORKLOADS) return { ...base, collapsed: [] };
  const groups = groupIds(cluster, base.groupingLabel);
  const tenants = groups.filter((g) => tenantOfGroup(g) !== null).length;
  const aggregate = base.customerTenant === null && tenants > 1 && !collapsedGroupsReadable(groups.length);
  return { ...base, collapsed: aggregate ? [...groups, TENANTS_GROUP].sort() : groups };
}

export type ViewAction =
  | { readonly type: 'toggle-collapsed'; readonly group: string }
  | { readonly type: 'collapse-all'; readonly groups: readonly string[] }
  /** The level a load opens at (opening.ts): like collapse-all, but the app's choice, not the user's. */
  | { readonly type: 'open-at'; readonly collapsed: readonly string[] }
  | { readonly type: 'expand-all' }
  /** These groups drawn expanded (a search result's tenant opened out of the tenants' aggregate). */
  | { readonly type: 'expand-groups'; readonly groups: readonly string[] }
  | { readonly type: 'set-filters'; readonly filters: Partial<GraphFilters> }
  | { readonly type: 'set-grouping-label'; readonly label: string }
  | { readonly type: 'set-customer-tenant'; readonly tenant: string | null };

export function viewReducer(view: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'toggle-collapsed': {
      const has = view.collapsed.includes(action.group);
      const collapsed = has ? view.collapsed.filter((g) => g !== action.group) : [...view.collapsed, action.group].sort();
      return { ...view, collapsed };
    }
    case 'collapse-all':
      return { ...view, collapsed: [...action.groups].sort() };
    case 'open-at':
      return { ...view, collapsed: [...action.collapsed].sort() };
    case 'expand-all':
      return { ...view, collapsed: [] };
    case 'expand-groups': {
      const open = new Set(action.groups);
      return { ...view, collapsed: view.collapsed.filter((g) => !open.has(g)) };
    }
    case 'set-filters':
      return { ...view, filters: { ...view.filters, ...action.filters } };
    case 'set-grouping-label':
      // Group ids change with the label: old collapsed ids and group filters no longer mean anything.
      return { ...view, groupingLabel: action.label, collapsed: [], filters: { ...view.filters, groups: [] } };
    case 'set-customer-tenant':
      // Entering or leaving the customer view: collapsed groups and node filters may name other
      // tenants (they go into the URL), so they start over.
      if (action.tenant === view.customerTenant) return view;
      return { ...view, customerTenant: action.tenant, collapsed: [], filters: { ...view.filters, groups: [], namespaces: [], search: '' } };
  }
}
