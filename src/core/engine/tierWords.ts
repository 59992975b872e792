/**
 * The words of the policy tiers (tiers.ts evaluates them): the notes on tier policies loaded but
 * not applied and on the setting assumed, each rule's text and whose reading decided. Only a
 * cluster with ClusterNetworkPolicy or AdminNetworkPolicy objects (cluster.tierPolicies) needs
 * them, which neither the demo nor most clusters have: in the browser a chunk of its own
 * (tierWordsCode.ts). So do the notes on policies the version read refuses or reads without a
 * field (versionGaps.ts, cluster.versionGaps), re-exported here to ride in the same chunk.
 * @internal
 */
import type { TierPolicy } from '../model/tiers.ts';
import type { EngineModel } from './compile.ts';
import type { Party } from './party.ts';
import { peerSelects, type MatchEnv } from './peerMatch.ts';
import { isV1alpha1, tiersEnforced, versionAtLeast120, type TieredRule } from './tiers.ts';
import { policyKey, type Direction } from '../model/policy.ts';
import type { EngineSettings, RuleRef, SideDecision } from './types.ts';

export { versionGapNotes } from './versionGaps.ts';

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

/**
 * What the matched peer selected, when the release decides it: a ClusterNetworkPolicy `nodes` peer
 * matching the subject's own node (cilium/cilium f91f3180 `kcnpProcessNodeSelector`, in 1.20:
 * reserved:host as well as reserved:remote-node; tiers.nodes.test.ts). "" otherwise.
 */
export function tierPeerWords(t: TieredRule, peer: Party, env: MatchEnv): string {
  const p = t.rule.entry.peers.kind === 'list' && peer.reserved.includes('host') ? t.rule.entry.peers.items.find((x) => x.kind === 'nodes' && x.localHost && peerSelects(x, peer, env)) : undefined;
  if (p === undefined) return '';
  return `; its nodes peer (${p.path}) selects ${peer.display}, the local host: Cilium ${env.settings.ciliumVersion} matches a ClusterNetworkPolicy nodes peer against the local host as well as the remote nodes (cilium/cilium f91f3180, 1.20; fromNodes/toNodes match remote nodes only)`;
}

const assumedByModel = new WeakMap<EngineModel, ReadonlyMap<string, string>>();

/**
 * `Policy.assumed` of the policies deciding these sides (read under an agent flag the loader
 * assumed: enable-node-selector-labels without a cilium-config), with the deciding rule; decide.ts
 * adds them to every decision's notes (with side.ts formatRuleRef). The cluster has them loaded (`needsTierWords`).
 */
export function assumedNotes(model: EngineModel, sides: readonly SideDecision[], formatRuleRef: (r: RuleRef) => string): string[] {
  let m = assumedByModel.get(model);
  if (!m) assumedByModel.set(model, (m = new Map([...model.cluster.policies, ...(model.cluster.tierPolicies ?? [])].flatMap((p) => (p.assumed ? [[p.key, p.assumed] as const] : [])))));
  if (m.size === 0) return [];
  const assumed = m;
  return sides.flatMap((s) =>
    (s.reason === 'default-deny' ? s.defaultDenyFrom : s.reason === 'no-policy' || s.reason === 'not-applicable' ? [] : s.rules).flatMap((r) => {
      const a = assumed.get(policyKey(r));
      return a ? [`${formatRuleRef(r)} decides this; its policy was ${a}`] : [];
    }),
  );
}

/** A tier rule deciding a side: "Admin tier, priority 10, rule `deny-smtp`: Deny (ClusterNetworkPolicy … spec.egress[0]): egress of a/pa is denied (Cilium 1.20, ClusterNetworkPolicy tiers)". */
export function tierDecidedText(t: TieredRule, side: { readonly dir: Direction; readonly subject: Party; readonly peer: Party }, env: MatchEnv): string {
  const verdict = t.rule.action === 'Accept' ? 'allowed' : 'denied';
  return `${tierRuleText(t)} (${tierRuleSource(t)}): ${side.dir} of ${side.subject.display} is ${verdict} ${tierReading(t, env.settings)}${tierPeerWords(t, side.peer, env)}`;
}

