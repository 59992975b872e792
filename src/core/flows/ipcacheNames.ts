/**
 * Names for flow peers known only by an address, from the agents' ipcache (cluster.agentIpcache:
 * `cilium-dbg ip list -o json`, the kvstore's `cilium/state/ip/v1` keys).
 *
 * Hubble fills a flow's endpoint itself (cilium/cilium pkg/hubble/parser/common/endpoint.go
 * ResolveEndpoint): a local endpoint from the endpoint manager; a remote one with the datapath's
 * identity (else the ipcache's, LookupSecIDByIP), the namespace and pod the ipcache's metadata
 * gives (GetK8sMetadata) and the labels of the identity. So a flow usually names its peers, and
 * those names are never replaced here. What is left are sides that carry nothing but the
 * address: identity 0, no labels, no pod (a field-masked export, a line printed without them, a
 * Hubble whose ipcache had not learnt the address yet). Such a side, where the inventory has no
 * pod, node or Service at the address, is named as the ipcache names it: the workload whose pods
 * carry the entry's identity (identityNamesOf), else the pod the entry names (as Hubble would have),
 * else the identity in its namespace. Reserved (< 256) and node-local (from 2^24) identities stay
 * addresses. Each named address is said in a note at its ipcache entry (file, line).
 *
 * In the browser part of the peer-naming chunk (peerNames.ts, peerNamesCode.ts).
 * @internal
 */
import type { AgentIpcacheEntry, Cluster } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { formatIp, parseIp } from '../net/cidr.ts';
import { aggregateFiles } from './savedAggregates.ts';
import type { IdentityName } from './identityNames.ts';
import type { FlowAggregate, FlowEdge, FlowPeer, FlowPeerId } from './types.ts';

/** Named addresses said one by one; the rest in one line. */
const NOTES_SHOWN = 20;

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';

/** The address in the ipcache's canonical form and its one-address prefix (`10.0.1.5/32`), or null. */
function hostPrefix(text: string): string | null {
  const ip = parseIp(text);
  return ip === null ? null : `${formatIp(ip)}/${ip.family === 4 ? 32 : 128}`;
}

/** The addresses the inventory gives a pod, a node or a Service: those are never named from the ipcache. */
function inventoryAddresses(cluster: Cluster): Set<string> {
  const out = new Set<string>();
  const add = (ip: string): void => {
    const p = hostPrefix(ip);
    if (p !== null) out.add(p);
  };
  for (const p of cluster.pods) for (const ip of p.ips) add(ip);
  for (const n of cluster.nodes) for (const ip of n.ips) add(ip);
  for (const s of cluster.services) for (const ip of s.clusterIPs) add(ip);
  return out;
}

/** The peer an ipcache entry names, or null (a reserved or node-local identity, nothing to name it by). */
function peerOfEntry(e: AgentIpcacheEntry, identityNames: ReadonlyMap<number, IdentityName>): FlowPeerId | null {
  if (e.identity <= 255 || e.identity >= 1 << 24) return null;
  const named = identityNames.get(e.identity)?.peer;
  if (named?.kind === 'workload') return named;
  if (e.namespace !== null && e.pod !== null) return { kind: 'pod', key: `${e.namespace}/Pod/${e.pod}`, namespace: e.namespace, name: e.pod };
  const ns = e.namespace ?? e.labels?.find((l) => l.startsWith(NAMESPACE_LABEL))?.slice(NAMESPACE_LABEL.length) ?? null;
  if (ns === null) return null;
  return { kind: 'identity', key: `identity:${e.identity}`, identity: e.identity, namespace: ns };
}

function describePeer(p: FlowPeerId): string {
  switch (p.kind) {
    case 'workload':
      return `${p.workloadKind} ${p.namespace}/${p.name}`;
    case 'pod':
      return `pod ${p.namespace}/${p.name}`;
    case 'identity':
      return `identity ${p.identity} in namespace ${p.namespace}`;
    default:
      return p.key;
  }
}

/**
 * The aggregate with every side known only by an address that the ipcache names renamed, and a
 * note per named address (the same object and no notes when none is).
 */
