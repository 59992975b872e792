/**
 * Examples in the empty From / To / Port boxes, from the loaded cluster. On the default screen
 * (the boxes show them at once), apart from the suggestions (suggestions.ts), which need the
 * engine model and come with it (queryCode.ts).
 * @public
 */
import type { Cluster } from '../../core/model/cluster.ts';

export interface QueryPlaceholders {
  readonly from: string;
  readonly to: string;
  readonly port: string;
}

/** Grammar hints while nothing is loaded (no names: there are none yet). */
export const noPlaceholders: QueryPlaceholders = { from: 'ns/name, pod, IP', to: 'ns/name, internet, IP, fqdn:…', port: '443/TCP' };

/**
 * Examples for the empty query boxes taken from the loaded cluster (never the demo's names once
 * other files are loaded): two of its workloads and a port the second one declares.
 */
export function queryPlaceholders(cluster: Cluster | null): QueryPlaceholders {
  if (cluster === null) return noPlaceholders;
  const ws = cluster.workloads.filter((w) => w.kind !== 'ReplicaSet' && w.kind !== 'Pod' && !w.hostNetwork);
  const from = ws[0];
  const to = ws.find((w) => w !== from && w.ports.length > 0) ?? ws[1];
  const port = to?.ports[0];
  return {
    from: from ? `${from.namespace}/${from.name}` : noPlaceholders.from,
    to: to ? `${to.namespace}/${to.name}, internet, IP…` : noPlaceholders.to,
    port: port ? `${port.port}/${port.protocol}` : noPlaceholders.port,
  };
}
