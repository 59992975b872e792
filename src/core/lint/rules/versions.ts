/**
 * `version-dependent`: fields whose meaning changed across Cilium releases (B.11), judged against
 * the configured version. fromRequires/toRequires (removed in 1.19) never reach the model: the
 * parser reports them (`requires-removed`, `requires-deprecated`) and lint does not repeat that.
 * @internal
 */
import { rangesEnforced } from '../../engine/l4Match.ts';
import type { Finding } from '../types.ts';
import type { LintContext } from '../context.ts';

function atLeast(version: string, minor: number): boolean {
  const [maj, min] = version.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= minor;
}

export function versionDependent(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const v = ctx.settings.ciliumVersion;
  for (const at of ctx.rules) {
    const { rule } = at;
    if (!atLeast(v, 16) && (rule.enableDefaultDeny.ingress !== null || rule.enableDefaultDeny.egress !== null))
      out.push(ctx.finding(at, 'version-dependent', 'warning', `${rule.path}.enableDefaultDeny`,
        `enableDefaultDeny was added in Cilium 1.16; Cilium ${v} ignores it, so this rule puts the pods it selects into default deny for every direction it has items in. Upgrade, or add allow items for what must stay open`));
    for (const e of [...rule.ingress, ...rule.ingressDeny, ...rule.egress, ...rule.egressDeny]) {
      if (!rangesEnforced(ctx.settings))
        for (const pp of e.ports.flatMap((pr) => pr.ports))
          if (typeof pp.port === 'number' && pp.endPort !== null && pp.endPort > pp.port)
            out.push(ctx.finding(at, 'version-dependent', 'warning', pp.path,
              `port ranges (endPort) are enforced from Cilium 1.16; Cilium ${v} matches port ${pp.port} only, so ports ${pp.port + 1}-${pp.endPort} are ${e.action === 'deny' ? 'not denied' : 'not allowed'}. Upgrade, or list the ports one by one`));
      if (rule.policy.kind === 'CiliumNetworkPolicy' && e.peers.kind === 'list')
        for (const p of e.peers.items)
          if (p.kind === 'endpoints' && (p.scoping?.written ?? p.selector).requirements.some((r) => r.key.startsWith('io.cilium.k8s.namespace.labels.')))
            out.push(ctx.finding(at, 'version-dependent', 'info', p.path,
              'a CiliumNetworkPolicy peer selecting by namespace labels: Cilium 1.19 matches pods of every namespace with those labels, while releases documented up to ~1.15 only matched pods of the policy\'s own namespace. To be explicit on every version, use a CiliumClusterwideNetworkPolicy or name the namespaces with io.kubernetes.pod.namespace'));
    }
  }
  return out;
}
