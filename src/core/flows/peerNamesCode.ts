/**
 * Naming the flow peers the flows do not name (peerNames.ts) is needed only for a cluster with
 * CiliumEndpoints, CiliumIdentities or an agent ipcache (the demo has none): in the browser a chunk
 * of its own, fetched by the load pipeline before it takes the aggregate (workers/loadPipeline.ts);
 * in Node (CLI, tests, benches) loaded with this module.
 * @internal
 */
import type * as PeerNames from './peerNames.ts';
import type { Cluster } from '../model/cluster.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const peerNamesCode = new LazyModule<typeof PeerNames>('peerNames', () => import('./peerNames.ts'));
if (inNode) await peerNamesCode.load();

/** Whether `cluster` can name a flow peer: an identity number with labels, or an ipcache. */
export function needsPeerNames(cluster: Cluster): boolean {
  return cluster.agentIpcache !== undefined || (cluster.ciliumIdentities?.length ?? 0) > 0 || cluster.endpoints.some((e) => e.identityId !== null);
}
