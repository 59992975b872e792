/**
 * `named-port-unresolved`: a named port (`port: http`) is resolved on the destination pod's
 * container ports (ingress: the subject; egress: the peer) (A.9, C19). When no destination exposes
 * that name for the protocol, the port matches nothing.
 * @internal
 */
import type { ContainerPort } from '../../model/cluster.ts';
import type { PortProtocol } from '../../model/policy.ts';
import { resolveNamedPort } from '../../engine/l4Match.ts';
import { l4Protocols } from '../../engine/PortSet.ts';
import type { Finding } from '../types.ts';
import { listText, type LintContext } from '../context.ts';

function exposes(pp: PortProtocol, name: string, ports: readonly ContainerPort[]): boolean {
  const protos = pp.protocol === 'ANY' ? l4Protocols : l4Protocols.filter((p) => p === pp.protocol);
  return protos.some((p) => resolveNamedPort(name, p, ports).length > 0);
}

export function namedPortUnresolved(ctx: LintContext): Finding[] {
  if (!ctx.hasInventory) return [];
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    const subjects = ctx.subjects(at.index);
    for (const e of [...at.rule.ingress, ...at.rule.ingressDeny, ...at.rule.egress, ...at.rule.egressDeny]) {
      const named = e.ports.flatMap((pr) => pr.ports).filter((pp) => typeof pp.port === 'string');
      if (named.length === 0) continue;
      // Destinations: the subject for ingress; the pods the peers select for egress.
      const dests = e.direction === 'ingress' ? subjects : [...new Set(subjects.flatMap((s) => ctx.peersOf(at.rule, e, s)))].filter((i) => i < ctx.identityCount);
      if (e.direction === 'ingress' && dests.length === 0) continue; // selects-no-endpoint says it
      for (const pp of named) {
        const name = pp.port as string;
        if (dests.some((d) => exposes(pp, name, ctx.model.identityPorts[d] ?? []))) continue;
        const where = dests.length === 0 ? 'the peers of this item are not pods of the inventory (names resolve only on pods)' : `none of ${listText(dests.map((d) => ctx.display(d)))} has a container port named "${name}"${pp.protocol !== 'ANY' ? ` for ${pp.protocol}` : ''}`;
        out.push(ctx.finding(at, 'named-port-unresolved', 'warning', pp.path,
          `port "${name}" is resolved on the destination pod's container ports, and ${where}: this port matches no traffic${e.action === 'deny' ? ', so nothing is denied' : ', so nothing is allowed by it'}. Use the port number, or name a port the destination declares`,
          { fix: 'use the numeric port, or add the name to the destination containers\' ports' }));
      }
    }
  }
  return out;
}
