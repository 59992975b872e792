/**
 * What every lint rule needs, computed once: the inventory's identities and outside peers as
 * engine parties, which identities each rule selects, and which parties each entry's peers select
 * (from a given subject, since toFQDNs depends on the subject's DNS rules).
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import type { Direction, Entry, Policy, Rule } from '../model/policy.ts';
import type { EngineModel } from '../engine/compile.ts';
import { outsideParties } from '../engine/outsidePeers.ts';
import type { Party } from '../engine/party.ts';
import { podParty } from '../engine/parties.ts';
import { entryPeersMatch, type MatchEnv } from '../engine/peerMatch.ts';
import { isBareItem } from '../engine/side.ts';
import { dnsRulesFor } from '../engine/subjects.ts';
import type { EngineSettings } from '../engine/types.ts';
import type { Finding, FindingPolicy, LintCode, LintOptions } from './types.ts';
import type { Severity } from '../model/diagnostic.ts';

export interface RuleAt {
  readonly index: number;
  readonly rule: Rule;
  readonly policy: Policy;
}

export interface LintContext {
  readonly cluster: Cluster;
  readonly model: EngineModel;
  readonly settings: EngineSettings;
  readonly options: LintOptions;
  /** Some pods or workloads were loaded: "selects nothing" can be told apart from "no inventory". */
  readonly hasInventory: boolean;
  readonly rules: readonly RuleAt[];
  /** Identity parties first (index = identity index), then outside parties. */
  readonly parties: readonly Party[];
  readonly identityCount: number;
  /** Identity indices a rule's subject selects (endpoint rules only). */
  subjects(ruleIndex: number): readonly number[];
  /** Rule indices selecting an identity. */
  rulesOf(identity: number): readonly number[];
  /** Party indices an entry's peers select, seen from a subject identity (FQDN depends on its DNS rules). */
  peersOf(rule: Rule, entry: Entry, subject: number | null): readonly number[];
  display(party: number): string;
  finding(at: RuleAt, code: LintCode, severity: Severity, path: string, message: string, extra?: { fix?: string; related?: readonly FindingPolicy[] }): Finding;
}

export function entriesOf(rule: Rule, dir: Direction, action: 'allow' | 'deny'): readonly Entry[] {
  if (dir === 'ingress') return action === 'allow' ? rule.ingress : rule.ingressDeny;
  return action === 'allow' ? rule.egress : rule.egressDeny;
}

export function policyOf(r: { readonly policy: { readonly kind: FindingPolicy['kind']; readonly namespace: string | null; readonly name: string } }): FindingPolicy {
  return { kind: r.policy.kind, namespace: r.policy.namespace, name: r.policy.name };
}

/** `CNP acme-web/same-tenant`. */
export function policyText(p: FindingPolicy): string {
  const short = p.kind === 'CiliumNetworkPolicy' ? 'CNP' : p.kind === 'CiliumClusterwideNetworkPolicy' ? 'CCNP' : 'NetworkPolicy';
  return `${short} ${p.namespace !== null ? `${p.namespace}/` : ''}${p.name}`;
}

/** `ns/name` of the workloads carrying an identity (or its key). */
export function identityDisplay(model: EngineModel, i: number): string {
  const id = model.identities[i];
  if (!id) return `identity #${i}`;
  const names = [...new Set(id.workloads.map((w) => {
    const parts = w.split('/');
    return parts.length === 3 ? `${parts[0]}/${parts[2]}` : w;
  }))];
  return names.length > 0 ? names.join(', ') : id.key;
}

/** At most `n` names, then "and k more". */
export function listText(items: readonly string[], n = 4): string {
  const uniq = [...new Set(items)];
  return uniq.length <= n ? uniq.join(', ') : `${uniq.slice(0, n).join(', ')} and ${uniq.length - n} more`;
}

export function buildContext(cluster: Cluster, model: EngineModel, settings: EngineSettings, options: LintOptions): LintContext {
  const rules: RuleAt[] = [];
  for (const policy of model.cluster.policies) for (const rule of policy.rules) rules.push({ index: rules.length, rule, policy });
  const identityCount = model.identities.length;
  const parties: Party[] = model.identities.map((_, i) => podParty(model, i, identityDisplay(model, i), null, null));
  for (const o of outsideParties(model)) parties.push(o.party);
  const bySubject: number[][] = model.rules.map(() => []);
  model.subjectRules.forEach((list, i) => {
    for (const ri of list) bySubject[ri]?.push(i);
  });
  const baseEnv: Omit<MatchEnv, 'dnsRules'> = { clusterName: model.cluster.name, settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services };
  const cache = new Map<string, readonly number[]>();
  const peersOf = (rule: Rule, entry: Entry, subject: number | null): readonly number[] => {
    const hasFqdn = entry.peers.kind === 'list' && entry.peers.items.some((p) => p.kind === 'fqdn');
    const dns = hasFqdn && subject !== null && entry.direction === 'egress' ? dnsRulesFor(model, model.subjectRules[subject] ?? []) : [];
    const key = `${rule.policy.kind}/${rule.policy.namespace ?? ''}/${rule.policy.name}/${entry.path}/${entry.action}|${hasFqdn ? JSON.stringify(dns) : ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const out: number[] = [];
    if (!isBareItem(entry)) {
      const env: MatchEnv = { ...baseEnv, dnsRules: dns };
      parties.forEach((p, i) => {
        if (entryPeersMatch(entry.peers, p, env).matched) out.push(i);
      });
    }
    cache.set(key, out);
    return out;
  };
  return {
    cluster,
    model,
    settings,
    options,
    hasInventory: cluster.pods.length > 0 || cluster.workloads.length > 0,
    rules,
    parties,
    identityCount,
    subjects: (ri) => bySubject[ri] ?? [],
    rulesOf: (i) => model.subjectRules[i] ?? [],
    peersOf,
    display: (i) => parties[i]?.display ?? `#${i}`,
    finding: (at, code, severity, path, message, extra = {}) => ({
      code,
      severity,
      policy: policyOf(at.rule),
      path,
      message,
      ...(extra.fix !== undefined ? { fix: extra.fix } : {}),
      ...(extra.related && extra.related.length > 0 ? { related: extra.related } : {}),
      source: at.policy.source,
    }),
  };
}
