/**
 * `cidr-covers-cluster`: a CIDR peer (toCIDR, toCIDRSet, fromCIDR…, NetworkPolicy ipBlock) whose
 * range holds pod or node addresses of the inventory. CIDR selectors never select pods (they have
 * label identities) and select nodes only with policy-cidr-match-mode=nodes (A.7.2, C21, C35,
 * cilium/cilium#19601), so the rule does not do what its range suggests for those addresses.
 * @internal
 */
import type { Peer } from '../../model/policy.ts';
import { cidrContainsIp, parseCidr, parseIp, type Cidr, type Ip } from '../../net/cidr.ts';
import type { Finding } from '../types.ts';
import { listText, type LintContext } from '../context.ts';

interface Addr {
  readonly ip: Ip;
  readonly text: string;
  readonly what: string;
}

function clusterAddresses(ctx: LintContext): { pods: Addr[]; nodes: Addr[] } {
  const pods: Addr[] = [];
  const nodes: Addr[] = [];
  const seen = new Set<string>();
  const add = (list: Addr[], text: string, what: string) => {
    const ip = parseIp(text);
    if (!ip || seen.has(text)) return;
    seen.add(text);
    list.push({ ip, text, what });
  };
  for (const n of ctx.cluster.nodes) for (const ip of n.ips) add(nodes, ip, `node ${n.name}`);
  for (const p of ctx.cluster.pods) {
    if (p.hostIP) add(nodes, p.hostIP, `node ${p.nodeName ?? p.hostIP}`);
    for (const ip of p.ips) add(p.hostNetwork ? nodes : pods, ip, p.hostNetwork ? `node ${p.nodeName ?? ip} (hostNetwork pod ${p.namespace}/${p.name})` : `pod ${p.namespace}/${p.name}`);
  }
  return { pods, nodes };
}

function ranges(ctx: LintContext, p: Peer): { cidr: Cidr; except: readonly Cidr[] }[] {
  if (p.kind === 'cidr') return [{ cidr: p.cidr, except: p.except }];
  if (p.kind === 'cidrGroup')
    return ctx.cluster.cidrGroups
      .filter((g) => p.ref !== null && g.name === p.ref)
      .flatMap((g) => g.cidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => c !== null).map((cidr) => ({ cidr, except: [] })));
  return [];
}

export function cidrCoversCluster(ctx: LintContext): Finding[] {
  const { pods, nodes } = clusterAddresses(ctx);
  if (pods.length === 0 && nodes.length === 0) return [];
  const nodesSelectable = ctx.settings.policyCidrMatchMode === 'nodes';
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    for (const e of [...at.rule.ingress, ...at.rule.ingressDeny, ...at.rule.egress, ...at.rule.egressDeny]) {
      if (e.peers.kind !== 'list') continue;
      for (const p of e.peers.items) {
        const rs = ranges(ctx, p);
        if (rs.length === 0) continue;
        const inside = (a: Addr) => rs.some((r) => cidrContainsIp(r.cidr, a.ip) && !r.except.some((x) => cidrContainsIp(x, a.ip)));
        const hitPods = pods.filter(inside);
        const hitNodes = nodesSelectable ? [] : nodes.filter(inside);
        if (hitPods.length === 0 && hitNodes.length === 0) continue;
        const text = rs.map((r) => r.cidr.text).join(', ');
        const whole = rs.every((r) => r.cidr.bits === 0);
        const verb = e.action === 'deny' ? 'deny' : 'allow';
        const parts: string[] = [];
        if (hitPods.length > 0) parts.push(`${hitPods.length} pod address(es) (${listText(hitPods.map((a) => `${a.text} ${a.what}`), 3)})`);
        if (hitNodes.length > 0) parts.push(`${hitNodes.length} node address(es) (${listText(hitNodes.map((a) => `${a.text} ${a.what}`), 3)})`);
        const podFix = e.direction === 'egress' ? 'toEndpoints' : 'fromEndpoints';
        const nodeFix = e.direction === 'egress' ? 'toEntities: [host, remote-node]' : 'fromEntities: [host, remote-node]';
        const fixes = [hitPods.length > 0 ? `use ${podFix} for pods` : null, hitNodes.length > 0 ? `use ${nodeFix} (or policy-cidr-match-mode=nodes) for nodes` : null].filter((x) => x !== null);
        out.push(
          ctx.finding(at, 'cidr-covers-cluster', whole ? 'info' : 'warning', p.path,
            `${text} covers ${parts.join(' and ')}, but CIDR rules never select pods${nodesSelectable ? '' : ' and select nodes only with policy-cidr-match-mode=nodes'}: this item does not ${verb} traffic ${e.direction === 'egress' ? 'to' : 'from'} those addresses${whole ? ' (unlike some other CNIs, where 0.0.0.0/0 includes pods)' : ''}. To ${verb} them, ${fixes.join('; ')}`,
            { fix: fixes.join('; ') }),
        );
      }
    }
  }
  return out;
}
