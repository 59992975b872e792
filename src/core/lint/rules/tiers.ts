/**
 * Findings about the policy tiers (ClusterNetworkPolicy / AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy, engine/tiers.ts), judged on the loaded inventory:
 * - `tier-rule-shadowed`: an Admin (or Baseline) rule that never decides anything, because for
 *   every pod it applies to, every peer it selects is already decided on all of its ports by
 *   rules of higher precedence (lower priority, or earlier in the same policy);
 * - `baseline-never-applies`: a Baseline rule whose every subject pod is selected, in that
 *   direction, by a CiliumNetworkPolicy / NetworkPolicy: the NetworkPolicy tier always decides
 *   first, so the Baseline rule is never consulted;
 * - `version-dependent`: ClusterNetworkPolicy loaded for a Cilium version or a cluster setting that
 *   does not enforce it;
 * - `not-read-by-cilium`: AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1), which no
 *   Cilium release reads (checked only in netpol-analyzer's reading, `tiersAs`).
 * @internal
 */
import type { Direction } from '../../model/policy.ts';
import type { TierPolicy, TierRule } from '../../model/tiers.ts';
import { selectorMatches } from '../../model/selector.ts';
import { entryHasNamedPorts, entryPortSet } from '../../engine/l4Match.ts';
import { entryPeersMatch, type MatchEnv } from '../../engine/peerMatch.ts';
import { equals, isEmpty, subtract, type PortSet } from '../../engine/PortSet.ts';
import { rulesInDirection } from '../../engine/subjects.ts';
import { isV1alpha1, kindEnforced, tierRulesFor, type TieredRule } from '../../engine/tiers.ts';
import { tierRuleText, tiersOffReason, V1ALPHA1_NO_EFFECT } from '../../engine/tierWords.ts';
import type { Finding, FindingPolicy } from '../types.ts';
import { listText, type LintContext } from '../context.ts';

const policyOfTier = (p: TierPolicy): FindingPolicy => ({ kind: p.kind, namespace: null, name: p.name });

function finding(p: TierPolicy, code: Finding['code'], severity: Finding['severity'], path: string, message: string, related?: readonly FindingPolicy[]): Finding {
  return { code, severity, policy: policyOfTier(p), path, message, source: p.source, ...(related && related.length > 0 ? { related } : {}) };
}

