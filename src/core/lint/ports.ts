/**
 * Port sets of parts of an entry, for lint rules that compare entries.
 * @internal
 */
import type { ContainerPort } from '../model/cluster.ts';
import type { Entry, PortRule } from '../model/policy.ts';
import { portProtocolSet } from '../engine/l4Match.ts';
import { emptyPortSet, fullPortSet, l4Protocols, union, type PortSet } from '../engine/PortSet.ts';
import type { EngineSettings } from '../engine/types.ts';

export function portRulesSet(prs: readonly PortRule[], dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  let out = emptyPortSet;
  for (const pr of prs) for (const pp of pr.ports) for (const proto of l4Protocols) out = union(out, portProtocolSet(pp, proto, dstPorts, settings));
  return out;
}

/** Ports an allow entry lets through with no L7 filtering: all of them when it has no L4 part. */
export function plainPorts(e: Entry, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  if (e.ports.length === 0 && e.icmps.length === 0) return fullPortSet;
  return portRulesSet(e.ports.filter((pr) => pr.l7 === null), dstPorts, settings);
}

/** Ports an entry's L7 rules apply to. */
export function l7Ports(e: Entry, dstPorts: readonly ContainerPort[], settings: EngineSettings): PortSet {
  return portRulesSet(e.ports.filter((pr) => pr.l7 !== null), dstPorts, settings);
}
