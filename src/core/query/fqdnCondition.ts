/**
 * A path query to a DNS name no loaded flow saw, denied because the source's own DNS traffic does
 * not let Cilium learn the name's addresses (near miss `fqdn-no-dns-rule`), while a toFQDNs rule
 * of the source matches the name: the verdict is not firm. Cilium's DNS proxy labels the addresses
 * in a DNS answer with the toFQDNs selectors matching the name, in the agent's ipcache, which all
 * endpoints of the node share (semantics reference A.7.3: "learned IPs are shared node-wide per
 * name"; cilium/cilium CFP-28427, 1.16: IPs are labelled by the FQDN selectors that return them).
 * So once a pod of the same node whose DNS rule (`toPorts.rules.dns` on port 53) allows the lookup
 * resolves the name through the proxy, the toFQDNs rule allows the source too. The condition says
 * which toFQDNs rule, which DNS rules and which pods. No such pod: the verdict stays firm.
 * Another pod's lookup counts only if the proxy sees it: its DNS rule's item must reach the
 * cluster's resolver, the test the source's own DNS rules pass (engine/subjects.ts lookupsSeen).
 * The name manager is one per agent (cilium/cilium pkg/fqdn/namemanager/manager.go: one DNSCache
 * and every FQDN selector of every policy), fed by UpdateOnDNSMsg
 * (pkg/fqdn/messagehandler/message_handler.go) with each response the proxy relays, whichever
 * endpoint asked; the proxy relays only the lookups redirected to it. When only such unseen DNS
 * rules allow the lookup, a note says so and the verdict stays firm.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { formatFqdnSelector, matchesFqdnSelector } from '../engine/fqdnMatch.ts';
import { formatRuleRef, ruleRef } from '../engine/side.ts';
import { lookupsSeen } from '../engine/subjects.ts';
import { dnsResolverReach } from '../engine/dnsResolvers.ts';
import type { Decision, DecisionCondition, Query, RuleRef } from '../engine/types.ts';

/** How many pods the condition names (the rest are counted). */
const NAMED_PODS = 3;

interface Learning {
  readonly condition: DecisionCondition | null;
  /** Why no pod's lookup teaches the name, when only DNS rules the proxy never sees allow it. */
  readonly note: string | null;
}
const NONE: Learning = { condition: null, note: null };