export function tierFindings(ctx: LintContext): Finding[] {
  const loaded = ctx.cluster.tierPolicies ?? [];
  if (loaded.length === 0) return [];
  const out: Finding[] = [];
  const off = tiersOffReason(ctx.settings);
  for (const p of loaded) {
    if (kindEnforced(p.kind, ctx.settings)) continue;
    if (isV1alpha1(p.kind)) out.push(finding(p, 'not-read-by-cilium', 'warning', 'spec', `this ${p.kind} has no effect on Cilium: ${V1ALPHA1_NO_EFFECT}. Write it as a ClusterNetworkPolicy (tier ${p.tier}) for Cilium to enforce it`));
    else if (off !== null) out.push(finding(p, 'version-dependent', 'warning', 'spec', `${off}: this ${p.kind} has no effect on this cluster. Cilium enforces the policy tiers from 1.20 when the cluster runs with them`));
  }
  const policies = loaded.filter((p) => kindEnforced(p.kind, ctx.settings));
  if (policies.length === 0) return out;
  const env: MatchEnv = { clusterName: ctx.model.cluster.name, settings: ctx.settings, cidrGroups: ctx.model.cluster.cidrGroups, services: ctx.model.cluster.services, dnsRules: [{ matchName: null, matchPattern: '*' }] };
  const peerMemo = new Map<TierRule, readonly number[]>();
  const peersOf = (r: TierRule): readonly number[] => {
    let hit = peerMemo.get(r);
    if (!hit) {
      hit = ctx.parties.flatMap((p, i) => (entryPeersMatch(r.entry.peers, p, env).matched ? [i] : []));
      peerMemo.set(r, hit);
    }
    return hit;
  };
  const portsOf = (r: TierRule): PortSet | null => (entryHasNamedPorts(r.entry) ? null : entryPortSet(r.entry, [], ctx.settings));
  const pods = ctx.parties.slice(0, ctx.identityCount).map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'pod');

  for (const policy of policies) {
    const subjects = pods.filter(({ p }) => selectorMatches(policy.subject, p.labels));
    if (subjects.length === 0) continue;
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = dir === 'ingress' ? policy.ingress : policy.egress;
      if (rules.length === 0) continue;
      if (policy.tier === 'Baseline') {
        const decidedBy = subjects.map(({ i }) => rulesInDirection(ctx.model, ctx.rulesOf(i), dir));
        if (decidedBy.every((l) => l.length > 0)) {
          const by = [...new Set(decidedBy.flat())].map((ri) => ctx.model.rules[ri]).flatMap((r) => (r ? [{ kind: r.policy.kind, namespace: r.policy.namespace, name: r.policy.name }] : []));
          const names = listText(by.map((b) => `${b.kind} ${b.namespace !== null ? `${b.namespace}/` : ''}${b.name}`));
          for (const r of rules)
            out.push(
              finding(policy, 'baseline-never-applies', 'warning', r.path,
                `${tierRuleText({ policy, rule: r })} never applies: every pod this policy selects (${listText(subjects.map(({ i }) => ctx.display(i)))}) is selected for ${dir} by ${names}, and the NetworkPolicy tier decides before the Baseline tier is consulted. Move the rule to the Admin tier, or into those policies`,
                dedupe(by)),
            );
          continue;
        }
      }
      for (const r of rules) {
        const shadow = shadowedBy(ctx, { policy, rule: r }, dir, subjects.map(({ p }) => p), peersOf, portsOf);
        if (shadow === null) continue;
        out.push(
          finding(policy, 'tier-rule-shadowed', 'warning', r.path,
            `${tierRuleText({ policy, rule: r })} never decides a connection: for every pod it applies to, each peer it selects is already decided on all its ports by ${listText(shadow.map(tierRuleText))} (evaluated first: lower priority number, or earlier in the policy). Remove it, or give it a lower priority number than the rules that shadow it`,
            dedupe(shadow.map((t) => policyOfTier(t.policy)).filter((f) => f.name !== policy.name || f.kind !== policy.kind))),
        );
      }
    }
  }
  return out;
}

function dedupe(list: readonly FindingPolicy[]): FindingPolicy[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.kind}/${f.namespace ?? ''}/${f.name}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The earlier rules that together decide every (peer, port) `t` could match, for each subject;
 * null when `t` decides something somewhere (or cannot be judged: named ports, no peers known).
 */
function shadowedBy(
  ctx: LintContext,
  t: TieredRule,
  dir: Direction,
  subjects: readonly LintContext['parties'][number][],
  peersOf: (r: TierRule) => readonly number[],
  portsOf: (r: TierRule) => PortSet | null,
): TieredRule[] | null {
  const mine = portsOf(t.rule);
  const peers = peersOf(t.rule);
  if (mine === null || peers.length === 0) return null;
  const used = new Set<TieredRule>();
  for (const s of subjects) {
    const tiers = tierRulesFor(ctx.model, s, dir);
    const list = t.policy.tier === 'Admin' ? tiers.admin : tiers.baseline;
    const at = list.findIndex((x) => x.policy === t.policy && x.rule === t.rule);
    if (at < 0) return null;
    const earlier = list.slice(0, at);
    for (const j of peers) {
      let left: PortSet = mine;
      for (const e of earlier) {
        if (!peersOf(e.rule).includes(j)) continue;
        const p = portsOf(e.rule);
        if (p === null) continue;
        const next = subtract(left, p);
        if (!equals(next, left)) used.add(e);
        left = next;
        if (isEmpty(left)) break;
      }
      if (!isEmpty(left)) return null;
    }
  }
  return used.size > 0 ? [...used] : null;
}

