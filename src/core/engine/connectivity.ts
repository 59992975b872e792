/**
 * connectivity(model): who can talk to whom on which ports, for every pair of identities and
 * every outside peer policies name (address ranges split at rule edges, reserved identities,
 * FQDNs). Evaluated per identity, with every peer selector evaluated once over all parties
 * (bitsets) and rules indexed by subject, so 5,000 workloads × 1,000 policies stays fast.
 * The semantics are those of decide() (B.6): deny > allow-localhost > union of allows > default deny.
 * @public
 */
import type { IdentityKey } from '../model/cluster.ts';
import type { Entry, Peer, Rule } from '../model/policy.ts';
import type { EngineModel } from './compile.ts';
import { buildLabelIndex, selectIndices } from './labelIndex.ts';
import { entryPortSet, entryHasNamedPorts } from './l4Match.ts';
import { outsideParties, type OutsidePeer } from './outsidePeers.ts';
import type { Party } from './party.ts';
import { podParty } from './parties.ts';
import { peerMatches, type MatchEnv } from './peerMatch.ts';
import { emptyPortSet, fullPortSet, intersect, isEmpty, subtract, union, type PortSet } from './PortSet.ts';
import { enablesDefaultDeny, isBareItem, ruleRef } from './side.ts';
import { dnsRulesFor, rulesInDirection, subjectOf } from './subjects.ts';
import type { RuleRef } from './types.ts';

export type ConnPeer =
  | { readonly kind: 'identity'; readonly identity: IdentityKey; readonly namespace: string | null; readonly workloads: readonly string[] }
  | OutsidePeer;

/** How one side (egress of the source, ingress of the destination) treats a pair. */
export interface ConnSide {
  /** `open`: not enforced (no policy, not a Cilium endpoint, enforcement never); `allow-any`: enforced without default deny. */
  readonly mode: 'not-applicable' | 'open' | 'allow-any' | 'localhost' | 'policy';
  readonly allowed: PortSet;
  /** Allow entries that contributed ports. */
  readonly allowedBy: readonly RuleRef[];
  /** Deny entries that removed ports. */
  readonly deniedBy: readonly RuleRef[];
}

export interface ConnEdge {
  readonly from: number;
  readonly to: number;
  /** Ports allowed end to end (egress ∩ ingress). Empty only when `includeDenied` asked for it. */
  readonly allowed: PortSet;
  readonly egress: ConnSide;
  readonly ingress: ConnSide;
}

export interface Connectivity {
  readonly peers: readonly ConnPeer[];
  readonly edges: readonly ConnEdge[];
  /** True when `maxEdges` stopped the computation. */
  readonly truncated: boolean;
}

export interface ConnectivityOptions {
  /** Also list pairs where nothing is allowed but a deny rule matched. Default false. */
  readonly includeDenied?: boolean;
  /** Stop after this many edges (a policy-less cluster of n identities has n² edges). Default 5,000,000. */
  readonly maxEdges?: number;
  /** Leave out outside peers (ranges, FQDNs, reserved identities). */
  readonly identitiesOnly?: boolean;
}

type Bits = Uint32Array;
const has = (b: Bits, i: number): boolean => ((b[i >>> 5] as number) & (1 << (i & 31))) !== 0;
const set = (b: Bits, i: number): void => {
  b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
};

interface CEntry {
  readonly ref: RuleRef;
  readonly entry: Entry;
  readonly peers: Bits;
  /** Ports when they do not depend on the destination (no named ports). */
  readonly fixedPorts: PortSet | null;
}

interface Profile {
  readonly mode: 'not-applicable' | 'open' | 'allow-any' | 'policy';
  readonly allows: readonly CEntry[];
  readonly denies: readonly CEntry[];
  /** Union of the allow entries' peer sets (the only candidates when mode is `policy`). */
  readonly reach: Bits | null;
}

