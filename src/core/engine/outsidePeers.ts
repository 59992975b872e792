/**
 * The outside world as policies see it: address ranges split at every CIDR edge any rule
 * names (like netpol-analyzer), the reserved identities policies refer to, and the DNS names
 * of toFQDNs selectors. Each becomes one peer of the connectivity matrix.
 * @internal
 */
import { apiserverBackends } from './apiserver.ts';
import type { EngineModel } from './compile.ts';
import { cidrEnd, formatIp, parseCidr, parseIp, type Cidr, type IpFamily } from '../net/cidr.ts';
import type { Entry, Peer } from '../model/policy.ts';
import { labelSet } from '../model/labels.ts';
import { reservedLabels } from '../identity/reserved.ts';
import type { Party } from './party.ts';
import { enforcedTierRules } from './tiers.ts';
import type { ReservedEntity } from './types.ts';

export type OutsidePeer =
  | { readonly kind: 'reserved'; readonly entity: ReservedEntity }
  | { readonly kind: 'range'; readonly family: IpFamily; readonly start: string; readonly end: string }
  | { readonly kind: 'fqdn'; readonly name: string };

/** Every entry that can decide a verdict: Cilium's rules and the enforced tier policies' (tiers.ts enforcedTierRules). */
function allEntries(model: EngineModel): Entry[] {
  return [...model.rules.flatMap((r) => [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny]), ...enforcedTierRules(model).map((r) => r.entry)];
}

function allPeers(model: EngineModel): Peer[] {
  return allEntries(model).flatMap((e) => (e.peers.kind === 'list' ? e.peers.items : []));
}

function cidrsOf(model: EngineModel, p: Peer): Cidr[] {
  if (p.kind === 'cidr') return [p.cidr, ...p.except];
  if (p.kind === 'cidrGroup')
    return model.cluster.cidrGroups
      .filter((g) => g.name === p.ref || p.ref === null)
      .flatMap((g) => g.cidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => c !== null))
      .concat(p.except);
  return [];
}

/**
 * Split points per family: the whole space cut at every CIDR start and end+1. The families are
 * those the cluster runs (EngineSettings.ipFamilies: a dual-stack cluster has IPv6 outside
 * addresses whether or not a policy names one) and those policies name.
 */
export function addressRanges(model: EngineModel): { family: IpFamily; lo: bigint; hi: bigint }[] {
  const cuts: Record<IpFamily, Set<bigint>> = { 4: new Set([0n]), 6: new Set([0n]) };
  const families = model.settings.ipFamilies ?? 'ipv4';
  let v4 = families !== 'ipv6';
  let v6 = families !== 'ipv4';
  for (const p of allPeers(model))
    for (const c of cidrsOf(model, p)) {
      if (c.family === 6) v6 = true;
      else v4 = true;
      cuts[c.family].add(c.base);
      cuts[c.family].add(cidrEnd(c) + 1n);
    }
  const out: { family: IpFamily; lo: bigint; hi: bigint }[] = [];
  for (const family of [...(v4 ? [4 as const] : []), ...(v6 ? [6 as const] : [])]) {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const pts = [...cuts[family]].filter((x) => x <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    pts.forEach((lo, i) => out.push({ family, lo, hi: i + 1 < pts.length ? (pts[i + 1] as bigint) - 1n : max }));
  }
  return out;
}

/** Reserved identities worth a node in the matrix: nodes and the apiserver always, others when named (as peers or as rule subjects). */
export function referencedReserved(model: EngineModel): ReservedEntity[] {
  const set = new Set<ReservedEntity>(['host', 'remote-node', 'kube-apiserver']);
  for (const r of model.rules)
    for (const q of r.subject.selector.requirements)
      if (q.source === 'reserved' && (q.key === 'health' || q.key === 'ingress' || q.key === 'init')) set.add(q.key);
  for (const p of allPeers(model)) {
    if (p.kind === 'entity' && (p.entity === 'health' || p.entity === 'ingress' || p.entity === 'init' || p.entity === 'unmanaged')) set.add(p.entity);
    if (p.kind === 'endpoints')
      for (const r of p.selector.requirements)
        if (r.source === 'reserved' && (r.key === 'health' || r.key === 'ingress' || r.key === 'init' || r.key === 'unmanaged')) set.add(r.key);
  }
  return [...set];
}

export function fqdnNames(model: EngineModel): string[] {
  const names = new Set<string>();
  for (const p of allPeers(model)) if (p.kind === 'fqdn') names.add((p.matchName ?? p.matchPattern ?? '').toLowerCase().replace(/\.$/, ''));
  return [...names].filter((n) => n !== '').sort();
}

/** A concrete name standing for a matchPattern (its stars filled in), so selectors can be tried on it. */
function representative(name: string): string {
  return name.replace(/^\*\*+\./, 'x.x.').replace(/\*+/g, 'x');
}

/**
 * The kube-apiserver as one peer of the matrix: where its first address from `default/kubernetes`
 * is (apiserver.ts), a remote node (workloads seldom run on control-plane nodes) or the world; the
 * bare kube-apiserver identity when its addresses are not loaded.
 */
function apiserverParty(model: EngineModel, base: Pick<Party, 'identity' | 'names' | 'ports' | 'namespace'>): Party {
  const display = 'entity:kube-apiserver';
  const b = apiserverBackends(model)[0];
  const ip = b ? parseIp(b.ip) : null;
  const range = ip ? { family: ip.family, lo: ip.value, hi: ip.value } : null;
  if (b === undefined) return { ...base, kind: 'reserved', display, labels: reservedLabels(['kube-apiserver']), reserved: ['kube-apiserver'], range: null, nodeName: null, nodeLabels: null };
  if (b.node === null)
    return { ...base, kind: 'outside', display, labels: reservedLabels(['world', 'kube-apiserver']), reserved: ['world', 'kube-apiserver'], range, nodeName: null, nodeLabels: null };
  const labels = model.nodes.get(b.node)?.labels ?? {};
  return { ...base, kind: 'reserved', display, labels: reservedLabels(['remote-node', 'kube-apiserver']), reserved: ['remote-node', 'kube-apiserver'], range, nodeName: b.node, nodeLabels: labels };
}

export function outsideParties(model: EngineModel): { peer: OutsidePeer; party: Party }[] {
  const out: { peer: OutsidePeer; party: Party }[] = [];
  const base = { identity: -1, names: [] as string[], ports: [], nodeName: null, namespace: null };
  for (const e of referencedReserved(model))
    out.push({
      peer: { kind: 'reserved', entity: e },
      party:
        e === 'kube-apiserver'
          ? apiserverParty(model, base)
          : { ...base, kind: 'reserved', display: `entity:${e}`, labels: reservedLabels([e]), reserved: [e], range: null, nodeLabels: e === 'host' || e === 'remote-node' ? {} : null },
    });
  for (const r of addressRanges(model)) {
    const start = formatIp({ family: r.family, value: r.lo });
    const end = formatIp({ family: r.family, value: r.hi });
    out.push({
      peer: { kind: 'range', family: r.family, start, end },
      party: { ...base, kind: 'outside', display: `${start}-${end}`, labels: reservedLabels(['world']), reserved: ['world'], range: r, nodeLabels: null },
    });
  }
  for (const name of fqdnNames(model))
    out.push({
      peer: { kind: 'fqdn', name },
      party: { ...base, kind: 'outside', display: `fqdn:${name}`, labels: labelSet([{ source: 'reserved', key: 'world', value: '' }]), reserved: ['world'], range: null, names: [representative(name)], nodeLabels: null },
    });
  return out;
}
