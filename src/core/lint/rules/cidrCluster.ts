/**
 * `cidr-covers-cluster`: a CIDR peer (toCIDR, toCIDRSet, fromCIDR…, NetworkPolicy ipBlock) whose
 * range holds pod or node addresses of the inventory. CIDR selectors never select pods (they have
 * label identities) and select nodes only with policy-cidr-match-mode=nodes (A.7.2, C21, C35,
 * cilium/cilium#19601), so the rule does not do what its range suggests for those addresses.
 * @internal
 */
import type { Peer } from '../../model/policy.ts';
import { cidrEnd, parseCidr, prefixMask, parseIp, type Cidr, type Ip } from '../../net/cidr.ts';
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
    if (seen.has(text)) return; // checked first: a text in `seen` parsed
    const ip = parseIp(text);
    if (!ip) return;
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

/** Positions of a list of addresses sorted by family then value, to find those of a range by binary search. */
interface AddrIndex {
  readonly list: readonly Addr[];
  readonly sorted: readonly number[];
}

function addrIndex(list: readonly Addr[]): AddrIndex {
  const sorted = list.map((_, k) => k);
  const ip = (k: number) => (list[k] as Addr).ip;
  sorted.sort((x, y) => ip(x).family - ip(y).family || (ip(x).value < ip(y).value ? -1 : ip(x).value > ip(y).value ? 1 : x - y));
  return { list, sorted };
}

/** First position of `sorted` whose address is at or after (family, value). */
function lowerBound(ix: AddrIndex, family: number, value: bigint): number {
  let lo = 0;
  let hi = ix.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const ip = (ix.list[ix.sorted[mid] as number] as Addr).ip;
    if (ip.family < family || (ip.family === family && ip.value < value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A prefix as the bits to keep and the value they must have (cidrContainsIp with the mask computed once). */
interface Prefix {
  readonly family: number;
  readonly mask: bigint;
  readonly base: bigint;
}
const prefixOf = (c: Cidr): Prefix => ({ family: c.family, mask: prefixMask(c.family, c.bits), base: c.base });
const inPrefix = (p: Prefix, ip: Ip): boolean => p.family === ip.family && (ip.value & p.mask) === p.base;

/**
 * `list.filter(a => rs.some(r => a in r.cidr and in none of r.except))`: only the addresses
 * between the first and last address of each range are tried.
 */
function inside(ix: AddrIndex, rs: readonly { cidr: Cidr; except: readonly Cidr[] }[]): Addr[] {
  const hit = new Set<number>();
  for (const r of rs) {
    const end = cidrEnd(r.cidr);
    const prefix = prefixOf(r.cidr);
    const except = r.except.map(prefixOf);
    for (let k = lowerBound(ix, r.cidr.family, r.cidr.base); k < ix.sorted.length; k++) {
      const at = ix.sorted[k] as number;
      const a = ix.list[at] as Addr;
      if (a.ip.family !== r.cidr.family || a.ip.value > end) break;
      if (inPrefix(prefix, a.ip) && !except.some((x) => inPrefix(x, a.ip))) hit.add(at);
    }
  }
  return [...hit].sort((x, y) => x - y).map((k) => ix.list[k] as Addr);
}

/** Same ranges (policies repeat the same CIDRs), same addresses. */
function memoInside(ix: AddrIndex): (rs: readonly { cidr: Cidr; except: readonly Cidr[] }[]) => Addr[] {
  const memo = new Map<string, Addr[]>();
  const text = (c: Cidr) => `${c.family}/${c.base}/${c.bits}`;
  return (rs) => {
    const key = rs.map((r) => `${text(r.cidr)} except ${r.except.map(text).join(',')}`).join(';');
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = inside(ix, rs)));
    return hit;
  };
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
  const cidrPeer = (p: Peer) => p.kind === 'cidr' || p.kind === 'cidrGroup';
  const anyCidr = ctx.rules.some(({ rule: r }) => [r.ingress, r.ingressDeny, r.egress, r.egressDeny].some((es) => es.some((e) => e.peers.kind === 'list' && e.peers.items.some(cidrPeer))));
  if (!anyCidr) return []; // nothing to report: skip reading every address
  const { pods, nodes } = clusterAddresses(ctx);
  if (pods.length === 0 && nodes.length === 0) return [];
  const mode = ctx.settings.policyCidrMatchMode;
  const [maj, min] = ctx.settings.ciliumVersion.split('.').map(Number);
  const nodesSelectable = mode === 'nodes' || mode === 'nodes,pods';
  // policy-cidr-match-mode=pods, Cilium 1.20 (engine/peerMatch.ts cidrSelectsPod): pods are selected.
  const podsSelectable = (mode === 'pods' || mode === 'nodes,pods') && ((maj ?? 1) > 1 || (min ?? 19) >= 20);
  const podsInside = memoInside(addrIndex(pods));
  const nodesInside = memoInside(addrIndex(nodes));
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    for (const e of [...at.rule.ingress, ...at.rule.ingressDeny, ...at.rule.egress, ...at.rule.egressDeny]) {
      if (e.peers.kind !== 'list') continue;
      for (const p of e.peers.items) {
        const rs = ranges(ctx, p);
        if (rs.length === 0) continue;
        const hitPods = podsSelectable ? [] : podsInside(rs);
        const hitNodes = nodesSelectable ? [] : nodesInside(rs);
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
            `${text} covers ${parts.join(' and ')}, but CIDR rules ${podsSelectable ? 'select pods' : 'never select pods'}${nodesSelectable ? '' : ' and select nodes only with policy-cidr-match-mode=nodes'}: this item does not ${verb} traffic ${e.direction === 'egress' ? 'to' : 'from'} those addresses${whole ? ' (unlike some other CNIs, where 0.0.0.0/0 includes pods)' : ''}. To ${verb} them, ${fixes.join('; ')}`,
            { fix: fixes.join('; ') }),
        );
      }
    }
  }
  return out;
}
