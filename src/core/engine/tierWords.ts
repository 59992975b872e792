/**
 * The words of the policy tiers (tiers.ts evaluates them): the notes on tier policies loaded but
 * not applied and on the setting assumed, each rule's text and whose reading decided. Only a
 * cluster with ClusterNetworkPolicy or AdminNetworkPolicy objects (cluster.tierPolicies) needs
 * them, which neither the demo nor most clusters have: in the browser a chunk of its own
 * (tierWordsCode.ts).
 * @internal
 */
import type { TierPolicy } from '../model/tiers.ts';
import { isV1alpha1, tiersEnforced, versionAtLeast120, type TieredRule } from './tiers.ts';
import type { EngineSettings } from './types.ts';

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
