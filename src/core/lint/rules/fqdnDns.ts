/**
 * `fqdn-without-dns-rule`: toFQDNs learns addresses only from DNS answers seen by Cilium's DNS
 * proxy, which needs an egress rule with `rules.dns` on port 53 selecting the same pod (A.7.3, B.9,
 * C24). Without it (or when its patterns refuse the name) the FQDN rule never matches.
 * @internal
 */
import type { DnsRule, Peer } from '../../model/policy.ts';
import { formatFqdnSelector, matchesFqdnSelector } from '../../engine/fqdnMatch.ts';
import { dnsRulesFor } from '../../engine/subjects.ts';
import type { Finding } from '../types.ts';
import { listText, type LintContext } from '../context.ts';

/** A concrete name for a selector (pattern stars filled in) so DNS patterns can be tried on it. */
function sampleName(p: Extract<Peer, { kind: 'fqdn' }>): string {
  if (p.matchName !== null) return p.matchName;
  return (p.matchPattern ?? '').replace(/^\*\*+\./, 'x.x.').replace(/\*+/g, 'x');
}

const DNS_FIX =
  'add an egress item selecting the same pods: toEndpoints kube-system k8s-app=kube-dns, toPorts port "53" protocol ANY with rules.dns [{matchPattern: "*"}] (or patterns covering these names)';

export function fqdnWithoutDns(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const anyDns = ctx.model.rules.some((r) => r.egress.some((e) => e.ports.some((pr) => pr.l7?.kind === 'dns')));
  for (const at of ctx.rules) {
    for (const e of at.rule.egress) {
      if (e.peers.kind !== 'list') continue;
      const fqdns = e.peers.items.filter((p): p is Extract<Peer, { kind: 'fqdn' }> => p.kind === 'fqdn');
      if (fqdns.length === 0) continue;
      const subjects = ctx.subjects(at.index);
      if (subjects.length === 0) {
        if (!anyDns)
          out.push(ctx.finding(at, 'fqdn-without-dns-rule', 'warning', e.path,
            `no loaded policy has a DNS rule (rules.dns), so Cilium's DNS proxy never sees the answers for ${fqdns.map(formatFqdnSelector).join(', ')}: this toFQDNs item matches no address and the connections are dropped by egress default deny. Fix: ${DNS_FIX}`,
            { fix: DNS_FIX }));
        continue;
      }
      const noProxy: number[] = [];
      const refused = new Map<string, number[]>();
      for (const s of subjects) {
        const dns: readonly DnsRule[] = dnsRulesFor(ctx.model, ctx.rulesOf(s));
        if (dns.length === 0) {
          noProxy.push(s);
          continue;
        }
        for (const f of fqdns) {
          const name = sampleName(f);
          if (!dns.some((d) => matchesFqdnSelector(d, name, ctx.model.settings.ciliumVersion))) refused.set(formatFqdnSelector(f), [...(refused.get(formatFqdnSelector(f)) ?? []), s]);
        }
      }
      if (noProxy.length > 0)
        out.push(ctx.finding(at, 'fqdn-without-dns-rule', 'warning', e.path,
          `no policy selecting ${listText(noProxy.map((s) => ctx.display(s)))} has a DNS rule (rules.dns on port 53), so Cilium's DNS proxy never sees their lookups and learns no address for ${fqdns.map(formatFqdnSelector).join(', ')}: this item matches nothing and those connections are dropped (egress default deny). Fix: ${DNS_FIX}`,
          { fix: DNS_FIX }));
      for (const [sel, ss] of refused)
        out.push(ctx.finding(at, 'fqdn-without-dns-rule', 'warning', e.path,
          `the DNS rules selecting ${listText(ss.map((s) => ctx.display(s)))} do not allow lookups of ${sel}: the proxy answers REFUSED, no address is learned and this item never matches. Fix: add a rules.dns pattern covering ${sel}`,
          { fix: `add a rules.dns pattern covering ${sel}` }));
    }
  }
  return out;
}
