/**
 * `apiserver-service-port`: policy sees the kube-apiserver after the `kubernetes.default` Service
 * is DNAT'ed to its backends, usually on 6443, so a rule on port 443 to the kube-apiserver entity
 * never matches (B.8, C36). Also `toServices` on default/kubernetes, which Cilium's docs say not to use.
 * @internal
 */
import type { Entry } from '../../model/policy.ts';
import { entryPortSet } from '../../engine/l4Match.ts';
import { hasPort } from '../../engine/PortSet.ts';
import type { Finding } from '../types.ts';
import type { LintContext } from '../context.ts';

const namesApiserver = (e: Entry) =>
  e.peers.kind === 'list' && e.peers.items.some((p) => p.kind === 'entity' && p.entity === 'kube-apiserver');

export function apiserverPort(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    for (const e of [...at.rule.egress, ...at.rule.egressDeny]) {
      if (e.peers.kind === 'list')
        for (const p of e.peers.items)
          if (p.kind === 'service' && p.serviceName === 'kubernetes' && (p.namespace === 'default' || p.namespace === null))
            out.push(ctx.finding(at, 'apiserver-service-port', 'warning', p.path,
              'toServices on default/kubernetes does not select the kube-apiserver (the Service has no pod selector; its backends are node or external addresses): use "toEntities: [kube-apiserver]" with port 6443 (the backend port)',
              { fix: 'toEntities: [kube-apiserver] with toPorts port "6443" protocol TCP' }));
      if (!namesApiserver(e) || e.ports.length === 0) continue;
      const ports = entryPortSet(e, [], ctx.settings);
      if (!hasPort(ports, 'TCP', 443) || hasPort(ports, 'TCP', 6443)) continue;
      const pp = e.ports.flatMap((pr) => pr.ports).find((x) => x.port === 443 || x.port === '443');
      out.push(ctx.finding(at, 'apiserver-service-port', 'warning', pp?.path ?? e.path,
        `port 443 is the kubernetes Service port; Cilium applies policy after the Service is translated to the apiserver backends, which listen on 6443 (most distributions), so this item ${e.action === 'deny' ? 'denies' : 'allows'} nothing towards the kube-apiserver. Use port "6443" (check the endpoints of default/kubernetes for the real backend port)`,
        { fix: 'port: "6443"' }));
    }
  }
  return out;
}
