/**
 * The engine's `connectivity()` matrix → the graph's ConnectivityInput. Identities fan out to
 * their workloads; outside ranges stay ranges (the registry puts them on the narrowest range a
 * policy names). Per pair, the ports are split by why: allowed, L7-filtered (an allow entry
 * with L7 rules covers the port and no plain entry does), explicitly denied (ports of the
 * matching deny entries), and default-denied (the rest, when a side is in default deny).
 * Pairs where nobody enforces anything and nothing is denied are left out: the graph never
 * draws them, and leaving them out keeps a policy-less cluster from costing n² paths.
 * @public
 */
import type { Connectivity, ConnEdge, ConnPeer, ConnSide as EngineSide } from '../engine/connectivity.ts';
import { entryPortSet } from '../engine/l4Match.ts';
import { emptyPortSet, fullPortSet, intersect, subtract, union, type PortSet } from '../engine/PortSet.ts';
import type { EngineSettings, RuleRef } from '../engine/types.ts';
import type { Cluster, ContainerPort } from '../model/cluster.ts';
import type { Entry } from '../model/policy.ts';
import type { ConnectivityInput, ConnPath, ConnSide, WorkloadEnforcement } from './types.ts';

function refKey(r: RuleRef): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`;
}

function sidesOf(peer: ConnPeer): ConnSide[] {
  switch (peer.kind) {
    case 'identity':
      return peer.workloads.map((key) => ({ kind: 'workload', key }));
    case 'reserved':
      return [{ kind: 'entity', entity: peer.entity }];
    case 'range':
      return [{ kind: 'range', start: peer.start, end: peer.end }];
    case 'fqdn':
      return [{ kind: 'fqdn', name: peer.name }];
  }
}

/**
 * Not enforced: no policy (`open`), not a Cilium endpoint, policy without default deny, or the
 * node's own health checks and probes (`localhost`: allow-localhost lets them in whatever policy says).
 */
function passive(side: EngineSide): boolean {
  return side.mode === 'open' || side.mode === 'not-applicable' || side.mode === 'allow-any' || side.mode === 'localhost';
}

export function connectivityInput(conn: Connectivity, cluster: Cluster, settings: EngineSettings): ConnectivityInput {
  const entries = new Map<string, Entry>();
  for (const p of cluster.policies)
    for (const r of p.rules)
      for (const e of [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny]) entries.set(`${p.ref.kind}/${p.ref.namespace ?? ''}/${p.ref.name}/${e.path}`, e);
  const portsOfWorkload = new Map<string, readonly ContainerPort[]>(cluster.workloads.map((w) => [w.key, w.ports]));

  const portsOf = (refs: readonly RuleRef[], dst: readonly ContainerPort[], fallback: PortSet): PortSet => {
    let out = emptyPortSet;
    for (const r of refs) {
      const e = entries.get(refKey(r));
      out = union(out, e ? entryPortSet(e, dst, settings) : fallback);
    }
    return out;
  };
  /** Ports an allow side sends to the proxy for L7 filtering (and no plain entry opens). */
  const l7Of = (refs: readonly RuleRef[], dst: readonly ContainerPort[]): PortSet => {
    let l7 = emptyPortSet;
    let plain = emptyPortSet;
    for (const r of refs) {
      const e = entries.get(refKey(r));
      if (!e) continue;
      if (e.ports.length === 0) plain = union(plain, entryPortSet(e, dst, settings));
      for (const pr of e.ports) {
        const ps = entryPortSet({ ...e, ports: [pr], icmps: [] }, dst, settings);
        if (pr.l7 !== null) l7 = union(l7, ps);
        else plain = union(plain, ps);
      }
    }
    return subtract(l7, plain);
  };

  const enforcement = new Map<string, { ingress: boolean; egress: boolean }>();
  const note = (sides: readonly ConnSide[], dir: 'ingress' | 'egress', side: EngineSide): void => {
    if (side.mode === 'not-applicable') return;
    for (const s of sides) {
      if (s.kind !== 'workload') continue;
      const e = enforcement.get(s.key) ?? { ingress: true, egress: true };
      e[dir] = side.mode !== 'open';
      enforcement.set(s.key, e);
    }
  };

  const paths: ConnPath[] = [];
  const pathOf = (edge: ConnEdge, dstPorts: readonly ContainerPort[]): Omit<ConnPath, 'source' | 'destination'> | null => {
    const unenforced = passive(edge.egress) && passive(edge.ingress);
    const denyRefs = [...edge.egress.deniedBy, ...edge.ingress.deniedBy];
    if (unenforced && denyRefs.length === 0) return null;
    const notAllowed = subtract(fullPortSet, edge.allowed);
    const explicitDenied = intersect(portsOf(denyRefs, dstPorts, notAllowed), notAllowed);
    const defaultDeny = edge.egress.mode === 'policy' || edge.ingress.mode === 'policy';
    const l7 = union(l7Of(edge.egress.allowedBy, dstPorts), l7Of(edge.ingress.allowedBy, dstPorts));
    return {
      allowed: edge.allowed,
      l7Filtered: intersect(edge.allowed, l7),
      explicitDenied,
      defaultDenied: defaultDeny ? subtract(notAllowed, explicitDenied) : emptyPortSet,
      allowRules: [...edge.egress.allowedBy, ...edge.ingress.allowedBy],
      denyRules: denyRefs,
      defaultDenyFrom: [],
      nearMisses: [],
      unenforced,
    };
  };

  for (const edge of conn.edges) {
    const from = conn.peers[edge.from];
    const to = conn.peers[edge.to];
    if (!from || !to) continue;
    const sources = sidesOf(from);
    const targets = sidesOf(to);
    note(sources, 'egress', edge.egress);
    note(targets, 'ingress', edge.ingress);
    for (const destination of targets) {
      const dstPorts = destination.kind === 'workload' ? (portsOfWorkload.get(destination.key) ?? []) : [];
      const body = pathOf(edge, dstPorts);
      if (body === null) continue;
      for (const source of sources) paths.push({ source, destination, ...body });
    }
  }
  const list: WorkloadEnforcement[] = [...enforcement.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([workload, e]) => ({ workload, ...e }));
  return { paths, enforcement: list };
}
