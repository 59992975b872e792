import { formatLabel } from '../model/labels.ts';
import { identityKeyOf, labelsFromStrings } from '../identity/identities.ts';
import type { EngineModel } from './compile.ts';
import type { Endpoint } from './types.ts';
import type { AgentIpcacheEntry } from '../model/cluster.ts';
import type { FlowPeer } from '../flows/types.ts';
import { formatIp, parseIp } from '../net/cidr.ts';

/** The ipcache entry of a pod's identity at the address `text`, and the address in canonical form; else null. */
function podEntryAt(model: EngineModel, text: string): { ip: string; entry: AgentIpcacheEntry } | null {
  const parsed = parseIp(text);
  if (parsed === null) return null;
  const ip = formatIp(parsed);
  const entry = model.cluster.agentIpcache?.find((x) => x.prefix === `${ip}/${parsed.family === 4 ? 32 : 128}` && x.identity > 255 && x.identity < 1 << 24);
  return entry ? { ip, entry } : null;
}

/**
 * A flow peer named as a pod, workload or identity the inventory does not have (a pod of another
 * cluster, one newer than the inventory: named by Hubble, or from the ipcache by
 * flows/ipcacheNames.ts): the endpoint the ipcache gives at one of its addresses, when that entry's
 * identity is the one the flows carry (or they carry none); else null.
 */
export function ipcachePeerOfFlow(model: EngineModel, peer: FlowPeer): { ok: true; endpoint: Endpoint } | null {
  if (peer.kind !== 'pod' && peer.kind !== 'workload' && peer.kind !== 'identity') return null;
  const carried = peer.evidence.identities.filter((i) => i !== 0);
  for (const ip of peer.evidence.ips) {
    const found = podEntryAt(model, ip);
    if (found === null || (carried.length > 0 && !carried.includes(found.entry.identity))) continue;
    const r = ipcachePeer(model, ip, peer.key);
    if (r?.endpoint.kind === 'endpoint') return { ok: true, endpoint: r.endpoint };
  }
  return null;
}

/**
 * An address no pod, node or Service of the inventory has, which an agent's ipcache gives a pod's
 * identity (cluster.agentIpcache: a pod of another cluster, or one newer than the inventory): that
 * endpoint, with the identity's labels the loader found for it, said in a note; without them, an
 * outside address, said too. Reserved (< 256) and node-local (from 2^24) identities are no pod's:
 * null, as for an address the ipcache does not have.
 */
export function ipcachePeer(model: EngineModel, text: string, display: string): { endpoint: Endpoint; notes: string[] } | null {
  // The ipcache's prefixes are in canonical form (agentOutputs.ts): `fd00:0::5` is `fd00::5`.
  const found = podEntryAt(model, text);
  if (found === null) return null;
  const { ip, entry: e } = found;
  const note = `${ip} is no pod of the inventory; the agent's ipcache (${e.source.file} line ${e.source.line}) gives it to ${e.pod === null ? 'an endpoint' : `pod ${e.namespace}/${e.pod}`}${e.cluster === null ? '' : ` of cluster ${e.cluster} (ClusterMesh)`}, identity ${e.identity}`;
  if (e.labels === null) return { endpoint: { kind: 'ip', ip, display }, notes: [`${note}, whose labels were not loaded: answered as an outside address`] };
  const set = labelsFromStrings(e.labels);
  const key = identityKeyOf(set);
  const endpoint: Endpoint = { kind: 'endpoint', identity: model.identityIndex.has(key) ? key : null, labels: [...set.values()].map(formatLabel), namespace: e.namespace ?? '', display: e.pod === null ? display : `${e.namespace}/${e.pod} (${ip})`, workload: null, ports: [], ip, nodeName: null };
  return { endpoint, notes: [`${note}: answered with that identity's labels`] };
}