export function fqdnCondition(model: EngineModel, query: Query, decision: Decision): Learning {
  const to = query.to;
  if (to.kind !== 'fqdn' || to.ip !== null || decision.verdict !== 'denied' || decision.egress.reason !== 'default-deny') return NONE;
  const misses = decision.egress.nearMisses.filter((n) => n.why === 'fqdn-no-dns-rule');
  if (misses.length === 0) return NONE;
  const v = model.settings.ciliumVersion;
  const name = to.name.toLowerCase().replace(/\.$/, '');
  // The toFQDNs selector of the first such item (the near miss names its entry).
  let allow: { rule: RuleRef; selector: string; peerPath: string } | null = null;
  for (const m of misses) {
    for (const r of model.rules) {
      if (r.policy.kind !== m.rule.kind || r.policy.name !== m.rule.name || r.policy.namespace !== m.rule.namespace) continue;
      const e = r.egress.find((x) => x.path === m.rule.path);
      const peer = e?.peers.kind === 'list' ? e.peers.items.find((p) => p.kind === 'fqdn' && matchesFqdnSelector(p, name, v)) : undefined;
      if (peer?.kind === 'fqdn') allow = { rule: m.rule, selector: formatFqdnSelector(peer), peerPath: peer.path };
      if (allow) break;
    }
    if (allow) break;
  }
  if (allow === null) return NONE;

  // The DNS rules allowing the lookup whose lookups the proxy sees, per identity whose egress rules
  // carry them; those on items reaching no resolver apart (`unseen`, with the resolvers).
  const dnsByIdentity = new Map<number, { rule: RuleRef; selector: string }[]>();
  const unseen = new Map<string, RuleRef>();
  let resolvers: readonly string[] = [];
  model.subjectRules.forEach((rules, idx) => {
    const found: { rule: RuleRef; selector: string }[] = [];
    for (const ri of rules) {
      const r = model.rules[ri];
      if (!r || r.subject.kind !== 'endpoints') continue;
      for (const e of r.egress)
        for (const pr of e.ports) {
          const seen = lookupsSeen(model, e.peers, pr);
          if (seen === null || pr.l7?.kind !== 'dns') continue;
          pr.l7.rules.forEach((d, i) => {
            if (!matchesFqdnSelector(d, name, v)) return;
            const rule = ruleRef(r, `${pr.path}.rules.dns[${i}]`);
            if (seen) found.push({ rule, selector: formatFqdnSelector(d) });
            else {
              unseen.set(formatRuleRef(rule), rule);
              resolvers = dnsResolverReach(model, e.peers).resolvers;
            }
          });
        }
    }
    if (found.length > 0) dnsByIdentity.set(idx, found);
  });
  const refs = [...unseen.keys()].sort();
  const unseenText =
    refs.length === 0
      ? ''
      : `${refs.join(', ')} ${refs.length === 1 ? 'teaches nothing: its item reaches' : 'teach nothing: their items reach'} no resolver (${resolvers.join(', ')}), and Cilium's DNS proxy sees only the lookups sent to an item's peers. `;
  if (dnsByIdentity.size === 0) return refs.length === 0 ? NONE : { condition: null, note: `No pod's lookup teaches Cilium ${name}. ${unseenText.trim()}` };

  const identityOf = (ns: string, pod: string): number | undefined => {
    const key = model.identityTable.byPod.get(`${ns}/${pod}`);
    return key === undefined ? undefined : model.identityIndex.get(key);
  };
  const from = query.from;
  const sourceIdx = from.kind === 'endpoint' && from.identity !== null ? model.identityIndex.get(from.identity) : undefined;
  const sourceNodes = new Set<string>();
  if (from.kind === 'endpoint' && from.nodeName !== null) sourceNodes.add(from.nodeName);
  const lookups: { pod: string; node: string | null; idx: number }[] = [];
  for (const p of model.cluster.pods) {
    if (p.hostNetwork) continue;
    const idx = identityOf(p.namespace, p.name);
    if (idx === undefined) continue;
    if (idx === sourceIdx && from.kind === 'endpoint' && from.nodeName === null && p.nodeName) sourceNodes.add(p.nodeName);
    if (dnsByIdentity.has(idx)) lookups.push({ pod: `${p.namespace}/${p.name}`, node: p.nodeName || null, idx });
  }
  if (lookups.length === 0) return NONE;
  const sameNode = sourceNodes.size > 0 ? lookups.filter((l) => l.node !== null && sourceNodes.has(l.node)) : [];
  // The DNS rules of pods on the source's node first, then by name.
  const near = new Set(sameNode.flatMap((l) => (dnsByIdentity.get(l.idx) ?? []).map((d) => formatRuleRef(d.rule))));
  const dnsRules = [...new Map([...dnsByIdentity.values()].flat().map((d) => [formatRuleRef(d.rule), d])).entries()]
    .sort(([a], [b]) => Number(near.has(b)) - Number(near.has(a)) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
  const shown = (sameNode.length > 0 ? sameNode : lookups).slice(0, NAMED_PODS).map((l) => l.pod);
  const more = (sameNode.length > 0 ? sameNode : lookups).length - shown.length;
  const pods = `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  const nodes = [...sourceNodes].sort().join(', ');
  const where = `on ${sourceNodes.size === 0 ? '' : `${nodes}, `}the node of ${from.display} (Cilium learns a name's addresses per node)${
    sourceNodes.size > 0 && sameNode.length === 0 ? `; none of the pods allowed to look it up runs there now (${pods})` : `, such as ${pods}`
  }`;
  const text =
    `ALLOWED once ${name} is resolved through Cilium's DNS proxy by a pod allowed to look it up, ${where}. ` +
    `Then ${formatRuleRef(allow.rule)} (${allow.peerPath}, ${allow.selector}) allows it. ` +
    `The lookup is allowed by ${dnsRules.map((d) => `${formatRuleRef(d.rule)} (${d.selector})`).join(', ')}; ` +
    `no loaded Hubble flow saw ${name}. ${unseenText}Until then, and for addresses no such lookup returned, it is denied as explained.`;
  return { condition: { verdict: 'allowed', text, rules: [allow.rule, ...dnsRules.map((d) => d.rule)] }, note: null };
}

/** The decision with its condition, if any, or the note saying why no pod's lookup teaches the name. */
export function withFqdnCondition(model: EngineModel, query: Query, decision: Decision): Decision {
  const { condition, note } = fqdnCondition(model, query, decision);
  if (condition !== null) return { ...decision, condition };
  return note === null ? decision : { ...decision, notes: [...decision.notes, note] };
}
