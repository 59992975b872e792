/**
 * `widened-by-other-policy`. Allow rules add up (B.5.4), so a policy that narrows who may reach a
 * pod does not keep anybody out on its own. Precisely, policy P is reported as widened by policy Q
 * on subject S in direction D when:
 * - P deliberately narrows: a rule of P selects S by pod labels (not just a namespace), and has an
 *   allow item in D whose peers are all endpoint selectors naming pod labels ("only from blog");
 *   the ports of those items (all ports for L3-only items) are P's ports of interest;
 * - Q (another policy) has an allow item in D selecting S that lets a peer j ≠ S through on some
 *   port of interest that P's own items do not allow j, and no deny rule removes it;
 * - j lies beyond the namespaces of P's narrowing peers (another namespace, or outside the
 *   cluster). Widening towards peers of those same namespaces is only reported with
 *   info unless `sameNamespaceWidening: false` (see LintOptions).
 * @internal
 */
import type { Direction, Entry, Peer, Policy } from '../../model/policy.ts';
import type { Selector } from '../../model/selector.ts';
import { CLUSTER_KEY, NAMESPACE_KEY, NAMESPACE_LABELS_PREFIX } from '../../cilium/scoping.ts';
import { emptyPortSet, formatPortSet, intersect, isEmpty, subtract, union, type PortSet } from '../../engine/PortSet.ts';
import type { Finding } from '../types.ts';
import { listText, listTextOfDistinct, policyOf, policyText, type LintContext, type RuleAt } from '../context.ts';

/** The selector names some label of the pod itself (not only its namespace or cluster). */
export function namesPodLabels(s: Selector): boolean {
  return s.requirements.some(
    (r) => r.source !== 'reserved' && r.key !== NAMESPACE_KEY && r.key !== CLUSTER_KEY && !r.key.startsWith(NAMESPACE_LABELS_PREFIX),
  );
}

const narrowingPeer = (p: Peer) => p.kind === 'endpoints' && namesPodLabels(p.scoping?.written ?? p.selector);
const isNarrowing = (e: Entry) => e.peers.kind === 'list' && e.peers.items.length > 0 && e.peers.items.every(narrowingPeer);

const EXAMPLES_SHOWN = 3;

function* firstOf<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let k = 0;
  for (const x of items) {
    yield x;
    if (++k >= n) return;
  }
}

interface Widening {
  readonly at: RuleAt;
  readonly dir: Direction;
  readonly narrowing: readonly Entry[];
  readonly by: Policy;
  readonly items: Set<string>;
  readonly examples: Map<string, PortSet>;
  crossing: boolean;
}

export function widened(ctx: LintContext): Finding[] {
  const found = new Map<string, Widening>();
  const policyOfRule = new Map(ctx.rules.map((r) => [r.index, r.policy]));
  for (const at of ctx.rules) {
    const subjectSel = at.rule.subject.scoping?.written ?? at.rule.subject.selector;
    if (at.rule.subject.kind !== 'endpoints' || !namesPodLabels(subjectSel)) continue;
    for (const dir of ['ingress', 'egress'] as const) {
      const narrowing = at.rule[dir].filter(isNarrowing);
      if (narrowing.length === 0) continue;
      for (const s of ctx.subjects(at.index)) {
        const dst = ctx.dstPorts(dir, s);
        const portsOf = (e: Entry) => ctx.ports.covered(e, dst);
        let interest = emptyPortSet;
        const ownNamespaces = new Set<string>();
        for (const e of narrowing) {
          interest = union(interest, portsOf(e));
          for (const j of ctx.peersOf(at.rule, e, s)) {
            const ns = ctx.parties[j]?.namespace;
            if (ns) ownNamespaces.add(ns);
          }
        }
        // What P itself allows S in this direction, per peer; and what deny rules remove.
        const mine = new Map<number, PortSet>();
        const denied = new Map<number, PortSet>();
        for (const ri of ctx.rulesOf(s)) {
          const r = ctx.model.rules[ri];
          if (!r) continue;
          const own = policyOfRule.get(ri) === at.policy;
          for (const e of own ? r[dir] : []) for (const j of ctx.peersOf(r, e, s)) mine.set(j, union(mine.get(j) ?? emptyPortSet, portsOf(e)));
          for (const e of r[`${dir}Deny`]) for (const j of ctx.peersOf(r, e, s)) denied.set(j, union(denied.get(j) ?? emptyPortSet, portsOf(e)));
        }
        for (const ri of ctx.rulesOf(s)) {
          const q = policyOfRule.get(ri);
          const r = ctx.model.rules[ri];
          if (!q || !r || q === at.policy) continue;
          for (const f of r[dir]) {
            const cand = intersect(portsOf(f), interest);
            if (isEmpty(cand)) continue;
            for (const j of ctx.peersOf(r, f, s)) {
              if (j === s) continue;
              const extra = subtract(subtract(cand, mine.get(j) ?? emptyPortSet), denied.get(j) ?? emptyPortSet);
              if (isEmpty(extra)) continue;
              const ns = ctx.parties[j]?.namespace ?? null;
              const crossing = ns === null || !ownNamespaces.has(ns);
              if (!crossing && ctx.options.sameNamespaceWidening === false) continue;
              const key = `${at.index}|${dir}|${q.key}`;
              const w = found.get(key) ?? { at, dir, narrowing, by: q, items: new Set<string>(), examples: new Map<string, PortSet>(), crossing: false };
              w.items.add(f.path);
              w.crossing ||= crossing;
              const ex = `${ctx.display(j)} → ${ctx.display(s)}`;
              w.examples.set(ex, union(w.examples.get(ex) ?? emptyPortSet, extra));
              found.set(key, w);
            }
          }
        }
      }
    }
  }
  // When no party name holds "→" or " on " (names never do: namespaces, workloads, addresses),
  // distinct example keys make distinct example texts ("<a> → <b> on <ports>"), so only the
  // examples the message shows need their ports formatted; listText only counts the others.
  const plainNames = found.size > 0 && ctx.parties.every((p) => !p.display.includes('→') && !p.display.includes(' on '));
  return [...found.values()].map((w) => {
    const me = policyText(policyOf(w.at.rule));
    const other = policyText(policyOf({ policy: w.by.ref }));
    const subjects = [...new Set([...w.examples.keys()].map((k) => k.split(' → ')[1] ?? ''))];
    const exampleText = ([k, p]: [string, PortSet]) => `${w.dir === 'ingress' ? k : k.split(' → ').reverse().join(' → ')} on ${formatPortSet(p)}`;
    const shown = plainNames
      ? listTextOfDistinct([...firstOf(w.examples.entries(), EXAMPLES_SHOWN)].map(exampleText), w.examples.size, EXAMPLES_SHOWN)
      : listText([...w.examples.entries()].map(exampleText), EXAMPLES_SHOWN);
    const deny = w.dir === 'ingress' ? 'an ingressDeny' : 'an egressDeny';
    return ctx.finding(
      w.at,
      'widened-by-other-policy',
      w.crossing ? 'warning' : 'info',
      w.narrowing[0]?.path ?? w.at.rule.path,
      `${me} narrows ${w.dir} of ${listText(subjects)} to specific peers, but allow rules add up: ${other} (${[...w.items].join(', ')}) selects the same endpoints and also allows ${shown}. Cilium enforces the union, so ${me} keeps nobody out. To make the restriction real, narrow ${other} so it does not select these endpoints (or does not allow those peers), or add ${deny} for the peers that must stay out (deny wins over any allow)`,
      { related: [policyOf({ policy: w.by.ref })], fix: `narrow ${other} or add ${deny}` },
    );
  });
}
