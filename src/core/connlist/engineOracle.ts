import type { Workload } from '../model/cluster.ts';
import { formatLabel } from '../model/labels.ts';
import type { EngineModel } from '../engine/compile.ts';
import { connectivity, type Connectivity } from '../engine/connectivity.ts';
import { decide } from '../engine/decide.ts';
import { parseIp } from '../net/cidr.ts';
import { emptyPortSet, l4Protocols, portRange, union, type PortProto, type PortSet } from '../engine/PortSet.ts';
import type { Endpoint } from '../engine/types.ts';
import { podIdentityLabels } from '../identity/podIdentity.ts';
import type { ConnlistOracle } from './connlist.ts';
import type { Ipv4Range } from './ipRanges.ts';
import { formatIpv4 } from './peer.ts';

/**
 * The connlist oracle: every verdict is the engine's. Pairs of Cilium identities, and
 * identities with outside ranges, come from `connectivity()` (evaluated per identity, fast on
 * big clusters). What the matrix does not hold is asked of `decide()` port interval by port
 * interval: pairs where neither end is a Cilium endpoint (hostNetwork pods, which are their
 * node, with each other or with outside ranges) and the hypothetical ingress controller pod.
 * @internal
 */

/** The unknown ingress controller of upstream: a label-less pod in its own namespace. */
export const INGRESS_CONTROLLER_NAMESPACE = 'ingress-controller-ns';

const MAX = 65535;

function ruleCuts(model: EngineModel): number[] {
  const cuts = new Set<number>([1]);
  for (const rule of model.rules) {
    for (const e of [...rule.ingress, ...rule.ingressDeny, ...rule.egress, ...rule.egressDeny]) {
      for (const pr of e.ports) {
        for (const pp of pr.ports) {
          if (typeof pp.port !== 'number' || pp.port === 0) continue;
          cuts.add(pp.port);
          // Ranges count when the engine enforces them; cutting at both ends is right either way.
          cuts.add(pp.port + 1);
          if (pp.endPort !== null) cuts.add(pp.endPort + 1);
        }
      }
    }
  }
  return [...cuts].filter((c) => c >= 1 && c <= MAX);
}

/**
 * `decide()` asked one port per elementary port interval — intervals cut at every port, range
 * end and destination container port any rule can name — since no rule can tell two ports of
 * the same interval apart.
 */
