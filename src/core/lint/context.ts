/**
 * What every lint rule needs, computed once: the inventory's identities and outside peers as
 * engine parties, which identities each rule selects, and which parties each entry's peers select
 * (from a given subject, since toFQDNs depends on the subject's DNS rules).
 * Big clusters (thousands of identities, thousands of entries) go through the engine's label index
 * and memo tables here, so that rules can ask per subject without paying per subject; every
 * shortcut gives what the plain engine call gives (equivalence.test.ts).
 * @internal
 */
import type { Cluster, ContainerPort } from '../model/cluster.ts';
import type { Direction, DnsRule, Entry, EntryPeers, Peer, Policy, Rule } from '../model/policy.ts';
import type { EngineModel } from '../engine/compile.ts';
import { outsideParties } from '../engine/outsidePeers.ts';
import type { Party } from '../engine/party.ts';
import { podParty } from '../engine/parties.ts';
import { entityMatches, peerSelects, podsEnv, type MatchEnv } from '../engine/peerMatch.ts';
import { selectIndices } from '../engine/labelIndex.ts';
import { selectorMatches, type Selector } from '../model/selector.ts';
import { isBareItem } from '../engine/side.ts';
import { dnsRulesFor } from '../engine/subjects.ts';
import type { EngineSettings } from '../engine/types.ts';
import type { Finding, FindingPolicy, LintCode, LintOptions } from './types.ts';
import type { Severity } from '../model/diagnostic.ts';
import { NO_PORTS, portsMemo, type PortsMemo } from './ports.ts';

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
  /** Whether a selector matches the labels of some identity (through the label index). */
  selectsSomeIdentity(selector: Selector): boolean;
  display(party: number): string;
  /** Port sets of entries towards a destination's container ports, memoized. */
  readonly ports: PortsMemo;
  /** The container ports named ports resolve on when a subject is on this side: its own for ingress, none for egress. */
  dstPorts(dir: Direction, subject: number): readonly ContainerPort[];
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
  const short = p.kind === 'CiliumNetworkPolicy' ? 'CNP' : p.kind === 'CiliumClusterwideNetworkPolicy' ? 'CCNP' : p.kind;
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

/**
 * listText of `count` distinct items of which only the first ones (up to `n`) are given: the same
 * text, without building the items the text does not show.
 */
export function listTextOfDistinct(first: readonly string[], count: number, n = 4): string {
  return count <= n ? first.join(', ') : `${first.slice(0, n).join(', ')} and ${count - n} more`;
}

/**
 * `model.identities.some(id => selectorMatches(selector, id.labels))`, trying only the identities
 * that carry a label one of the selector's In/Exists requirements asks for (the fewest such).
 */
function someIdentityMatches(model: EngineModel, selector: Selector): boolean {
  let cand: (readonly number[])[] | null = null;
  let size = Infinity;
  for (const r of selector.requirements) {
    let c: (readonly number[])[] | null = null;
    if (r.operator === 'In') {
      const vals = model.labelIndex.byValue.get(r.key);
      c = r.values.map((v) => vals?.get(v) ?? []);
    } else if (r.operator === 'Exists') c = [model.labelIndex.byKey.get(r.key) ?? []];
    const n = c === null ? Infinity : c.reduce((k, l) => k + l.length, 0);
    if (c !== null && n < size) [cand, size] = [c, n];
  }
  if (cand === null) return model.identities.some((id) => selectorMatches(selector, id.labels));
  for (const list of cand)
    for (const i of list) {
      const id = model.identities[i];
      if (id && selectorMatches(selector, id.labels)) return true;
    }
  return false;
}

