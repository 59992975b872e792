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
import { entryHasNamedPorts, entryPortSet, namedPortsFor } from '../engine/l4Match.ts';
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

type PathBody = Omit<ConnPath, 'source' | 'destination'>;

export interface ConnectivityInputOptions {
  /**
   * Only the paths of these edges (indices into `conn.edges`, ascending): a what-if's changed
   * pairs (core/graph/graphUpdate.ts). `enforcement` is still the whole matrix's.
   */
  readonly edges?: readonly number[];
  /** Filled with the index into `conn.edges` of each path, in the paths' order. */
  readonly edgeOfPath?: number[];
  /**
   * Classes of peers `conn` lists once (`MatrixInSteps.standsFor`: per listed peer, the peers of
   * its class, each with one workload): the paths are the listed peer's, `members` says how many
   * workloads its workload stands for, and `enforcement` is every member's (the listed peer's).
   */
  readonly standsFor?: ReadonlyMap<number, readonly number[]>;
}

export function connectivityInput(conn: Connectivity, cluster: Cluster, settings: EngineSettings, options: ConnectivityInputOptions = {}): ConnectivityInput {
  const entries = new Map<string, Entry>();
  for (const p of cluster.policies)
    for (const r of p.rules)
      for (const e of [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny]) entries.set(`${p.ref.kind}/${p.ref.namespace ?? ''}/${p.ref.name}/${e.path}`, e);
  const portsOfWorkload = new Map<string, readonly ContainerPort[]>(cluster.workloads.map((w) => [w.key, w.ports]));
  const entryOfRef = new Map<RuleRef, Entry | undefined>();
  const entryOf = (r: RuleRef): Entry | undefined => {
    if (entryOfRef.has(r)) return entryOfRef.get(r);
    const e = entries.get(refKey(r));
    entryOfRef.set(r, e);
    return e;
  };
  const noPorts: readonly ContainerPort[] = [];

  const portsOf = (refs: readonly RuleRef[], dst: readonly ContainerPort[], fallback: PortSet): PortSet => {
    let out = emptyPortSet;
    for (const r of refs) {
      const e = entryOf(r);
      out = union(out, e ? entryPortSet(e, namedPortsFor(e.direction, dst, cluster, settings), settings) : fallback);
    }
    return out;
  };
  /** Ports an allow side sends to the proxy for L7 filtering (and no plain entry opens). */
  const l7Of = (refs: readonly RuleRef[], dst: readonly ContainerPort[]): PortSet => {
    const portsOfRule = (e: Entry, pr: Entry['ports'][number]): PortSet => entryPortSet({ ...e, ports: [pr], icmps: [] }, namedPortsFor(e.direction, dst, cluster, settings), settings);
    let l7 = emptyPortSet;
    for (const r of refs) {
      const e = entryOf(r);
      if (e) for (const pr of e.ports) if (pr.l7 !== null) l7 = union(l7, portsOfRule(e, pr));
    }
    // Most sides have no L7 rule at all: then there is nothing to take plain ports away from.
    if (l7 === emptyPortSet) return emptyPortSet;
    let plain = emptyPortSet;
    for (const r of refs) {
      const e = entryOf(r);
      if (!e) continue;
      if (e.ports.length === 0) plain = union(plain, entryPortSet(e, dst, settings)); // no names: every port
      for (const pr of e.ports) if (pr.l7 === null) plain = union(plain, portsOfRule(e, pr));
    }
    return subtract(l7, plain);
  };

  // Enforcement per workload and direction: what the last edge that names it on that side says
  // (`open`: no policy selects it). Noted per peer while walking the edges, fanned out after.
  const peerCount = conn.peers.length;
  const lastNoted = { egress: new Int32Array(peerCount).fill(-1), ingress: new Int32Array(peerCount).fill(-1) };
  const enforced = { egress: new Uint8Array(peerCount), ingress: new Uint8Array(peerCount) };
  const note = (peer: number, dir: 'ingress' | 'egress', side: EngineSide, at: number): void => {
    if (side.mode === 'not-applicable') return;
    lastNoted[dir][peer] = at;
    enforced[dir][peer] = side.mode !== 'open' ? 1 : 0;
  };

  // Without named ports, what an entry covers does not depend on the destination, so the ports
  // of each engine side are worked out once per side, not once per pair of sides.
  interface SidePorts {
    readonly l7: PortSet;
    /** Ports of the side's deny entries; null when one is unknown (its ports depend on the pair). */
    readonly denied: PortSet | null;
  }
  const sidePorts = new Map<EngineSide, SidePorts>();
  const portsOfSide = (side: EngineSide): SidePorts => {
    let sp = sidePorts.get(side);
    if (!sp) {
      const known = side.deniedBy.every((r) => entryOf(r) !== undefined);
      sidePorts.set(side, (sp = { l7: l7Of(side.allowedBy, noPorts), denied: known ? portsOf(side.deniedBy, noPorts, emptyPortSet) : null }));
    }
    return sp;
  };
  const notAllowedOf = new Map<PortSet, PortSet>();

  /** `dstPorts` null: no entry of either side names a port. */
  const pathOf = (edge: ConnEdge, dstPorts: readonly ContainerPort[] | null): PathBody | null => {
    const unenforced = passive(edge.egress) && passive(edge.ingress);
    const denyRefs = [...edge.egress.deniedBy, ...edge.ingress.deniedBy];
    // Ports dropped because authentication always fails (test-always-fail): the engine worked
    // out which (authLayering.ts); their own verdict, not a deny rule.
    const authRefs = [...(edge.egress.authFailed?.by ?? []), ...(edge.ingress.authFailed?.by ?? [])];
    if (unenforced && denyRefs.length === 0 && authRefs.length === 0) return null;
    let notAllowed = notAllowedOf.get(edge.allowed);
    if (notAllowed === undefined) notAllowedOf.set(edge.allowed, (notAllowed = subtract(fullPortSet, edge.allowed)));
    let denyPorts: PortSet;
    let l7: PortSet;
    if (dstPorts === null) {
      const eg = portsOfSide(edge.egress);
      const ing = portsOfSide(edge.ingress);
      denyPorts = eg.denied !== null && ing.denied !== null ? union(eg.denied, ing.denied) : portsOf(denyRefs, noPorts, notAllowed);
      l7 = union(eg.l7, ing.l7);
    } else {
      denyPorts = portsOf(denyRefs, dstPorts, notAllowed);
      l7 = union(l7Of(edge.egress.allowedBy, dstPorts), l7Of(edge.ingress.allowedBy, dstPorts));
    }
    const authPorts = authRefs.length === 0 ? emptyPortSet : union(edge.egress.authFailed?.ports ?? emptyPortSet, edge.ingress.authFailed?.ports ?? emptyPortSet);
    const explicitDenied = intersect(denyPorts, notAllowed);
    const authDenied = authRefs.length === 0 ? emptyPortSet : subtract(intersect(authPorts, notAllowed), explicitDenied);
    const defaultDeny = edge.egress.mode === 'policy' || edge.ingress.mode === 'policy';
    return {
      allowed: edge.allowed,
      l7Filtered: intersect(edge.allowed, l7),
      explicitDenied,
      defaultDenied: defaultDeny ? subtract(subtract(notAllowed, explicitDenied), authDenied) : emptyPortSet,
      ...(authRefs.length > 0 ? { authDenied, authRules: authRefs } : {}),
      allowRules: [...edge.egress.allowedBy, ...edge.ingress.allowedBy],
      denyRules: denyRefs,
      defaultDenyFrom: [],
      nearMisses: [],
      unenforced,
    };
  };

  // A body depends only on the two engine sides, the allowed ports and, when an entry names a
  // port, the destination's container ports. The engine shares side objects between the pairs
  // that hit the same entries, so the 150k paths of the 5k-workload benchmark cluster share about
  // 7,000 bodies (each computed once; paths share its port sets and lists: they are read-only).
  const named = new Map<RuleRef, boolean>();
  const namesPorts = (refs: readonly RuleRef[]): boolean =>
    refs.some((r) => {
      let n = named.get(r);
      if (n === undefined) {
        const e = entryOf(r);
        named.set(r, (n = e !== undefined && entryHasNamedPorts(e)));
      }
      return n;
    });
  interface Slot {
    readonly named: boolean;
    body: PathBody | null | undefined;
    readonly byPorts: Map<string, PathBody | null>;
  }
  const slots = new Map<EngineSide, Map<EngineSide, Map<PortSet, Slot>>>();
  const slotOf = (edge: ConnEdge): Slot => {
    let byIngress = slots.get(edge.egress);
    if (!byIngress) slots.set(edge.egress, (byIngress = new Map()));
    let byAllowed = byIngress.get(edge.ingress);
    if (!byAllowed) byIngress.set(edge.ingress, (byAllowed = new Map()));
    let slot = byAllowed.get(edge.allowed);
    if (!slot) {
      const sides = [edge.egress, edge.ingress];
      const isNamed = sides.some((s) => namesPorts(s.allowedBy) || namesPorts(s.deniedBy));
      byAllowed.set(edge.allowed, (slot = { named: isNamed, body: undefined, byPorts: new Map() }));
    }
    return slot;
  };
  const portsKeyOf = new Map<readonly ContainerPort[], string>();
  const portsKey = (ports: readonly ContainerPort[]): string => {
    let k = portsKeyOf.get(ports);
    if (k === undefined) portsKeyOf.set(ports, (k = ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`).join(',')));
    return k;
  };
  const bodyOf = (edge: ConnEdge, slot: Slot, destination: ConnSide): PathBody | null => {
    if (!slot.named) {
      if (slot.body === undefined) slot.body = pathOf(edge, null);
      return slot.body;
    }
    const dstPorts = destination.kind === 'workload' ? (portsOfWorkload.get(destination.key) ?? noPorts) : noPorts;
    const key = portsKey(dstPorts);
    let body = slot.byPorts.get(key);
    if (body === undefined) slot.byPorts.set(key, (body = pathOf(edge, dstPorts)));
    return body;
  };

  const sidesOfPeer: (readonly ConnSide[] | undefined)[] = [];
  const sidesAt = (index: number, peer: ConnPeer): readonly ConnSide[] => (sidesOfPeer[index] ??= sidesOf(peer));

  const paths: ConnPath[] = [];
  const { edges: only, edgeOfPath } = options;
  const pathsOf = (edge: ConnEdge, at: number): void => {
    const from = conn.peers[edge.from];
    const to = conn.peers[edge.to];
    if (!from || !to) return;
    const sources = sidesAt(edge.from, from);
    const targets = sidesAt(edge.to, to);
    const slot = slotOf(edge);
    // An end whose policy Cilium cannot compute: what the sides say is not what it enforces.
    const notComputed = from.notComputed === true || to.notComputed === true;
    for (const destination of targets) {
      const body = bodyOf(edge, slot, destination);
      if (body === null) continue;
      for (const source of sources) {
        edgeOfPath?.push(at);
        paths.push({
          source,
          destination,
          allowed: body.allowed,
          l7Filtered: body.l7Filtered,
          explicitDenied: body.explicitDenied,
          defaultDenied: body.defaultDenied,
          ...(body.authDenied !== undefined ? { authDenied: body.authDenied, authRules: body.authRules ?? [] } : {}),
          allowRules: body.allowRules,
          denyRules: body.denyRules,
          defaultDenyFrom: body.defaultDenyFrom,
          nearMisses: body.nearMisses,
          unenforced: body.unenforced,
          ...(notComputed ? { notComputed } : {}),
        });
      }
    }
  };
  conn.edges.forEach((edge, at) => {
    if (!conn.peers[edge.from] || !conn.peers[edge.to]) return;
    note(edge.from, 'egress', edge.egress, at);
    note(edge.to, 'ingress', edge.ingress, at);
    if (!only) pathsOf(edge, at);
  });
  if (only) for (const at of only) pathsOf(conn.edges[at] as ConnEdge, at);

  // A workload in several identities (pods with different labels) takes the latest edge's word.
  const enforcement = new Map<string, { ingress: boolean; egress: boolean; at: { ingress: number; egress: number } }>();
  const members = new Map<string, number>();
  const standsFor = options.standsFor;
  const workloadsOf = (peer: ConnPeer & { kind: 'identity' }, p: number): readonly string[] => {
    const list = standsFor?.get(p);
    if (list === undefined) return peer.workloads;
    members.set(peer.workloads[0] as string, list.length);
    return list.flatMap((q) => (conn.peers[q] as ConnPeer & { kind: 'identity' }).workloads);
  };
  conn.peers.forEach((peer, p) => {
    if (peer.kind !== 'identity') return;
    const workloads = workloadsOf(peer, p);
    for (const dir of ['egress', 'ingress'] as const) {
      const at = lastNoted[dir][p] as number;
      if (at < 0) continue;
      for (const key of workloads) {
        let e = enforcement.get(key);
        if (!e) enforcement.set(key, (e = { ingress: true, egress: true, at: { ingress: -1, egress: -1 } }));
        if (at > e.at[dir]) {
          e[dir] = enforced[dir][p] === 1;
          e.at[dir] = at;
        }
      }
    }
  });
  const list: WorkloadEnforcement[] = [...enforcement.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([workload, e]) => ({ workload, ingress: e.ingress, egress: e.egress }));
  return { paths, enforcement: list, ...(members.size > 0 ? { members } : {}) };
}