/** An Admin tier Pass: the side's text (`full`) or its tier line. */
export function tierPassText(t: TieredRule, full: boolean): string {
  return full ? `${tierRuleText(t)} (${tierRuleSource(t)}): decided by the NetworkPolicy tier. ` : `${tierRuleText(t)}: decided by the NetworkPolicy tier`;
}

/** What decides a side of Cilium's own rules that no entry of theirs matched (side.ts leftToBaseline), after the Baseline tier. */
function fallback(np: SideDecision): string {
  if (np.reason === 'default-deny') return 'default deny';
  return np.attribution === 'allow-localhost-ingress' ? 'allow-localhost' : `the allow-any-${np.direction} of enableDefaultDeny: false`;
}

/**
 * Cilium 1.20 order after the NetworkPolicy tier: a flow no CNP/CCNP/NetworkPolicy entry matches
 * goes on to the Baseline tier, and only then to default deny, the allow-any of
 * `enableDefaultDeny: false` or allow-localhost (DefaultPolicy tier 255, after Baseline 250:
 * cilium/cilium pkg/policy/repository.go addDefaultRule, pkg/policy/testutils/simulate.go
 * findMatchingRule, at 3ab8efdd; tiers.baselineAfterPolicy.test.ts). `np` is Cilium's side.
 */
function afterPolicyWhy(np: SideDecision, subject: string, settings: EngineSettings, formatRuleRef: (r: RuleRef) => string): string {
  const n = np.defaultDenyFrom.length;
  const head =
    np.reason === 'default-deny' && n > 0
      ? `${np.defaultDenyFrom.map(formatRuleRef).join(', ')} select${n === 1 ? 's' : ''} ${subject} for ${np.direction}, but none of ${n === 1 ? 'its' : 'their'} rules matches`
      : np.reason === 'default-deny'
        ? `${subject} is in default deny for ${np.direction} (enable-policy=always) and no rule matches`
        : `no rule selecting ${subject} for ${np.direction} matches`;
  return `${head}, so the Baseline tier comes before ${fallback(np)}, as Cilium ${settings.ciliumVersion} does (before 1.20 there are no tiers and ${fallback(np)} decides)`;
}

/** A Baseline rule decides a side whose own rules matched nothing: the words added to the side's text and its tier line. */
export function tierAfterPolicy(np: SideDecision, subject: string, settings: EngineSettings, formatRuleRef: (r: RuleRef) => string): { readonly text: string; readonly tier: string } {
  return { text: `; ${afterPolicyWhy(np, subject, settings, formatRuleRef)}`, tier: 'no rule of the NetworkPolicy tier matches' };
}

/**
 * No Baseline rule decides (`passed`: one matched with Pass) a side the NetworkPolicy tier did not
 * decide (`np`: no policy selects it, or none of its rules matched): the text added to the side's
 * and its tier line.
 */
export function tierBaselineNone(passed: boolean, first: TieredRule, np: SideDecision, subject: string, settings: EngineSettings, formatRuleRef: (r: RuleRef) => string): { readonly text: string; readonly tier: string } {
  const how = passed ? 'decides (Pass)' : 'matches';
  if (np.reason === 'no-policy')
    return { text: `; no Baseline tier rule ${how}, so it is allowed ${tierReading(first, settings)}`, tier: `no policy selects it for ${np.direction}, and no Baseline tier rule ${how}: allowed` };
  return {
    text: `; no Baseline tier rule ${how} either: ${afterPolicyWhy(np, subject, settings, formatRuleRef)}`,
    tier: `no rule of the NetworkPolicy tier matches, and no Baseline tier rule ${how}: ${fallback(np)}, ${np.verdict}`,
  };
}
