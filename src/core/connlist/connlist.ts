import type { Cluster, Service, Workload } from '../model/cluster.ts';
import type { Entry } from '../model/policy.ts';
import { intersect, isEmpty, l4Protocols, portRange, union, emptyPortSet, type PortSet } from '../engine/PortSet.ts';
import type { Connection, Connlist } from './format.ts';
import { externalRanges, type Ipv4Range } from './ipRanges.ts';
import type { IngressBackend } from './ingressObjects.ts';
import { peerName, workloadPeer, type ConnlistPeer } from './peer.ts';

/**
 * Builds netpol-analyzer's connection list for a loaded cluster: every ordered pair of
 * workloads, every outside range → workload and workload → outside range, and the ingress
 * controller → workloads behind Routes/Ingresses, each with the ports our engine allows.
 * The verdicts come from the oracle (the engine); this module only decides which pairs are
 * asked, how peers are named and which outside ranges exist.
 * @public
 */
export interface ConnlistOracle {
  /** Ports a workload's pods may open to another workload's pods (both sides' policies applied). */
  betweenWorkloads(src: Workload, dst: Workload): PortSet;
  /** Ports an outside address in `range` may open to the workload (its ingress policy). */
  fromOutside(range: Ipv4Range, dst: Workload): PortSet;
  /** Ports the workload may open to an outside address in `range` (its egress policy). */
  toOutside(src: Workload, range: Ipv4Range): PortSet;
  /** Ports the (unknown) ingress controller pod may open to the workload. */
  fromIngressController(dst: Workload): PortSet;
}

export interface ConnlistOptions {
  /** Keep only connections with a workload of this namespace at one end (and only its workloads in dot). */
  readonly namespace?: string;
  /** Routes/Ingresses whose backends the ingress controller reaches. */
  readonly ingressBackends?: readonly IngressBackend[];
  /** The enforced tier policies' rules (engine/tiers.ts enforcedTierRules): their networks cut the outside ranges too. */
  readonly tierEntries?: readonly Entry[];
}

const hasL4 = (ports: PortSet): boolean => l4Protocols.some((p) => ports[p].length > 0);

export function buildConnlist(cluster: Cluster, oracle: ConnlistOracle, options: ConnlistOptions = {}): Connlist {
  // One peer per name: the loader may list a workload twice (e.g. from two files).
  const byName = new Map<string, Workload>();
  for (const w of cluster.workloads) {
    const name = peerName(workloadPeer(w));
    if (!byName.has(name)) byName.set(name, w);
  }
  const workloads = [...byName.values()];
  const ns = options.namespace;
  const inScope = (w: Workload) => ns === undefined || w.namespace === ns;
  const connections: Connection[] = [];
  const add = (src: ConnlistPeer, dst: ConnlistPeer, conns: PortSet) => {
    if (hasL4(conns)) connections.push({ src, dst, conns });
  };

  // No pods, no connections (upstream prints nothing, even for outside ranges).
  if (workloads.length > 0) {
    const { sources, destinations } = externalRanges(cluster.policies, options.tierEntries);
    for (const src of workloads) {
      const srcPeer = workloadPeer(src);
      for (const dst of workloads) {
        // A workload talking to itself is never listed (upstream excludes self loops).
        if (src === dst || !(inScope(src) || inScope(dst))) continue;
        add(srcPeer, workloadPeer(dst), oracle.betweenWorkloads(src, dst));
      }
      if (!inScope(src)) continue;
      for (const r of destinations) add(srcPeer, { kind: 'external', start: r.start, end: r.end }, oracle.toOutside(src, r));
    }
    for (const dst of workloads) {
      if (!inScope(dst)) continue;
      for (const r of sources) add({ kind: 'external', start: r.start, end: r.end }, workloadPeer(dst), oracle.fromOutside(r, dst));
    }
    for (const [dst, routed] of ingressTargets(cluster, workloads, options.ingressBackends ?? [])) {
      if (inScope(dst)) add({ kind: 'ingress-controller' }, workloadPeer(dst), intersect(routed, oracle.fromIngressController(dst)));
    }
  }
  return { connections, workloads: workloads.filter(inScope).map(workloadPeer) };
}

const selects = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * The pod port a Service port reaches (`targetPort`, else `port`) for a Route/Ingress port
 * reference: a port name, a service port number, or a target port (upstream's
 * `getPeerAccessPort`); every service port when the reference is empty.
 */
export function accessPorts(service: Service, required: number | string | null): (number | string)[] {
  const out: (number | string)[] = [];
  for (const sp of service.ports) {
    const access = sp.targetPort ?? sp.port;
    if (required === null) out.push(access);
    else if ((typeof required === 'string' && sp.name === required) || sp.port === required || sp.targetPort === required) return [access];
  }
  return out;
}

/**
 * Workloads behind Routes/Ingresses with the TCP ports the controller forwards to: the
 * Service's pod ports that the workload actually exposes as TCP container ports (a named
 * port must resolve to a TCP container port).
 */
export function ingressTargets(cluster: Cluster, workloads: readonly Workload[], backends: readonly IngressBackend[]): Map<Workload, PortSet> {
  const out = new Map<Workload, PortSet>();
  for (const b of backends) {
    const service = cluster.services.find((s) => s.namespace === b.namespace && s.name === b.serviceName);
    // Services without a selector have no pods to route to (upstream ignores them).
    if (!service || service.selector === null) continue;
    const selector = service.selector;
    for (const w of workloads) {
      if (w.namespace !== b.namespace || !selects(selector, w.podLabels)) continue;
      let ports = out.get(w) ?? emptyPortSet;
      for (const access of accessPorts(service, b.port)) {
        const cp = typeof access === 'number' ? w.ports.find((p) => p.port === access && p.protocol === 'TCP') : w.ports.find((p) => p.name === access.toLowerCase() && p.protocol === 'TCP');
        if (cp) ports = union(ports, portRange('TCP', cp.port));
      }
      if (!isEmpty(ports)) out.set(w, ports);
    }
  }
  return out;
}
