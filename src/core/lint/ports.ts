/**
 * Port sets of parts of an entry, for lint rules that compare entries.
 * @internal
 */
import type { ContainerPort } from '../model/cluster.ts';
import { isL3Only, type Entry, type PortRule } from '../model/policy.ts';
import { entryPortSet, portProtocolSet } from '../engine/l4Match.ts';
import { emptyPortSet, fullPortSet, l4Protocols, union, type PortSet } from '../engine/PortSet.ts';
import type { EngineSettings } from '../engine/types.ts';

export function portRulesSet(prs: readonly PortRule[], dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  let out = emptyPortSet;
  for (const pr of prs) for (const pp of pr.ports) for (const proto of l4Protocols) out = union(out, portProtocolSet(pp, proto, dstPorts, settings));
  return out;
}

/** Ports an allow entry lets through with no L7 filtering: all of them when it has no L4 part. */
export function plainPorts(e: Entry, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  if (isL3Only(e)) return fullPortSet;
  return portRulesSet(e.ports.filter((pr) => pr.l7 === null), dstPorts, settings);
}

/** Ports an entry's L7 rules apply to. */
export function l7Ports(e: Entry, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  return portRulesSet(e.ports.filter((pr) => pr.l7 !== null), dstPorts, settings);
}

/** No container ports: the destination of egress, where named ports resolve on the peer instead. */
export const NO_PORTS: readonly ContainerPort[] = [];

/**
 * The port sets above, memoized per (entry, destination ports): rules ask for them once per
 * subject, and subjects mostly share their entries and their port lists.
 */
export interface PortsMemo {
  /** What the entry lets through: all ports for an item without L4 part, else entryPortSet. */
  covered(e: Entry, dstPorts: readonly ContainerPort[]): PortSet;
  plain(e: Entry, dstPorts: readonly ContainerPort[]): PortSet;
  l7(e: Entry, dstPorts: readonly ContainerPort[]): PortSet;
}

export function portsMemo(settings: EngineSettings): PortsMemo {
  const memo = (f: (e: Entry, dst: readonly ContainerPort[]) => PortSet) => {
    const byEntry = new Map<Entry, Map<readonly ContainerPort[], PortSet>>();
    return (e: Entry, dst: readonly ContainerPort[]): PortSet => {
      let m = byEntry.get(e);
      if (!m) byEntry.set(e, (m = new Map()));
      let v = m.get(dst);
      if (!v) m.set(dst, (v = f(e, dst)));
      return v;
    };
  };
  return {
    covered: memo((e, dst) => (isL3Only(e) ? fullPortSet : entryPortSet(e, dst, settings))),
    plain: memo((e, dst) => plainPorts(e, dst, settings)),
    l7: memo((e, dst) => l7Ports(e, dst, settings)),
  };
}
