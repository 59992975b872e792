/**
 * Policy tiers of the Kubernetes network-policy-api around Cilium's own rules, for one side of a
 * connection (ClusterNetworkPolicy v1alpha2 `spec.tier` doc: "Admin tier, NetworkPolicy tier,
 * Baseline tier"):
 * 1. Admin tier: the rules of the Admin policies selecting the endpoint in Cilium's order (see
 *    `order`: priority + rule index / 100, lower first; Deny and Pass before Accept at one level). The
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

/** Why loaded ClusterNetworkPolicy objects are not enforced (for notes), or null when they are. */
export function tiersOffReason(settings: EngineSettings): string | null {
  if (!versionAtLeast120(settings)) return `Cilium ${settings.ciliumVersion} does not enforce ClusterNetworkPolicy (from 1.20)`;
  if (settings.clusterNetworkPolicy === false)
    return 'the cluster runs without ClusterNetworkPolicy support (setting off; enable-k8s-cluster-network-policy default off)';
  return null;
}

/** Said of v1alpha1 objects in Cilium's reading (notes, lint). */
export const V1ALPHA1_NO_EFFECT =
  'no Cilium release reads policy.networking.k8s.io/v1alpha1 (checked: Cilium 1.20, which reads ClusterNetworkPolicy (v1alpha2) instead, with enable-k8s-cluster-network-policy=true); --tiers-as netpol-analyzer applies them as np-guard\'s netpol-analyzer reads them';

/**
 * Notes on loaded tier policies that do not apply: ClusterNetworkPolicy objects the version or
 * setting leaves off, and v1alpha1 objects in Cilium's reading. Empty when every one applies.
 */
export function tiersNotApplied(policies: readonly TierPolicy[], settings: EngineSettings): string[] {
  const notes: string[] = [];
  const v2 = policies.filter((p) => !isV1alpha1(p.kind)).length;
  const off = v2 > 0 ? tiersOffReason(settings) : null;
  if (off !== null) notes.push(`${v2} ClusterNetworkPolicy object(s) loaded but not applied: ${off}`);
  const v1 = policies.length - v2;
  if (v1 > 0 && settings.tiersAs !== 'netpol-analyzer')
    notes.push(`${v1} AdminNetworkPolicy/BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) object(s) have no effect on Cilium: ${V1ALPHA1_NO_EFFECT}`);
  return notes;
}

/**
 * Said when tier policies are enforced without knowing the agent's setting: Cilium 1.20 watches
 * them only with enable-k8s-cluster-network-policy=true (option.DaemonConfig
 * EnableK8sClusterNetworkPolicy, default false; pkg/policy/k8s/cluster_network_policy.go), and no
 * cilium-config said (null when it is known or the tiers are not enforced).
 */
export function tiersAssumedNote(settings: EngineSettings): string | null {
  if (!tiersEnforced(settings) || settings.clusterNetworkPolicy !== undefined) return null;
  return `assumed enable-k8s-cluster-network-policy=true (Cilium ${settings.ciliumVersion} default: off; no cilium-config loaded)`;
}

/**
 * Cilium 1.20 order (pkg/k8s/cluster_network_policy.go `ParseClusterNetworkPolicy`): rule i of a
 * policy of priority p has priority p + i/100, so policies of equal priority interleave by rule
 * index; at one level the deny bit of the precedence (pkg/policy/types/types.go `PrecedenceDeny`;
 * `ToPassPrecedence` gives Pass the same bits) puts Deny and Pass before Accept. Remaining ties
 * (Deny against Pass, or two of one action: the API leaves them undefined) by policy name.
 */
const after = (t: TieredRule): number => (t.rule.action === 'Accept' ? 1 : 0);
const order = (a: TieredRule, b: TieredRule): number =>
  a.policy.priority - b.policy.priority ||
  a.rule.index - b.rule.index ||
  after(a) - after(b) ||
  a.policy.name.localeCompare(b.policy.name) ||
  a.policy.kind.localeCompare(b.policy.kind);

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

export function tierRuleRef(t: TieredRule): RuleRef {
  return { kind: t.policy.kind, namespace: null, name: t.policy.name, path: t.rule.path };
}

/** "Admin tier, priority 10, rule `deny-smtp`: Deny" */
export function tierRuleText(t: TieredRule): string {
  const name = t.rule.name !== '' ? `rule \`${t.rule.name}\`` : `rule ${t.rule.path}`;
  const prio = t.policy.kind === 'BaselineAdminNetworkPolicy' ? '' : `, priority ${t.policy.priority}`;
  return `${t.policy.tier} tier${prio}, ${name}: ${t.rule.action}`;
}

/**
 * Whose reading decided: "(Cilium 1.20, ClusterNetworkPolicy tiers)", or for v1alpha1 kinds
 * (applied only with tiersAs netpol-analyzer) "(netpol-analyzer's reading of AdminNetworkPolicy
 * v1alpha1: Cilium does not read it)".
 */
export function tierReading(t: TieredRule, settings: EngineSettings): string {
  return isV1alpha1(t.policy.kind)
    ? `(netpol-analyzer's reading of ${t.policy.kind} v1alpha1: Cilium does not read it)`
    : `(Cilium ${settings.ciliumVersion}, ClusterNetworkPolicy tiers)`;
}

/** `ClusterNetworkPolicy tenant-guard spec.egress[0]` */
export function tierRuleSource(t: TieredRule): string {
  return `${t.policy.kind} ${t.policy.name} ${t.rule.path}`;
}
