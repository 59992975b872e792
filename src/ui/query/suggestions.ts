/**
 * What the From / To / Port boxes suggest: every peer the PEER grammar can name in the loaded
 * data (workloads, pods, entities, nodes, pod IPs, FQDNs policies allow, `ns[` for a hypothetical
 * pod), and the destination's declared ports. Built once per model, matched per keystroke.
 * @public
 */
import type { EngineModel } from '../../core/engine/compile.ts';
import { parsePeerRef, resolvePeerRef } from '../../core/engine/peerRef.ts';
import { reservedEntities } from '../../core/identity/reserved.ts';
import { isClusterDns } from '../../core/model/clusterDns.ts';

export type OptionKind = 'workload' | 'pod' | 'entity' | 'node' | 'ip' | 'fqdn' | 'labels' | 'port';

export interface PeerOption {
  /** What goes into the box. */
  readonly value: string;
  readonly kind: OptionKind;
  /** A short hint shown next to it (kind of workload, the pod of an IP, a port's number). */
  readonly detail: string;
}

export function peerCatalog(model: EngineModel): PeerOption[] {
  const out = new Map<string, PeerOption>();
  const add = (o: PeerOption): void => {
    if (!out.has(o.value)) out.set(o.value, o);
  };
  const c = model.cluster;
  for (const w of c.workloads) if (w.kind !== 'ReplicaSet' && w.kind !== 'Pod') add({ value: `${w.namespace}/${w.name}`, kind: 'workload', detail: w.kind });
  for (const p of c.pods) add({ value: `${p.namespace}/${p.name}`, kind: 'pod', detail: p.ips[0] ?? 'pod' });
  // What the graph shows, as it shows it (the grammar takes these names too).
  add({ value: 'internet', kind: 'entity', detail: 'the internet (entity world)' });
  if (c.workloads.some(isClusterDns)) add({ value: 'DNS', kind: 'workload', detail: 'the cluster DNS' });
  add({ value: 'kube-apiserver', kind: 'entity', detail: 'reserved identity' });
  for (const e of reservedEntities) add({ value: `entity:${e}`, kind: 'entity', detail: 'reserved identity' });
  for (const p of c.pods) if (!p.hostNetwork) for (const ip of p.ips) add({ value: ip, kind: 'ip', detail: `${p.namespace}/${p.name}` });
  for (const n of model.nodes.keys()) add({ value: `node:${n}`, kind: 'node', detail: 'node' });
  for (const rule of model.rules)
    for (const e of [...rule.egress, ...rule.egressDeny])
      if (e.peers.kind === 'list') for (const p of e.peers.items) if (p.kind === 'fqdn' && p.matchName !== null) add({ value: `fqdn:${p.matchName.replace(/\.$/, '')}`, kind: 'fqdn', detail: `allowed by ${rule.policy.name}` });
  for (const ns of [...c.namespaces.keys()].sort()) add({ value: `${ns}[`, kind: 'labels', detail: 'a pod with labels: ns[k=v,…]' });
  return [...out.values()];
}

/** 0: the whole value starts with the text; 1: a part after `/`, `:` or `.` does; 2: it contains it. */
function rank(value: string, text: string): number {
  const v = value.toLowerCase();
  if (v.startsWith(text)) return 0;
  if (v.split(/[/:.[]/).some((part) => part.startsWith(text))) return 1;
  return v.includes(text) ? 2 : -1;
}

export function matchOptions(options: readonly PeerOption[], text: string, limit = 12): PeerOption[] {
  const t = text.trim().toLowerCase();
  if (t === '') return options.filter((o) => o.kind === 'workload' || o.kind === 'entity').slice(0, limit);
  const scored: { o: PeerOption; r: number; i: number }[] = [];
  options.forEach((o, i) => {
    const r = rank(o.value, t);
    if (r >= 0 && o.value.toLowerCase() !== t) scored.push({ o, r, i });
  });
  return scored
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map((s) => s.o);
}

/** The declared ports of the destination a To box names (numbers with protocol, then names). */
export function portOptions(model: EngineModel, toText: string): PeerOption[] {
  const ref = parsePeerRef(toText);
  if (!ref.ok) return [];
  const r = resolvePeerRef(model, ref.value);
  if (!r.ok || r.value.endpoint.kind !== 'endpoint') return [];
  const out: PeerOption[] = [];
  for (const p of r.value.endpoint.ports) {
    out.push({ value: `${p.port}/${p.protocol}`, kind: 'port', detail: p.name ?? 'declared port' });
    if (p.name !== null) out.push({ value: p.protocol === 'TCP' ? p.name : `${p.name}/${p.protocol}`, kind: 'port', detail: `named port (${p.port}/${p.protocol})` });
  }
  const seen = new Set<string>();
  return out.filter((o) => (seen.has(o.value) ? false : (seen.add(o.value), true)));
}
