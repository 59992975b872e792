/**
 * Which rules select a party as their subject, and whether the party is a Cilium-managed
 * endpoint whose policy applies at all (pods and health endpoints; nodes only with host
 * policies, i.e. `nodeSelector` rules, B.8).
 * @internal
 */
import { labelSet } from '../model/labels.ts';
import { isIdentityLabel } from '../identity/labelFilter.ts';
import type { Direction, DnsRule, EntryPeers, PortRule } from '../model/policy.ts';
import { selectorMatches } from '../model/selector.ts';
import { compileCache, type EngineModel, hasEntries, rulesSelectingLabels } from './compile.ts';
import type { Party } from './party.ts';
import { dnsResolverReach } from './dnsResolvers.ts';

export interface Subject {
  readonly managed: boolean;
  /** Why policy does not apply, when that depends on the release (for the explanation). */
  readonly why?: (dir: Direction) => string;
  /** Indices of rules selecting the party (all directions). */
  readonly rules: readonly number[];
}

export function subjectOf(model: EngineModel, p: Party): Subject {
  if (p.kind === 'pod') return { managed: true, rules: p.identity >= 0 ? (model.subjectRules[p.identity] ?? []) : rulesSelectingLabels(model, p.labels) };
  // Health and init endpoints are Cilium endpoints with a reserved identity: the rules whose
  // subject selects `reserved:health` / `reserved:init` apply (a CCNP's {} too).
  if (p.kind === 'reserved' && (p.reserved.includes('health') || p.reserved.includes('init'))) return { managed: true, rules: rulesSelectingLabels(model, p.labels) };
  if (p.kind === 'reserved' && p.reserved.includes('ingress')) {
    // Cilium Ingress / Gateway API's Envoy: its policies are computed and enforced from 1.15
    // (cilium/cilium#28126, the ingress endpoint); before, nothing selecting it was enforced.
    const [maj, min] = model.settings.ciliumVersion.split('.').map(Number);
    if ((maj ?? 1) > 1 || (min ?? 19) >= 15) return { managed: true, rules: rulesSelectingLabels(model, p.labels) };
    return {
      managed: false,
      rules: [],
      why: (dir) =>
        `Cilium ${model.settings.ciliumVersion} does not enforce policies selecting reserved:ingress (Cilium Ingress / Gateway API): no ${dir} policy applies to ${p.display}; from Cilium 1.15 Envoy enforces them (cilium/cilium#28126)`,
    };
  }
  if (p.kind === 'reserved' && p.nodeLabels !== null && model.nodeRules.length > 0) {
    // pkg/endpoint `InitWithNodeLabels`: the Node's labels as k8s labels through the identity
    // label filter (so kubernetes.io/hostname is not among them), and reserved:host.
    const labels = labelSet([
      ...Object.entries(p.nodeLabels)
        .filter(([key]) => isIdentityLabel(key))
        .map(([key, value]) => ({ source: 'k8s', key, value })),
      { source: 'reserved', key: 'host', value: '' },
    ]);
    const rules = model.nodeRules.filter((ri) => {
      const r = model.rules[ri];
      return r !== undefined && selectorMatches(r.subject.selector, labels);
    });
    return { managed: true, rules };
  }
  return { managed: false, rules: [] };
}

export function rulesInDirection(model: EngineModel, rules: readonly number[], dir: Direction): number[] {
  return rules.filter((ri) => {
    const r = model.rules[ri];
    return r !== undefined && hasEntries(r, dir);
  });
}

/** Whether a port rule's ports cover 53 (port 53, a range holding it, or every port): its DNS rules see the lookups. */
export function carriesLookups(pr: PortRule): boolean {
  return pr.ports.some((pp) => pp.port === 53 || pp.port === 0 || (typeof pp.port === 'number' && pp.endPort !== null && pp.port <= 53 && pp.endPort >= 53));
}

/**
 * Whether Cilium's DNS proxy sees the lookups of the pods an egress item with these peers and this
 * port rule applies to: true for `rules.dns` on a port covering 53 of an item reaching the
 * cluster's resolver (dnsResolvers.ts), false for such a DNS rule on an item that reaches none
 * (the proxy sees only the lookups redirected to it on the item's peers), null for no DNS rule on
 * port 53. The one test for the subject's own rules (dnsRulesFor) and other pods' rules
 * (query/fqdnCondition.ts: the agent's name manager learns from any endpoint's proxied lookups).
 */
export function lookupsSeen(model: EngineModel, peers: EntryPeers, pr: PortRule): boolean | null {
  return pr.l7?.kind === 'dns' && carriesLookups(pr) ? dnsResolverReach(model, peers).reaches : null;
}

/**
 * DNS rules that make the subject's DNS traffic go through Cilium's DNS proxy (B.9): allow
 * egress PortRules with `rules.dns` on port 53 of an item whose peers reach the cluster's
 * resolver (dnsResolvers.ts: the proxy sees only the lookups sent to the peers of a DNS rule).
 * Without them toFQDNs learns no IPs from the subject's lookups.
 */
export function dnsRulesFor(model: EngineModel, rules: readonly number[]): readonly DnsRule[] {
  const key = rules.join(',');
  const cache = compileCache(model).dns;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: DnsRule[] = [];
  for (const ri of rules) {
    const r = model.rules[ri];
    if (!r) continue;
    for (const e of r.egress)
      for (const pr of e.ports)
        if (pr.l7?.kind === 'dns' && lookupsSeen(model, e.peers, pr) === true) out.push(...pr.l7.rules);
  }
  cache.set(key, out);
  return out;
}

/**
 * The DNS rules of the subject's rules that dnsRulesFor leaves out, because their items select no
 * resolver of the cluster (their paths, and the resolvers), for the explanation.
 */
export function dnsRulesOffResolver(model: EngineModel, rules: readonly number[]): { readonly paths: readonly string[]; readonly resolvers: readonly string[] } | null {
  const paths: string[] = [];
  let resolvers: readonly string[] = [];
  for (const ri of rules) {
    const r = model.rules[ri];
    if (!r) continue;
    for (const e of r.egress)
      for (const pr of e.ports) {
        if (lookupsSeen(model, e.peers, pr) !== false) continue;
        paths.push(`${r.policy.namespace ? `${r.policy.namespace}/` : ''}${r.policy.name} ${e.path}`);
        resolvers = dnsResolverReach(model, e.peers).resolvers;
      }
  }
  return paths.length > 0 ? { paths, resolvers } : null;
}

/**
 * The DNS proxy of a default-allow endpoint answers every name (the `matchPattern: "*"` of
 * cilium/cilium#38841: 1.18.0, backported to 1.17.4 and 1.16.10; side.ts defaultAllowL7), so
 * toFQDNs learns them all. enableDefaultDeny itself exists from 1.16.
 */
export function defaultAllowDns(rules: readonly DnsRule[], defaultDeny: boolean, version: string): readonly DnsRule[] {
  const [maj, min] = version.split('.').map(Number);
  if (defaultDeny || rules.length === 0 || ((maj ?? 1) === 1 && (min ?? 19) < 16)) return rules;
  return [...rules, { matchName: null, matchPattern: '*' }];
}
