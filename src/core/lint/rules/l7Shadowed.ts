/**
 * `l7-shadowed`: L7 rules (HTTP, Kafka, DNS…) on a port are void for the peers that another
 * allow item (any policy selecting the same pod) lets through on the same port without L7 rules:
 * Cilium then lets every request through (B.5.5, C29).
 * @internal
 */
import type { Direction, Entry, Rule } from '../../model/policy.ts';
import { formatPortSet, intersect, isEmpty, union, emptyPortSet, type PortSet } from '../../engine/PortSet.ts';
import type { Finding } from '../types.ts';
import { listText, policyOf, policyText, type LintContext, type RuleAt } from '../context.ts';

interface Hit {
  readonly at: RuleAt;
  readonly entry: Entry;
  readonly by: Rule;
  readonly byEntry: Entry;
  peers: Set<string>;
  /** Peer lists whose names are in `peers`. */
  readonly seen: Set<readonly number[]>;
  ports: PortSet;
}

/**
 * `b.filter(j => a includes j)`, memoized per pair of lists: peersOf returns the same list for
 * the same entry, so the pairs repeat for every subject of a rule.
 */
function commonPeers(): (a: readonly number[], b: readonly number[]) => readonly number[] {
  const sets = new Map<readonly number[], Set<number>>();
  const memo = new Map<readonly number[], Map<readonly number[], readonly number[]>>();
  return (a, b) => {
    let m = memo.get(a);
    if (!m) memo.set(a, (m = new Map()));
    let out = m.get(b);
    if (!out) {
      let set = sets.get(a);
      if (!set) sets.set(a, (set = new Set(a)));
      const inA = set;
      m.set(b, (out = b.filter((j) => inA.has(j))));
    }
    return out;
  };
}

export function l7Shadowed(ctx: LintContext): Finding[] {
  const hits = new Map<string, Hit>();
  const common = commonPeers();
  for (const at of ctx.rules) {
    for (const dir of ['ingress', 'egress'] as const satisfies readonly Direction[]) {
      for (const e of at.rule[dir]) {
        if (!e.ports.some((pr) => pr.l7 !== null)) continue;
        for (const s of ctx.subjects(at.index)) {
          const dst = ctx.dstPorts(dir, s);
          const mine = ctx.ports.l7(e, dst);
          if (isEmpty(mine)) continue; // no overlap with anything
          const ePeers = ctx.peersOf(at.rule, e, s);
          if (ePeers.length === 0) continue;
          for (const ri of ctx.rulesOf(s)) {
            const other = ctx.model.rules[ri];
            if (!other) continue;
            for (const f of other[dir]) {
              if (f === e) continue;
              const overlap = intersect(mine, ctx.ports.plain(f, dst));
              if (isEmpty(overlap)) continue;
              const both = common(ePeers, ctx.peersOf(other, f, s));
              if (both.length === 0) continue;
              const key = `${at.index}|${e.path}|${ri}|${f.path}`;
              const h = hits.get(key) ?? { at, entry: e, by: other, byEntry: f, peers: new Set<string>(), seen: new Set(), ports: emptyPortSet };
              // Subjects mostly share their peer lists: the names of a list seen before are in already.
              if (!h.seen.has(both)) {
                h.seen.add(both);
                for (const j of both) h.peers.add(ctx.display(j));
              }
              h.ports = union(h.ports, overlap);
              hits.set(key, h);
            }
          }
        }
      }
    }
  }
  return [...hits.values()].map((h) => {
    const kinds = [...new Set(h.entry.ports.map((pr) => pr.l7?.kind).filter((k) => k !== undefined))];
    const isDns = kinds.length === 1 && kinds[0] === 'dns';
    const byText = `${policyText(policyOf(h.by))} ${h.byEntry.path}`;
    const effect = isDns
      ? 'lookups still go through the DNS proxy (toFQDNs keeps learning), but no query is refused'
      : 'Cilium lets every request through: an allow without L7 rules on the same port makes the L7 rules of the other item ineffective (allow rules add up)';
    return h.at.rule === h.by || policyText(policyOf(h.by)) === policyText(policyOf(h.at.rule))
      ? ctx.finding(h.at, 'l7-shadowed', isDns ? 'info' : 'warning', h.entry.path,
          `the ${kinds.join('/')} rules of this item are void for ${listText([...h.peers])} on ${formatPortSet(h.ports)}: ${h.byEntry.path} of the same policy allows that traffic without L7 rules, so ${effect}. Fix: add the same L7 rules to ${h.byEntry.path}, or narrow it so it does not cover ${formatPortSet(h.ports)}`)
      : ctx.finding(h.at, 'l7-shadowed', isDns ? 'info' : 'warning', h.entry.path,
          `the ${kinds.join('/')} rules of this item are void for ${listText([...h.peers])} on ${formatPortSet(h.ports)}: ${byText} allows that traffic without L7 rules, so ${effect}. Fix: add the same L7 rules to ${byText}, or narrow it so it does not cover ${formatPortSet(h.ports)}`,
          { related: [policyOf(h.by)] });
  });
}
