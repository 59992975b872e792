/**
 * L4 matching of an entry (semantics reference B.5.3): protocol, port, port ranges, named ports
 * resolved on the destination, ICMP types. Also the same thing as a PortSet for connectivity.
 * @internal
 */
import type { Cluster, ContainerPort } from '../model/cluster.ts';
import { isL3Only, type Direction, type Entry, type PortProtocol, type PortRule } from '../model/policy.ts';
import { allPortsOf, emptyPortSet, l4Protocols, portRange, union, type PortProto, type PortSet } from './PortSet.ts';
import type { EngineSettings, NearMissWhy } from './types.ts';

/** The L4 part of a flow: one concrete protocol; port null = every port (or ICMP type) of it. */
export interface FlowL4 {
  readonly proto: PortProto;
  readonly port: number | null;
  /** Set when the query named a port that could not be resolved on the destination. */
  readonly portName: string | null;
}

export type L4Match =
  | { readonly matched: true; readonly portPath: string | null; readonly portRules: readonly PortRule[] }
  | { readonly matched: false; readonly why: NearMissWhy; readonly text: string };

export function rangesEnforced(settings: EngineSettings): boolean {
  const [maj, min] = settings.ciliumVersion.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 16;
}

/**
 * Whether egress port names resolve against every pod of the cluster: Cilium ≤ 1.19
 * (`Endpoint.GetNamedPort(ingress=false)` reads the node-wide `NamedPortMultiMap`). Cilium 1.20
 * resolves them on the selected destinations (cilium/cilium#44429, #45760), as ingress always did.
 */
export function egressNamesClusterWide(settings: EngineSettings): boolean {
  const [maj, min] = settings.ciliumVersion.split('.').map(Number);
  return (maj ?? 1) === 1 && (min ?? 19) < 20;
}

export interface ClusterNamedPorts {
  /** Every name/protocol that the cluster's pods define with exactly one port number. */
  readonly unique: readonly ContainerPort[];
  /** `name/protocol` → the port numbers of a name defined with several (Cilium skips it). */
  readonly duplicates: ReadonlyMap<string, readonly number[]>;
}

const clusterNamedPortsCache = new WeakMap<Cluster, ClusterNamedPorts>();

/**
 * The cluster's named ports as Cilium ≤ 1.19 resolves egress port names
 * (pkg/policy/types/namedport.go `namedPortMultiMap.GetNamedPort`): the container ports of every
 * pod with its own IP (hostNetwork pods have none in the ipcache), and of workloads whose pods
 * were not loaded; a name/protocol with more than one number is ErrDuplicateNamedPorts.
 */
export function clusterNamedPorts(cluster: Cluster): ClusterNamedPorts {
  const hit = clusterNamedPortsCache.get(cluster);
  if (hit) return hit;
  const numbers = new Map<string, { name: string; protocol: ContainerPort['protocol']; ports: Set<number> }>();
  const add = (cp: ContainerPort) => {
    if (cp.name === null || cp.port === 0) return;
    const name = cp.name.toLowerCase();
    const key = `${name}/${cp.protocol}`;
    let e = numbers.get(key);
    if (!e) numbers.set(key, (e = { name, protocol: cp.protocol, ports: new Set() }));
    e.ports.add(cp.port);
  };
  const withPods = new Set<string>();
  for (const p of cluster.pods) {
    withPods.add(p.workload);
    if (!p.hostNetwork) p.ports.forEach(add);
  }
  for (const w of cluster.workloads) if (!withPods.has(w.key) && !w.hostNetwork) w.ports.forEach(add);
  const unique: ContainerPort[] = [];
  const duplicates = new Map<string, readonly number[]>();
  for (const [key, e] of numbers) {
    const ports = [...e.ports].sort((a, b) => a - b);
    if (ports.length === 1) unique.push({ name: e.name, port: ports[0] as number, protocol: e.protocol });
    else duplicates.set(key, ports);
  }
  const out = { unique, duplicates };
  clusterNamedPortsCache.set(cluster, out);
  return out;
}

/**
 * The container ports the port names of an entry resolve against: the destination's own for
 * ingress (and for egress from Cilium 1.20), the whole cluster's for egress up to Cilium 1.19.
 */
export function namedPortsFor(direction: Direction, dstPorts: readonly ContainerPort[], cluster: Cluster, settings: EngineSettings): readonly ContainerPort[] {
  return direction === 'egress' && egressNamesClusterWide(settings) ? clusterNamedPorts(cluster).unique : dstPorts;
}

/** Numbers a port name resolves to on the destination for a protocol (case-insensitive). */
export function resolveNamedPort(name: string, proto: PortProto, ports: readonly ContainerPort[]): number[] {
  const n = name.toLowerCase();
  return ports.filter((p) => p.name !== null && p.name.toLowerCase() === n && p.protocol === proto).map((p) => p.port);
}

function protoMatches(pp: PortProtocol, proto: PortProto): boolean {
  if (pp.protocol === 'ANY') return (l4Protocols as readonly string[]).includes(proto);
  return pp.protocol === proto;
}

/** The ports one PortProtocol covers for a protocol on a destination. */
export function portProtocolSet(pp: PortProtocol, proto: PortProto, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  if (!protoMatches(pp, proto)) return emptyPortSet;
  if (typeof pp.port === 'string') {
    let out = emptyPortSet;
    for (const n of resolveNamedPort(pp.port, proto, dstPorts)) out = union(out, portRange(proto, n));
    return out;
  }
  if (pp.port === 0) return allPortsOf([proto]);
  const end = pp.endPort !== null && pp.endPort > pp.port && rangesEnforced(settings) ? pp.endPort : pp.port;
  return portRange(proto, pp.port, end);
}

