/**
 * Legacy `fromRequires`/`toRequires` (Cilium ≤ 1.18; semantics reference B.5.6). Cilium's
 * `resolveL4IngressPolicy`/`resolveL4EgressPolicy` gather the requirements of every rule that
 * selects the endpoint (allow items and deny items apart) and append them to the
 * `MatchExpressions` of each `fromEndpoints`/`toEndpoints` selector of those rules
 * (`GetSourceEndpointSelectorsWithRequirements`); entities, CIDRs, FQDNs and services are left as
 * they are. From 1.19 the parser rejects the fields, so entries never carry them.
 * @internal
 */
import type { Action, Direction, Entry, Peer, Rule } from '../model/policy.ts';
import type { Requirement } from '../model/selector.ts';

/** The requirements the rules selecting one subject impose on `action` entries of `dir`. */
export function requirementsOf(rules: readonly Rule[], dir: Direction, action: Action): Requirement[] {
  const out: Requirement[] = [];
  for (const r of rules) {
    const entries = dir === 'ingress' ? (action === 'allow' ? r.ingress : r.ingressDeny) : action === 'allow' ? r.egress : r.egressDeny;
    for (const e of entries) for (const s of e.requires ?? []) out.push(...s.requirements);
  }
  return out;
}

export function requirementsKey(reqs: readonly Requirement[]): string {
  return reqs.length === 0 ? '' : JSON.stringify(reqs);
}

const memo = new WeakMap<Entry, Map<string, Entry>>();

/** `e` with `reqs` ANDed into each endpoint peer selector (the same entry when nothing changes). */
export function withRequires(e: Entry, reqs: readonly Requirement[]): Entry {
  if (reqs.length === 0 || e.peers.kind !== 'list' || !e.peers.items.some((p) => p.kind === 'endpoints')) return e;
  const key = requirementsKey(reqs);
  let m = memo.get(e);
  if (!m) memo.set(e, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit;
  const items: Peer[] = e.peers.items.map((p) => (p.kind === 'endpoints' ? { ...p, selector: { requirements: [...p.selector.requirements, ...reqs] } } : p));
  const out: Entry = { ...e, peers: { kind: 'list', items } };
  m.set(key, out);
  return out;
}