function peerKey(p: Peer): string {
  const { path: _path, ...rest } = p as Peer & { scoping?: unknown };
  void _path;
  return JSON.stringify({ ...rest, scoping: undefined }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function connectivity(model: EngineModel, options: ConnectivityOptions = {}): Connectivity {
  const maxEdges = options.maxEdges ?? 5_000_000;
  const parties: Party[] = model.identities.map((id, i) => podParty(model, i, id.workloads[0] ?? id.key, null, null));
  const peers: ConnPeer[] = model.identities.map((id) => ({ kind: 'identity', identity: id.key, namespace: id.namespace, workloads: id.workloads }));
  if (!options.identitiesOnly)
    for (const o of outsideParties(model)) {
      parties.push(o.party);
      peers.push(o.peer);
    }
  const n = parties.length;
  const words = (n + 31) >>> 5;
  const index = buildLabelIndex(parties.map((p) => p.labels));
  const labelSets = parties.map((p) => p.labels);
  const baseEnv: Omit<MatchEnv, 'dnsRules'> = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services };

  // Peer selector → parties it selects, evaluated once per distinct selector (and DNS context for FQDNs).
  const peerCache = new Map<string, Bits>();
  const peerBits = (p: Peer, dnsKey: string, env: MatchEnv): Bits => {
    const key = p.kind === 'fqdn' ? `${peerKey(p)}|${dnsKey}` : peerKey(p);
    const hit = peerCache.get(key);
    if (hit) return hit;
    const bits = new Uint32Array(words);
    if (p.kind === 'endpoints') for (const i of selectIndices(index, labelSets, p.selector)) set(bits, i);
    else for (let i = 0; i < n; i++) if (peerMatches(p, parties[i] as Party, env).matched) set(bits, i);
    peerCache.set(key, bits);
    return bits;
  };
  const all = new Uint32Array(words).fill(0xffffffff);

  const entryCache = new Map<string, CEntry>();
  const compileEntry = (rule: Rule, e: Entry, dnsKey: string, env: MatchEnv): CEntry => {
    const hasFqdn = e.peers.kind === 'list' && e.peers.items.some((p) => p.kind === 'fqdn');
    const key = `${rule.policy.kind}/${rule.policy.namespace ?? ''}/${rule.policy.name}/${e.path}${hasFqdn ? `|${dnsKey}` : ''}`;
    const hit = entryCache.get(key);
    if (hit) return hit;
    let bits: Bits;
    if (isBareItem(e) || e.peers.kind === 'none') bits = new Uint32Array(words);
    else if (e.peers.kind === 'wildcard') bits = all;
    else if (e.peers.items.length === 1) bits = peerBits(e.peers.items[0] as Peer, dnsKey, env);
    else {
      bits = new Uint32Array(words);
      for (const p of e.peers.items) {
        const b = peerBits(p, dnsKey, env);
        for (let w = 0; w < words; w++) bits[w] = (bits[w] as number) | (b[w] as number);
      }
    }
    const c: CEntry = { ref: ruleRef(rule, e.path), entry: e, peers: bits, fixedPorts: entryHasNamedPorts(e) ? null : entryPortSet(e, [], model.settings) };
    entryCache.set(key, c);
    return c;
  };

  const profile = (p: Party, dir: 'ingress' | 'egress'): Profile => {
    const s = subjectOf(model, p);
    if (!s.managed) return { mode: 'not-applicable', allows: [], denies: [], reach: null };
    const mode = model.settings.enforcementMode;
    if (mode === 'never') return { mode: 'open', allows: [], denies: [], reach: null };
    const ri = rulesInDirection(model, s.rules, dir);
    if (ri.length === 0 && mode === 'default') return { mode: 'open', allows: [], denies: [], reach: null };
    const rules = ri.map((i) => model.rules[i] as Rule);
    const dns = dir === 'egress' ? dnsRulesFor(model, s.rules) : [];
    const dnsKey = dns.map((d) => `${d.matchName ?? ''}~${d.matchPattern ?? ''}`).join(',');
    const env: MatchEnv = { ...baseEnv, dnsRules: dns };
    const allows = rules.flatMap((r) => (dir === 'ingress' ? r.ingress : r.egress).filter((e) => !isBareItem(e)).map((e) => compileEntry(r, e, dnsKey, env)));
    const denies = rules.flatMap((r) => (dir === 'ingress' ? r.ingressDeny : r.egressDeny).filter((e) => !isBareItem(e)).map((e) => compileEntry(r, e, dnsKey, env)));
    const defaultDeny = mode === 'always' || rules.some((r) => enablesDefaultDeny(model, r, dir));
    let reach: Bits | null = null;
    if (defaultDeny) {
      reach = new Uint32Array(words);
      for (const a of allows) for (let w = 0; w < words; w++) reach[w] = (reach[w] as number) | (a.peers[w] as number);
    }
    return { mode: defaultDeny ? 'policy' : 'allow-any', allows, denies, reach };
  };

  const egressProfiles = parties.map((p) => profile(p, 'egress'));
  const ingressProfiles = parties.map((p) => profile(p, 'ingress'));
  const localhostAllowed = model.settings.allowLocalhost === 'always';

  // Interning keeps memory flat: pairs with the same entries share one ConnSide object.
  const profileSides = new Map<Profile, Map<string, ConnSide>>();
  const openSide: ConnSide = { mode: 'open', allowed: fullPortSet, allowedBy: [], deniedBy: [] };
  const naSide: ConnSide = { mode: 'not-applicable', allowed: fullPortSet, allowedBy: [], deniedBy: [] };
  const evalSide = (prof: Profile, peer: number, dst: Party, localhost: boolean): ConnSide => {
    if (prof.mode === 'not-applicable') return naSide;
    if (prof.mode === 'open') return openSide;
    const allowIdx: number[] = [];
    const denyIdx: number[] = [];
    prof.allows.forEach((a, i) => {
      if (has(a.peers, peer)) allowIdx.push(i);
    });
    prof.denies.forEach((d, i) => {
      if (has(d.peers, peer)) denyIdx.push(i);
    });
    const named = [...allowIdx.map((i) => prof.allows[i] as CEntry), ...denyIdx.map((i) => prof.denies[i] as CEntry)].some((c) => c.fixedPorts === null);
    const mode: ConnSide['mode'] = localhost ? 'localhost' : prof.mode;
    const key = `${mode}|${allowIdx.join(',')}|${denyIdx.join(',')}|${named ? dst.identity : ''}`;
    let cache = profileSides.get(prof);
    if (!cache) profileSides.set(prof, (cache = new Map()));
    const hit = cache.get(key);
    if (hit) return hit;
    const ports = (c: CEntry) => c.fixedPorts ?? entryPortSet(c.entry, dst.ports, model.settings);
    let allowed = mode === 'policy' ? emptyPortSet : fullPortSet;
    const allowedBy: RuleRef[] = [];
    if (mode === 'policy')
      for (const i of allowIdx) {
        const c = prof.allows[i] as CEntry;
        const p = ports(c);
        if (!isEmpty(p)) {
          allowed = union(allowed, p);
          allowedBy.push(c.ref);
        }
      }
    const deniedBy: RuleRef[] = [];
    for (const i of denyIdx) {
      const c = prof.denies[i] as CEntry;
      const p = ports(c);
      if (!isEmpty(intersect(allowed, p))) deniedBy.push(c.ref);
      allowed = subtract(allowed, p);
    }
    const side: ConnSide = { mode, allowed, allowedBy, deniedBy };
    cache.set(key, side);
    return side;
  };

  const edges: ConnEdge[] = [];
  let truncated = false;
  outer: for (let s = 0; s < n; s++) {
    const ep = egressProfiles[s] as Profile;
    const src = parties[s] as Party;
    const srcIsHost = src.reserved.includes('host');
    for (let d = 0; d < n; d++) {
      if (d === s && src.kind !== 'pod') continue;
      if (ep.reach !== null && !has(ep.reach, d) && !options.includeDenied) continue;
      const ip = ingressProfiles[d] as Profile;
      const dst = parties[d] as Party;
      if (ep.mode === 'not-applicable' && ip.mode === 'not-applicable') continue; // outside ↔ outside
      const localhost = srcIsHost && localhostAllowed && dst.kind === 'pod';
      if (ip.reach !== null && !has(ip.reach, s) && !localhost && !options.includeDenied) continue;
      const egress = evalSide(ep, d, dst, false);
      if (isEmpty(egress.allowed) && !(options.includeDenied && egress.deniedBy.length > 0)) continue;
      const ingress = evalSide(ip, s, dst, localhost);
      const allowed = intersect(egress.allowed, ingress.allowed);
      if (isEmpty(allowed) && !(options.includeDenied && (egress.deniedBy.length > 0 || ingress.deniedBy.length > 0))) continue;
      edges.push({ from: s, to: d, allowed, egress, ingress });
      if (edges.length >= maxEdges) {
        truncated = true;
        break outer;
      }
    }
  }
  return { peers, edges, truncated };
}

/** The denied remainder of an edge: every (protocol, port) not allowed. */
export function deniedPorts(edge: ConnEdge): PortSet {
  return subtract(fullPortSet, edge.allowed);
}

/** Index of an identity's peer in the matrix, or -1. */
export function peerIndexOfIdentity(conn: Connectivity, key: IdentityKey): number {
  return conn.peers.findIndex((p) => p.kind === 'identity' && p.identity === key);
}

