/**
 * Policy tiers of the Kubernetes network-policy-api around Cilium's own rules, for one side of a
 * connection (ClusterNetworkPolicy v1alpha2 `spec.tier` doc: "Admin tier, NetworkPolicy tier,
 * Baseline tier"):
 * 1. Admin tier: the rules of the Admin policies selecting the endpoint in Cilium's order (see
 *    `order`: priority + rule index / 100, lower first; Deny, then Accept, then Pass at one level). The
 *    first rule matching peer and port decides: Accept → allowed, Deny → denied, Pass → the
 *    NetworkPolicy tier decides.
 * 2. NetworkPolicy tier: CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy as
 *    Cilium evaluates them (deny > allow > default deny). Final for an endpoint that any of them
 *    selects in this direction.
 * 3. Baseline tier (only for endpoints no policy of tier 2 selects in this direction): the first
 *    matching Baseline rule decides (Accept/Deny; Pass goes on), otherwise allowed.
 * ClusterNetworkPolicy is enforced from Cilium 1.20 when the cluster runs with it
 * (`EngineSettings.clusterNetworkPolicy`); AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1) only in netpol-analyzer's reading (`EngineSettings.tiersAs`, `kindEnforced`).
 * Checked against cilium/cilium pkg/k8s/cluster_network_policy.go (`ParseClusterNetworkPolicy`) and
 * pkg/policy/types/types.go (precedence bits); cases in tiers.order.test.ts.
 * @internal
 */
import type { Direction } from '../model/policy.ts';
import type { TierPolicy, TierPolicyKind, TierRule } from '../model/tiers.ts';
import { selectorMatches } from '../model/selector.ts';
import type { EngineModel } from './compile.ts';
import type { Party } from './party.ts';
import type { EngineSettings, RuleRef } from './types.ts';

export interface TieredRule {
  readonly policy: TierPolicy;
  readonly rule: TierRule;
}

export interface TierRules {
  readonly admin: readonly TieredRule[];
  readonly baseline: readonly TieredRule[];
}

const NONE: TierRules = { admin: [], baseline: [] };

export function versionAtLeast120(settings: EngineSettings): boolean {
  const [maj, min] = settings.ciliumVersion.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 20;
}

/** AdminNetworkPolicy / BaselineAdminNetworkPolicy: `policy.networking.k8s.io/v1alpha1`. */
export const isV1alpha1 = (kind: TierPolicyKind): boolean => kind !== 'ClusterNetworkPolicy';

/** Whether ClusterNetworkPolicy (v1alpha2) is enforced: Cilium ≥ 1.20 and the setting not off. */
export function tiersEnforced(settings: EngineSettings): boolean {
  return versionAtLeast120(settings) && settings.clusterNetworkPolicy !== false;
}

/**
 * Whether a tier policy of this kind is enforced. AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1) only in netpol-analyzer's reading: no Cilium release reads them. Cilium 1.20 parses
 * ClusterNetworkPolicy v1alpha2 alone (pkg/k8s/cluster_network_policy.go at 0ac689d7, its watcher
 * pkg/policy/k8s/cluster_network_policy.go at 357405ce, the one CRD of the group it registers in
 * pkg/k8s/apis/kcnp.go at f70a0730); cases in tiers.v1alpha1.test.ts.
 */
export function kindEnforced(kind: TierPolicyKind, settings: EngineSettings): boolean {
  return isV1alpha1(kind) ? settings.tiersAs === 'netpol-analyzer' : tiersEnforced(settings);
}

/**
 * Cilium 1.20 order (pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy`): rule i of a
 * policy of priority p has priority p + i/100, so policies of equal priority interleave by rule
 * index; at one level the low byte of the precedence ranks Deny (255), then Accept (1-254), then
 * Pass (0) (pkg/policy/types/entry.go precedenceByteDeny/Allow/Pass, cilium/cilium 6ff74cf9b5e7,
 * in 1.20; tiers.order.test.ts), so a fail-closed Deny beats another policy's Pass. Remaining
 * ties (two of one action: the API leaves them undefined, the verdict is the same) by policy name.
 */
const ACTION_RANK: Readonly<Record<TierRule['action'], number>> = { Deny: 0, Accept: 1, Pass: 2 };
const after = (t: TieredRule): number => ACTION_RANK[t.rule.action];
const order = (a: TieredRule, b: TieredRule): number =>
  a.policy.priority - b.policy.priority ||
  a.rule.index - b.rule.index ||
  after(a) - after(b) ||
  a.policy.name.localeCompare(b.policy.name) ||
  a.policy.kind.localeCompare(b.policy.kind);

/**
 * The rules of the tier policies the settings enforce, both directions: what outside peers they
 * name must be peers of the matrix and of connlist (outsidePeers.ts, connlist/ipRanges.ts), as a
 * Baseline Accept of `networks` decides for pods CNPs select too.
 */
export function enforcedTierRules(model: Pick<EngineModel, 'cluster' | 'settings'>): TierRule[] {
  return (model.cluster.tierPolicies ?? []).filter((t) => kindEnforced(t.kind, model.settings)).flatMap((t) => [...t.ingress, ...t.egress]);
}

const cache = new WeakMap<EngineModel, Map<string, TierRules>>();

/** The tier rules that apply to `p` for `dir`, in evaluation order (none for non-pods). */
export function tierRulesFor(model: EngineModel, p: Party, dir: Direction): TierRules {
  const policies = model.cluster.tierPolicies ?? [];
  if (policies.length === 0 || p.kind !== 'pod' || model.settings.enforcementMode === 'never') return NONE;
  const selecting = policies.filter((tp) => kindEnforced(tp.kind, model.settings) && selectorMatches(tp.subject, p.labels) && (dir === 'ingress' ? tp.ingress : tp.egress).length > 0);
  if (selecting.length === 0) return NONE;
  const key = `${dir}|${selecting.map((tp) => tp.key).join(',')}`;
  let m = cache.get(model);
  if (!m) cache.set(model, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit;
  const all = selecting.flatMap((policy) => (dir === 'ingress' ? policy.ingress : policy.egress).map((rule) => ({ policy, rule })));
  const out: TierRules = {
    admin: all.filter((t) => t.policy.tier === 'Admin').sort(order),
    baseline: all.filter((t) => t.policy.tier === 'Baseline').sort(order),
  };
  m.set(key, out);
  return out;
}

/**
 * The Baseline rules that may decide a side: all of them for an endpoint no Cilium or Kubernetes
 * policy selects (`selected` false); for one they select, whose rules matched nothing, Cilium 1.20's
 * ClusterNetworkPolicy rules (the Baseline tier before default deny, tiers.baselineAfterPolicy.test.ts)
 * but not netpol-analyzer's reading of BaselineAdminNetworkPolicy (v1alpha1), where a NetworkPolicy
 * is final for the pods it selects, as the API says.
 */
export function baselineFor<T extends { readonly policy: { readonly kind: TierPolicyKind } }>(rules: readonly T[], selected: boolean): readonly T[] {
  return selected ? rules.filter((t) => !isV1alpha1(t.policy.kind)) : rules;
}

export function tierRuleRef(t: TieredRule): RuleRef {
  return { kind: t.policy.kind, namespace: null, name: t.policy.name, path: t.rule.path };
}
