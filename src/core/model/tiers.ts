import type { SourceRef } from './diagnostic.ts';
import type { Manifest } from './manifest.ts';
import type { Direction, Entry, PolicyKey, PolicyKind, RulePolicyKind } from './policy.ts';
import type { Selector } from './selector.ts';

/**
 * Tiered cluster policies of the Kubernetes network-policy-api: ClusterNetworkPolicy
 * (`policy.networking.k8s.io/v1alpha2`, tier Admin or Baseline) and, as np-guard's netpol-analyzer
 * reads them, AdminNetworkPolicy / BaselineAdminNetworkPolicy (`v1alpha1`). Evaluated around the
 * Cilium/NetworkPolicy rules: Admin tier first (by priority, then rule order; the first matching
 * rule decides: Accept, Deny, or Pass to the next tier), then the NetworkPolicy tier (CNP, CCNP,
 * NetworkPolicy: final for endpoints they select in that direction), then the Baseline tier, then
 * allow. ClusterNetworkPolicy is enforced by Cilium from 1.20 when the cluster runs with it (engine
 * setting); no Cilium release reads the v1alpha1 kinds, so the engine applies them only in
 * netpol-analyzer's reading (`EngineSettings.tiersAs`).
 * @public
 */
export type TierPolicyKind = Exclude<PolicyKind, RulePolicyKind>;

export const TIER_POLICY_KINDS: readonly TierPolicyKind[] = ['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];
export type Tier = 'Admin' | 'Baseline';
/** `Allow` (v1alpha1) is read as `Accept` (v1alpha2 renamed it). */
export type TierAction = 'Accept' | 'Deny' | 'Pass';

export interface TierRule {
  readonly direction: Direction;
  readonly action: TierAction;
  /** The rule's `name` (may be empty: then its path names it). */
  readonly name: string;
  /** `spec.ingress[0]`. */
  readonly path: string;
  /** Position in its direction's list (rules of one policy are ordered). */
  readonly index: number;
  /**
   * Peers and ports in the engine's entry form (action `allow` whatever the tier action; the
   * action above decides). `ports: []` = every port and protocol.
   */
  readonly entry: Entry;
}

export interface TierPolicy {
  readonly key: PolicyKey;
  readonly kind: TierPolicyKind;
  readonly name: string;
  readonly tier: Tier;
  /** Lower is evaluated first (0–1000; BaselineAdminNetworkPolicy has none: 0). */
  readonly priority: number;
  /** Pods the policy applies to (namespace and pod labels, as identity labels). */
  readonly subject: Selector;
  readonly ingress: readonly TierRule[];
  readonly egress: readonly TierRule[];
  readonly source: SourceRef;
  readonly manifest?: Manifest;
  /** As `Policy.assumed`. */
  readonly assumed?: string;
}
