import { TENANTS_GROUP } from '../../core/graph/grouping.ts';
import { groupIds, initialViewState, viewReducer, type ViewAction } from '../../core/graph/viewState.ts';
import type { ViewState } from '../../core/graph/types.ts';
import type { Cluster, WorkloadKey } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { namespaceNames } from './summary.ts';
import { defaultUrlViewState, type QueryText, type UrlViewState } from './urlState.ts';

/** Where the shown data came from: the built-in demo or the user's own input. */
export type DataOrigin = 'demo' | 'user';

export interface AppState {
  readonly data: LoadedData | null;
  readonly origin: DataOrigin | null;
  /** Short description of the input set ("Demo cluster", "3 files", "pasted.yaml"). */
  readonly label: string;
  /** Selected graph element: `w:<WorkloadKey>`, `e:<source>|<target>|<verdict>` or another node id. */
  readonly selection: string | null;
  /** The graph's view: grouping, collapsed groups, filters (the graph renders it; the URL keeps it). */
  readonly view: ViewState;
  /** The user collapsed or expanded something: keep their choice instead of the cluster's default. */
  readonly collapsedExplicit: boolean;
  /** The last path query run (its verdict is derived from the data, never stored). */
  readonly query: QueryText | null;
  /** State came from the URL and the first load has not happened yet: keep the selection through it. */
  readonly restoring: boolean;
}

export type AppAction =
  | { readonly type: 'loaded'; readonly data: LoadedData; readonly origin: DataOrigin; readonly label: string }
  | { readonly type: 'select'; readonly id: string | null }
  | { readonly type: 'view'; readonly action: ViewAction }
  | { readonly type: 'run-query'; readonly query: QueryText }
  /** Explain one observed path: its path query (null when its peers cannot be written as one) and its graph edge. */
  | { readonly type: 'explain'; readonly query: QueryText | null; readonly selection: string | null }
  | { readonly type: 'clear-query' };

export const initialAppState: AppState = {
  data: null,
  origin: null,
  label: '',
  selection: null,
  view: defaultUrlViewState.view,
  collapsedExplicit: false,
  query: null,
  restoring: false,
};

/** The state a page opens with: what the URL says, waiting for data. */
export function appStateFromUrl(url: UrlViewState): AppState {
  return {
    ...initialAppState,
    selection: url.selected,
    view: url.view,
    collapsedExplicit: url.collapsedExplicit,
    query: url.query,
    restoring: url.selected !== null,
  };
}

export const WORKLOAD_PREFIX = 'w:';

/** The workload a graph element id names (`w:<key>`), or null. */
export function selectedWorkload(selection: string | null): WorkloadKey | null {
  return selection !== null && selection.startsWith(WORKLOAD_PREFIX) ? (selection.slice(WORKLOAD_PREFIX.length) as WorkloadKey) : null;
}

export function workloadSelection(key: WorkloadKey | null): string | null {
  return key === null ? null : `${WORKLOAD_PREFIX}${key}`;
}

/** Filters and collapsed groups naming what the new cluster does not have are dropped. */
export function viewForCluster(view: ViewState, collapsedExplicit: boolean, cluster: Cluster): ViewState {
  const groups = new Set(groupIds(cluster, view.groupingLabel));
  const namespaces = new Set(namespaceNames(cluster));
  const collapsed = collapsedExplicit ? view.collapsed.filter((g) => groups.has(g) || g === TENANTS_GROUP) : initialViewState(cluster, view).collapsed;
  return {
    ...view,
    collapsed,
    filters: { ...view.filters, groups: view.filters.groups.filter((g) => groups.has(g)), namespaces: view.filters.namespaces.filter((n) => namespaces.has(n)) },
  };
}

function touchesCollapse(action: ViewAction): boolean {
  return action.type === 'toggle-collapsed' || action.type === 'collapse-all' || action.type === 'expand-all' || action.type === 'expand-groups' || action.type === 'set-grouping-label';
}

/** State changes are data: every UI event becomes an action applied here. */
export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'loaded':
      // A new input set replaces the old one as a whole; a selection into old data is meaningless
      // (except on the first load after opening a shared link, which is what the link is for).
      return {
        ...state,
        data: action.data,
        origin: action.origin,
        label: action.label,
        selection: state.restoring ? state.selection : null,
        view: viewForCluster(state.view, state.collapsedExplicit, action.data.cluster),
        restoring: false,
      };
    case 'select':
      return { ...state, selection: action.id, restoring: false };
    case 'view': {
      const view = viewReducer(state.view, action.action);
      // Entering or leaving the customer view forgets the collapsed groups (viewReducer), and with
      // them the user's choice: the view opens at the level decided for it again.
      const restart = view.customerTenant !== state.view.customerTenant;
      return { ...state, view, collapsedExplicit: !restart && (state.collapsedExplicit || touchesCollapse(action.action)) };
    }
    case 'run-query':
      return { ...state, query: action.query };
    case 'clear-query':
      return { ...state, query: null };
    case 'explain':
      return { ...state, query: action.query, selection: action.selection, restoring: false };
  }
}
