/**
 * `l7-parser-conflict`: two allow items that apply to one endpoint put two L7 parsers (HTTP, DNS,
 * Kafka, a generic `l7proto`) on one port and protocol in one direction. Cilium cannot merge them,
 * "cannot merge conflicting L7 parsers" (pkg/policy/l4.go `L7ParserType.Merge`): the endpoint's
 * policy is not computed, its regeneration fails and it keeps the policy it had. Up to 1.17 any
 * two items on the port conflict, whatever their peers (one parser per L4 filter); from 1.18 only
 * items with a peer selector in common (one parser per selector). Which items conflict is
 * engine/l7Conflict.ts's (the engine notes it per query from the same list); this reports it at
 * load, once per pair of items, with the endpoints whose rules hold both.
 * @internal
 */
import { l7ParserConflicts, type L7ParserConflict } from '../../engine/l7Conflict.ts';
import type { Finding } from '../types.ts';
import { listText, policyOf, policyText, type LintContext, type RuleAt } from '../context.ts';

interface Pair {
  readonly conflict: L7ParserConflict;
  readonly ports: string[];
  readonly subjects: string[];
}

/**
 * The rule lists to ask l7ParserConflicts about, with the endpoints they stand for: each
 * identity's (the engine's own lists, so its cache serves both); without an inventory, the rules
 * with the same subject selector.
 */
function ruleLists(ctx: LintContext): { readonly rules: readonly number[]; readonly subject: string | null }[] {
  if (ctx.hasInventory) return Array.from({ length: ctx.identityCount }, (_, s) => ({ rules: ctx.rulesOf(s), subject: ctx.display(s) }));
  const bySubject = new Map<string, number[]>();
  for (const at of ctx.rules) {
    if (at.rule.subject.kind === 'nodes') continue;
    const key = JSON.stringify(at.rule.subject);
    const list = bySubject.get(key);
    if (list) list.push(at.index);
    else bySubject.set(key, [at.index]);
  }
  return [...bySubject.values()].map((rules) => ({ rules, subject: null }));
}

export function l7ParserConflict(ctx: LintContext): Finding[] {
  const pairs = new Map<string, Pair>();
  for (const { rules, subject } of ruleLists(ctx))
    for (const c of l7ParserConflicts(ctx.model, rules)) {
      const key = `${c.first.rule}|${c.first.ref.path}|${c.second.rule}|${c.second.ref.path}`;
      let p = pairs.get(key);
      if (p === undefined) pairs.set(key, (p = { conflict: c, ports: [], subjects: [] }));
      if (!p.ports.includes(c.port)) p.ports.push(c.port);
      if (subject !== null && !p.subjects.includes(subject)) p.subjects.push(subject);
    }
  const out: Finding[] = [];
  for (const { conflict: c, ports, subjects } of pairs.values()) {
    const at = ctx.rules[c.second.rule] as RuleAt;
    const first = ctx.rules[c.first.rule] as RuleAt;
    const who = subjects.length > 0 ? listText(subjects) : 'the endpoints both select';
    const item = (x: RuleAt, path: string, parser: string) => `${policyText(policyOf(x.rule))} ${path} (${parser})`;
    // Never the same parser: l7ParserConflicts pairs different ones only.
    const parsers = [c.first.parser, c.second.parser];
    const rule = c.perSelector
      ? `for a peer selector both name (Cilium ${c.version}: one L7 parser per port and peer selector, since 1.18)`
      : `(Cilium ${c.version}: one L7 parser per port, whatever the peers; from 1.18 one per port and peer selector)`;
    const sameItem = c.first.rule === c.second.rule && c.first.ref.path === c.second.ref.path;
    out.push(
      ctx.finding(
        at,
        'l7-parser-conflict',
        'error',
        c.second.ref.path,
        `${sameItem ? `${item(at, c.second.ref.path, parsers.join(', '))} puts` : `${item(first, c.first.ref.path, c.first.parser)} and ${item(at, c.second.ref.path, c.second.parser)} put`} two L7 parsers on ${listText(ports)} ${c.direction === 'ingress' ? 'into' : 'from'} ${who} ${rule}: Cilium cannot merge them ("cannot merge conflicting L7 parsers", pkg/policy/l4.go L7ParserType.Merge), so it cannot compute the policy of ${who}: its regeneration fails and it keeps the policy it had (a new endpoint has none)`,
        {
          fix: c.perSelector
            ? `use one kind of L7 rules (${parsers.join(' or ')}) on ${listText(ports)} for these peers, or give the items peer selectors of their own`
            : `use one kind of L7 rules (${parsers.join(' or ')}) on ${listText(ports)} for ${who}, or move one to another port`,
          related: first.policy === at.policy ? [] : [policyOf(first.rule)],
        },
      ),
    );
  }
  return out;
}