/**
 * ICMP type 0 (EchoReply) matches every ICMP type of its family: the type becomes the rule's L4
 * port (pkg/policy/api/icmp.go `ICMPField.PortProtocol`) and port 0 is the wildcard port
 * (cilium/cilium#41304, open in every release the engine knows).
 */
export function icmpTypeWildcard(i: { readonly type: number }): boolean {
  return i.type === 0;
}

export function entryL4Matches(entry: Entry, flow: FlowL4, dstPorts: readonly ContainerPort[], settings: EngineSettings): L4Match {
  if (isL3Only(entry)) return { matched: true, portPath: null, portRules: [] };
  if (entry.ports.length === 0 && entry.icmps.length === 0)
    return { matched: false, why: 'no-ports', text: `${entry.path} has icmps items that name no ICMP type: it matches no traffic (not all ports)` };
  if (flow.proto === 'ICMP' || flow.proto === 'ICMPv6') {
    const family = flow.proto === 'ICMP' ? 'IPv4' : 'IPv6';
    // Type 0 is port "0", i.e. every type of the family (icmpTypeWildcard).
    const hit = entry.icmps.find((i) => i.family === family && (icmpTypeWildcard(i) || (flow.port !== null && i.type === flow.port)));
    if (hit) return { matched: true, portPath: hit.path, portRules: [] };
    if (entry.icmps.length === 0)
      return { matched: false, why: 'icmp-needs-icmps', text: `${entry.path} has toPorts only; ICMP needs an icmps rule or an L3-only rule` };
    return { matched: false, why: 'wrong-port', text: `${entry.path} allows ICMP types ${entry.icmps.map((i) => `${i.type}/${i.family}`).join(', ')}` };
  }
  const matching: PortRule[] = [];
  let firstPath: string | null = null;
  let protoSeen = false;
  let namedUnresolved: string | null = null;
  for (const pr of entry.ports) {
    for (const pp of pr.ports) {
      if (!protoMatches(pp, flow.proto)) continue;
      protoSeen = true;
      let ok: boolean;
      if (flow.port === null) {
        ok = typeof pp.port === 'number' && (pp.port === 0 || (pp.port <= 1 && pp.endPort === 65535 && rangesEnforced(settings)));
      } else if (flow.portName !== null) {
        ok = typeof pp.port === 'string' ? pp.port.toLowerCase() === flow.portName.toLowerCase() : pp.port === 0;
      } else {
        const set = portProtocolSet(pp, flow.proto, dstPorts, settings);
        ok = set[flow.proto].some(([lo, hi]) => flow.port !== null && flow.port >= lo && flow.port <= hi);
        if (!ok && typeof pp.port === 'string' && resolveNamedPort(pp.port, flow.proto, dstPorts).length === 0) namedUnresolved = pp.port;
      }
      if (ok) {
        if (!matching.includes(pr)) matching.push(pr);
        firstPath ??= pp.path;
      }
    }
  }
  if (matching.length > 0) return { matched: true, portPath: firstPath, portRules: matching };
  if (entry.ports.length === 0)
    return { matched: false, why: 'wrong-protocol', text: `${entry.path} only has icmps rules` };
  if (!protoSeen) return { matched: false, why: 'wrong-protocol', text: `${entry.path} allows ${describePorts(entry)}, not ${flow.proto}` };
  if (namedUnresolved !== null)
    return { matched: false, why: 'named-port-unresolved', text: `${entry.path} names port "${namedUnresolved}", which the destination does not declare for ${flow.proto}` };
  return { matched: false, why: 'wrong-port', text: `${entry.path} allows ${describePorts(entry)}` };
}

export function describePorts(entry: Entry): string {
  const parts: string[] = [];
  for (const pr of entry.ports)
    for (const pp of pr.ports) {
      const port = pp.port === 0 ? 'all ports' : pp.endPort !== null && typeof pp.port === 'number' && pp.endPort > pp.port ? `${pp.port}-${pp.endPort}` : String(pp.port);
      parts.push(`${port}/${pp.protocol}`);
    }
  for (const i of entry.icmps) parts.push(`ICMP${i.family === 'IPv6' ? 'v6' : ''} type ${i.type}`);
  return parts.length === 0 ? 'all ports' : parts.join(', ');
}

/** Everything an entry's L4 part covers towards a destination (all ports for an L3-only entry). */
export function entryPortSet(entry: Entry, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  if (isL3Only(entry)) return allPortsOf(['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6']);
  let out = emptyPortSet;
  for (const pr of entry.ports)
    for (const pp of pr.ports) for (const proto of l4Protocols) out = union(out, portProtocolSet(pp, proto, dstPorts, settings));
  for (const i of entry.icmps) out = union(out, icmpTypeWildcard(i) ? allPortsOf([i.family === 'IPv4' ? 'ICMP' : 'ICMPv6']) : portRange(i.family === 'IPv4' ? 'ICMP' : 'ICMPv6', i.type));
  return out;
}

/** Ports an entry covers on which some PortRule carries L7 rules (and no plain PortRule covers). */
export function entryHasNamedPorts(entry: Entry): boolean {
  return entry.ports.some((pr) => pr.ports.some((pp) => typeof pp.port === 'string'));
}