export function nameIpcachePeers(agg: FlowAggregate, cluster: Cluster, identityNames: ReadonlyMap<number, IdentityName>): FlowAggregate {
  const entries = cluster.agentIpcache;
  if (!entries || entries.length === 0) return agg;
  const byPrefix = new Map<string, AgentIpcacheEntry>();
  for (const e of entries) byPrefix.set(e.prefix, e);
  let inventory: Set<string> | null = null;
  const named = new Map<string, { entry: AgentIpcacheEntry; peer: FlowPeerId }>();
  const lookup = (ip: string): { entry: AgentIpcacheEntry; peer: FlowPeerId } | null => {
    const prefix = hostPrefix(ip);
    if (prefix === null) return null;
    const had = named.get(prefix);
    if (had !== undefined) return had;
    const entry = byPrefix.get(prefix);
    if (entry === undefined) return null;
    inventory ??= inventoryAddresses(cluster);
    if (inventory.has(prefix)) return null;
    const peer = peerOfEntry(entry, identityNames);
    if (peer === null) return null;
    const found = { entry, peer };
    named.set(prefix, found);
    return found;
  };
  const rename = (p: FlowPeer): FlowPeer => {
    // Only sides the flows gave nothing but an address: an identity, labels or a name they gave stand.
    if (p.kind !== 'ip' || p.evidence.identities.some((i) => i !== 0) || p.evidence.labels.length > 0 || p.evidence.names.length > 0) return p;
    const n = lookup(p.ip);
    if (n === null) return p;
    const { entry } = n;
    const evidence = {
      ...p.evidence,
      identities: [entry.identity],
      labels: entry.labels === null ? [] : [...entry.labels],
      clusters: p.evidence.clusters.length > 0 || entry.cluster === null ? p.evidence.clusters : [entry.cluster],
    };
    return { ...n.peer, evidence };
  };
  // The renaming merges edges (the saved-aggregate chunk): fetched only when a side is renamed.
  const hit = (e: FlowEdge): boolean => rename(e.source) !== e.source || rename(e.destination) !== e.destination;
  if (!agg.edges.some(hit) && !agg.replyOnlyEdges.some(hit)) return agg;
  const next = aggregateFiles.get().renamePeers(agg, rename);
  return { ...next, diagnostics: [...next.diagnostics, ...notesOf([...named.entries()])] };
}

/** One info note per named address, at its ipcache entry; past NOTES_SHOWN, one line for the rest. */
function notesOf(named: readonly [string, { entry: AgentIpcacheEntry; peer: FlowPeerId }][]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sorted = [...named].sort(([, a], [, b]) => (a.entry.source.file < b.entry.source.file ? -1 : a.entry.source.file > b.entry.source.file ? 1 : a.entry.source.line - b.entry.source.line));
  for (const [prefix, { entry, peer }] of sorted.slice(0, NOTES_SHOWN)) {
    const ip = prefix.slice(0, prefix.indexOf('/'));
    const mesh = entry.cluster === null ? '' : ` of cluster ${entry.cluster} (ClusterMesh)`;
    const labels = entry.labels === null ? ', whose labels were not loaded' : '';
    out.push({
      ...entry.source,
      column: 1,
      path: '',
      severity: 'info',
      code: 'flow-peer-from-ipcache',
      message: `Flows name ${ip} only by its address (no identity, labels or pod), and the inventory has no pod, node or Service there. The agent's ipcache (${entry.origin}) gives it identity ${entry.identity}${entry.pod === null ? '' : ` and pod ${entry.namespace}/${entry.pod}`}${mesh}${labels}: those flows are shown as ${describePeer(peer)}.`,
    });
  }
  const more = named.length - NOTES_SHOWN;
  if (more > 0) {
    const first = sorted[NOTES_SHOWN]?.[1].entry.source;
    if (first) out.push({ ...first, column: 1, path: '', severity: 'info', code: 'flow-peer-from-ipcache', message: `${more} more addresses of the flows are named from the agents' ipcache likewise (not listed one by one).` });
  }
  return out;
}