export function sampledOracle(model: EngineModel): ConnlistOracle {
  const baseCuts = ruleCuts(model);
  const cache = new Map<string, PortSet>();

  const portsOf = (from: Endpoint, to: Endpoint, dstPorts: readonly { port: number }[]): PortSet => {
    const cuts = new Set(baseCuts);
    for (const p of dstPorts) {
      cuts.add(p.port);
      if (p.port < MAX) cuts.add(p.port + 1);
    }
    const starts = [...cuts].sort((a, b) => a - b);
    let out = emptyPortSet;
    for (const proto of l4Protocols as readonly PortProto[]) {
      starts.forEach((lo, i) => {
        const hi = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : MAX;
        const d = decide(model, { from, to, port: lo, protocol: proto as 'TCP' | 'UDP' | 'SCTP' });
        if (d.verdict === 'allowed') out = union(out, portRange(proto, lo, hi));
      });
    }
    return out;
  };

  const endpointOf = (w: Workload): Endpoint => {
    if (w.hostNetwork) {
      // A hostNetwork pod is its node to Cilium (no identity of its own, no pod policy).
      const pod = model.cluster.pods.find((p) => p.workload === w.key);
      return { kind: 'node', name: pod?.nodeName ?? null, ip: pod?.hostIP ?? null, display: `${w.namespace}/${w.name}` };
    }
    const identity = model.identityTable.byWorkload.get(w.key)?.[0] ?? null;
    return { kind: 'endpoint', identity, labels: [], namespace: w.namespace, display: `${w.namespace}/${w.name}`, workload: w.key, ports: w.ports, ip: null, nodeName: null };
  };
  const sideKey = (w: Workload): string => {
    const e = endpointOf(w);
    return e.kind === 'endpoint' ? `id:${e.identity ?? w.key}` : `node:${w.key}`;
  };
  const portsKey = (w: Workload): string => w.ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`).join(',');
  const cached = (key: string, compute: () => PortSet): PortSet => {
    let v = cache.get(key);
    if (v === undefined) {
      v = compute();
      cache.set(key, v);
    }
    return v;
  };
  const outside = (r: Ipv4Range): Endpoint => ({ kind: 'ip', ip: formatIpv4(r.start), display: `${formatIpv4(r.start)}` });
  const controllerLabels = [
    ...podIdentityLabels({ namespace: INGRESS_CONTROLLER_NAMESPACE, podLabels: {}, namespaceLabels: {}, serviceAccount: 'default', clusterName: model.cluster.name }).values(),
  ].map(formatLabel);
  const controller: Endpoint = {
    kind: 'endpoint',
    identity: null,
    labels: controllerLabels,
    namespace: INGRESS_CONTROLLER_NAMESPACE,
    display: '{ingress-controller}',
    workload: null,
    ports: [],
    ip: null,
    nodeName: null,
  };

  return {
    betweenWorkloads: (src, dst) => cached(`w|${sideKey(src)}|${sideKey(dst)}|${portsKey(dst)}`, () => portsOf(endpointOf(src), endpointOf(dst), dst.ports)),
    fromOutside: (r, dst) => cached(`in|${r.start}|${sideKey(dst)}|${portsKey(dst)}`, () => portsOf(outside(r), endpointOf(dst), dst.ports)),
    toOutside: (src, r) => cached(`out|${sideKey(src)}|${r.start}`, () => portsOf(endpointOf(src), outside(r), [])),
    fromIngressController: (dst) => cached(`ic|${sideKey(dst)}|${portsKey(dst)}`, () => portsOf(controller, endpointOf(dst), dst.ports)),
  };
}

/** Finds the matrix peer of an IPv4 range: the engine's range that holds its first address. */
function rangeLookup(conn: Connectivity): (r: Ipv4Range) => number {
  const ranges: { lo: number; hi: number; index: number }[] = [];
  conn.peers.forEach((p, index) => {
    if (p.kind === 'range' && p.family === 4) {
      const lo = parseIp(p.start);
      const hi = parseIp(p.end);
      if (lo && hi) ranges.push({ lo: Number(lo.value), hi: Number(hi.value), index });
    }
  });
  return (r) => ranges.find((x) => x.lo <= r.start && r.start <= x.hi)?.index ?? -1;
}

export function engineOracle(model: EngineModel): ConnlistOracle {
  const conn = connectivity(model);
  const sampled = sampledOracle(model);
  const n = conn.peers.length;
  const edges = new Map<number, PortSet>();
  for (const e of conn.edges) edges.set(e.from * n + e.to, e.allowed);
  const identityIndex = new Map<string, number>();
  conn.peers.forEach((p, i) => {
    if (p.kind === 'identity') identityIndex.set(p.identity, i);
  });
  // A hostNetwork pod is its node; without the pods' placement the engine counts a node as remote.
  const remoteNode = conn.peers.findIndex((p) => p.kind === 'reserved' && p.entity === 'remote-node');
  const indexOf = (w: Workload): number => {
    if (w.hostNetwork) return remoteNode;
    const key = model.identityTable.byWorkload.get(w.key)?.[0];
    return key !== undefined ? (identityIndex.get(key) ?? -1) : -1;
  };
  const rangeIndex = rangeLookup(conn);
  const edge = (from: number, to: number): PortSet => edges.get(from * n + to) ?? emptyPortSet;
  const inMatrix = (i: number) => i >= 0;

  return {
    betweenWorkloads: (src, dst) => {
      const [s, d] = [indexOf(src), indexOf(dst)];
      if (src.hostNetwork && dst.hostNetwork) return sampled.betweenWorkloads(src, dst);
      return inMatrix(s) && inMatrix(d) ? edge(s, d) : sampled.betweenWorkloads(src, dst);
    },
    fromOutside: (r, dst) => {
      const [s, d] = [rangeIndex(r), indexOf(dst)];
      return !dst.hostNetwork && inMatrix(s) && inMatrix(d) ? edge(s, d) : sampled.fromOutside(r, dst);
    },
    toOutside: (src, r) => {
      const [s, d] = [indexOf(src), rangeIndex(r)];
      return !src.hostNetwork && inMatrix(s) && inMatrix(d) ? edge(s, d) : sampled.toOutside(src, r);
    },
    fromIngressController: (dst) => sampled.fromIngressController(dst),
  };
}