const NO_PARTIES: readonly number[] = [];

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
  const baseEnv: Omit<MatchEnv, 'dnsRules'> = { clusterName: model.cluster.name, settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services, ...podsEnv(model) };
  const identityLabels = model.identities.map((id) => id.labels);
  const allParties: readonly number[] = parties.map((_, i) => i);
  const cache = new Map<string, readonly number[]>();
  // The cache key of an entry without its DNS part, and the text of a DNS rule list: built once.
  const entryKeys = new Map<Rule, Map<Entry, string>>();
  const dnsTexts = new WeakMap<readonly DnsRule[], string>();
  const entryKey = (rule: Rule, entry: Entry): string => {
    let m = entryKeys.get(rule);
    if (!m) entryKeys.set(rule, (m = new Map()));
    let k = m.get(entry);
    if (k === undefined) m.set(entry, (k = `${rule.policy.kind}/${rule.policy.namespace ?? ''}/${rule.policy.name}/${entry.path}/${entry.action}|`));
    return k;
  };
  const dnsText = (dns: readonly DnsRule[]): string => {
    let t = dnsTexts.get(dns);
    if (t === undefined) dnsTexts.set(dns, (t = JSON.stringify(dns)));
    return t;
  };
  const peersOf = (rule: Rule, entry: Entry, subject: number | null): readonly number[] => {
    const hasFqdn = entry.peers.kind === 'list' && entry.peers.items.some((p) => p.kind === 'fqdn');
    const dns = hasFqdn && subject !== null && entry.direction === 'egress' ? dnsRulesFor(model, model.subjectRules[subject] ?? []) : [];
    const key = hasFqdn ? entryKey(rule, entry) + dnsText(dns) : entryKey(rule, entry);
    const hit = cache.get(key);
    if (hit) return hit;
    const out = isBareItem(entry) ? NO_PARTIES : selectedParties(entry.peers, { ...baseEnv, dnsRules: dns });
    cache.set(key, out);
    return out;
  };
  /**
   * Indices (ascending) of the parties an entry's peer part selects: the parties for which
   * entryPeersMatch matches, computed per peer item without building the explanation of every miss.
   * Identity parties are pods: endpoint selectors reach them through the label index, entities
   * through entityMatches, and CIDR, FQDN, node and cloud-group peers never select a pod.
   */
  const selectedParties = (peers: EntryPeers, env: MatchEnv): readonly number[] => {
    if (peers.kind === 'none') return [];
    if (peers.kind === 'wildcard') return allParties;
    const found: number[] = [];
    const rest = (peer: Peer) => {
      for (let i = identityCount; i < parties.length; i++) if (peerSelects(peer, parties[i] as Party, env)) found.push(i);
    };
    for (const peer of peers.items) {
      switch (peer.kind) {
        case 'endpoints':
          for (const i of selectIndices(model.labelIndex, identityLabels, peer.selector)) found.push(i);
          for (let i = identityCount; i < parties.length; i++) if (selectorMatches(peer.selector, (parties[i] as Party).labels)) found.push(i);
          break;
        case 'entity':
          for (let i = 0; i < identityCount; i++) if (entityMatches(peer.entity, parties[i] as Party, env.clusterName, env.settings.ipFamilies)) found.push(i);
          rest(peer);
          break;
        case 'cidr':
        case 'cidrGroup':
          // policy-cidr-match-mode=pods: CIDRs select pods too (peerMatch.ts cidrSelectsPod).
          if (env.podAddresses) for (let i = 0; i < identityCount; i++) if (peerSelects(peer, parties[i] as Party, env)) found.push(i);
          rest(peer);
          break;
        case 'fqdn':
        case 'nodes':
        case 'groups':
          rest(peer);
          break;
        default:
          for (let i = 0; i < parties.length; i++) if (peerSelects(peer, parties[i] as Party, env)) found.push(i);
      }
    }
    // Each item's indices are ascending; several items: merge them.
    if (peers.items.length <= 1) return found;
    found.sort((x, y) => x - y);
    return found.filter((x, k) => k === 0 || found[k - 1] !== x);
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
    selectsSomeIdentity: (selector) => someIdentityMatches(model, selector),
    ports: portsMemo(settings),
    dstPorts: (dir, s) => (dir === 'ingress' ? (model.identityPorts[s] ?? NO_PORTS) : NO_PORTS),
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
