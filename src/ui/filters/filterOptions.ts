/**
 * What the filter bar offers: the groups (tenants and the platform) and namespaces of the loaded
 * cluster, the verdicts and protocols, in display order.
 * @public
 */
import { portProtocols } from '../../core/engine/PortSet.ts';
import { groupIds } from '../../core/graph/viewState.ts';
import { groupLabel, PLATFORM_GROUP } from '../../core/graph/grouping.ts';
import { edgeVerdicts } from '../../core/graph/types.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { VERDICT_STYLE } from '../graph/verdictStyle.ts';
import { namespaceNames } from '../state/summary.ts';
import type { CheckOption } from './CheckMenu.tsx';

export interface FilterOptions {
  readonly groups: readonly CheckOption[];
  readonly namespaces: readonly CheckOption[];
  readonly verdicts: readonly CheckOption[];
  readonly protocols: readonly CheckOption[];
}

export function filterOptions(cluster: Cluster, groupingLabel: string): FilterOptions {
  const groups = groupIds(cluster, groupingLabel).sort((a, b) => (a === PLATFORM_GROUP ? -1 : b === PLATFORM_GROUP ? 1 : a.localeCompare(b)));
  return {
    groups: groups.map((g) => ({ value: g, label: groupLabel(g) })),
    namespaces: namespaceNames(cluster).map((n) => ({ value: n, label: n })),
    verdicts: edgeVerdicts.map((v) => ({ value: v, label: VERDICT_STYLE[v].label })),
    protocols: portProtocols.map((p) => ({ value: p, label: p })),
  };
}
