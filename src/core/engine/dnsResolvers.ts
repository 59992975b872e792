/**
 * Whether a DNS rule's item reaches the cluster's resolver. Cilium's DNS proxy sees an endpoint's
 * lookups only where the policy-map entry for the lookup's destination identity and port carries
 * the DNS rule (semantics reference A.7.3, B.9): a DNS rule on port 53 to the world leaves the
 * lookups sent to kube-dns, allowed by a plain L4 item, unseen, and toFQDNs learns no address
 * from them. The resolvers are the cluster DNS pods (model/clusterDns.ts: k8s-app=kube-dns,
 * kube-system/coredns) and a node-local DNS cache: its pods (k8s-app=node-local-dns, reached
 * through a Local Redirect Policy) or the nodes (on the host network). When the inventory holds
 * no cluster DNS pod, every DNS rule is taken to reach the resolver.
 * @internal
 */
import { isClusterDns } from '../model/clusterDns.ts';
import type { EntryPeers } from '../model/policy.ts';
import type { EngineModel } from './compile.ts';
import type { Party } from './party.ts';
import { podParty } from './parties.ts';
import { reservedLabels } from '../identity/reserved.ts';
import { entryPeersMatch, type MatchEnv, podsEnv } from './peerMatch.ts';

interface Resolvers {
  readonly parties: readonly Party[];
  /** `ns/name` of the cluster DNS pods, for the explanation. */
  readonly names: readonly string[];
  readonly env: MatchEnv;
}

const byModel = new WeakMap<EngineModel, Resolvers | null>();

function resolvers(model: EngineModel): Resolvers | null {
  const hit = byModel.get(model);
  if (hit !== undefined) return hit;
  const parties: Party[] = [];
  const names: string[] = [];
  const workloads = new Map(model.cluster.workloads.map((w) => [w.key, w]));
  for (const pod of model.cluster.pods) {
    const w = workloads.get(pod.workload);
    const kubeDns = w !== undefined ? isClusterDns(w) : pod.labels['k8s-app'] === 'kube-dns';
    const nodeLocal = pod.labels['k8s-app'] === 'node-local-dns';
    if (!kubeDns && !nodeLocal) continue;
    const key = model.identityTable.byPod.get(`${pod.namespace}/${pod.name}`);
    const idx = key !== undefined ? model.identityIndex.get(key) : undefined;
    if (idx === undefined) continue;
    parties.push(podParty(model, idx, `${pod.namespace}/${pod.name}`, pod.ips[0] ?? null, pod.nodeName));
    if (kubeDns) names.push(`${pod.namespace}/${pod.name}`);
  }
  let out: Resolvers | null = null;
  if (names.length > 0) {
    // A node-local DNS cache on the host network: the lookups go to the local host.
    const host: Party = { kind: 'reserved', display: 'host', labels: reservedLabels(['host']), identity: -1, reserved: ['host'], range: null, names: [], ports: [], nodeName: null, nodeLabels: {}, namespace: null };
    parties.push(host);
    const env: MatchEnv = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services, ...podsEnv(model), dnsRules: [] };
    out = { parties, names, env };
  }
  byModel.set(model, out);
  return out;
}

/** Whether an item with these peers carries lookups to a resolver; `resolvers` names the cluster DNS pods. */
export function dnsResolverReach(model: EngineModel, peers: EntryPeers): { readonly reaches: boolean; readonly resolvers: readonly string[] } {
  const r = resolvers(model);
  if (r === null) return { reaches: true, resolvers: [] };
  return { reaches: r.parties.some((p) => entryPeersMatch(peers, p, r.env).matched), resolvers: r.names };
}
