/**
 * Names for flow peers the flows do not name, once the whole load is read: those known only by a
 * numeric identity (identityNames.ts: the loaded CiliumIdentities and CiliumEndpoints), then those
 * known only by an address (ipcacheNames.ts: the agents' ipcache). In the browser a chunk of its
 * own (peerNamesCode.ts), fetched only for a cluster that can name any (needsPeerNames).
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import { identityNamesOf, nameIdentityPeers } from './identityNames.ts';
import { nameIpcachePeers } from './ipcacheNames.ts';
import type { FlowAggregate } from './types.ts';

/** `agg` with the peers `cluster` names renamed (the same object when none is). */
export function namePeers(agg: FlowAggregate, cluster: Cluster): FlowAggregate {
  const names = identityNamesOf(cluster);
  const named = nameIdentityPeers(agg, names);
  return cluster.agentIpcache ? nameIpcachePeers(named, cluster, names) : named;
}
