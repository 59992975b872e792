import { formatLabel } from '../model/labels.ts';
import { identityKeyOf, labelsFromStrings } from '../identity/identities.ts';
import type { EngineModel } from './compile.ts';
import type { Endpoint } from './types.ts';
import { formatIp, parseIp } from '../net/cidr.ts';

/**
 * An address no pod, node or Service of the inventory has, which an agent's ipcache gives a pod's
 * identity (cluster.agentIpcache: a pod of another cluster, or one newer than the inventory): that
 * endpoint, with the identity's labels the loader found for it, said in a note; without them, an
 * outside address, said too. Reserved (< 256) and node-local (from 2^24) identities are no pod's:
 * null, as for an address the ipcache does not have.
 */
export function ipcachePeer(model: EngineModel, text: string, display: string): { endpoint: Endpoint; notes: string[] } | null {
  // The ipcache's prefixes are in canonical form (agentOutputs.ts): `fd00:0::5` is `fd00::5`.
  const parsed = parseIp(text);
  if (parsed === null) return null;
  const ip = formatIp(parsed);
  const e = model.cluster.agentIpcache?.find((x) => x.prefix === `${ip}/${parsed.family === 4 ? 32 : 128}` && x.identity > 255 && x.identity < 1 << 24);
  if (!e) return null;
  const note = `${ip} is no pod of the inventory; the agent's ipcache (${e.source.file} line ${e.source.line}) gives it to ${e.pod === null ? 'an endpoint' : `pod ${e.namespace}/${e.pod}`}${e.cluster === null ? '' : ` of cluster ${e.cluster} (ClusterMesh)`}, identity ${e.identity}`;
  if (e.labels === null) return { endpoint: { kind: 'ip', ip, display }, notes: [`${note}, whose labels were not loaded: answered as an outside address`] };
  const set = labelsFromStrings(e.labels);
  const key = identityKeyOf(set);
  const endpoint: Endpoint = { kind: 'endpoint', identity: model.identityIndex.has(key) ? key : null, labels: [...set.values()].map(formatLabel), namespace: e.namespace ?? '', display: e.pod === null ? display : `${e.namespace}/${e.pod} (${ip})`, workload: null, ports: [], ip, nodeName: null };
  return { endpoint, notes: [`${note}: answered with that identity's labels`] };
}
