/**
 * The tier-platform fixture (test/fixtures/tier-platform): a multi-tenant platform whose
 * isolation is written as ClusterNetworkPolicies (Admin deny of SMTP egress for all tenants, a
 * Pass for platform namespaces, a Baseline deny between tenants) plus one NetworkPolicy, and its
 * expected verdicts on Cilium 1.20 (tiers on), for the engine, CLI and app tests.
 * @internal
 */
import type { SideReason } from './types.ts';

export const tierPlatformFiles = ['inventory.yaml', 'policies.yaml'];

export interface TierRow {
  readonly n: number;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly verdict: 'allowed' | 'denied';
  readonly egress: SideReason;
  readonly ingress: SideReason;
  /** Text the deciding side's explanation must contain. */
  readonly says: string;
}

export const tierPlatformRows: readonly TierRow[] = [
  { n: 1, from: 'acme-web/frontend', to: '203.0.113.10', port: 25, verdict: 'denied', egress: 'explicit-deny', ingress: 'not-applicable', says: 'Admin tier, priority 10, rule `deny-smtp`: Deny' },
  { n: 2, from: 'globex-api/api', to: '203.0.113.10', port: 587, verdict: 'denied', egress: 'explicit-deny', ingress: 'not-applicable', says: 'Admin tier, priority 10, rule `deny-smtp`: Deny' },
  { n: 3, from: 'acme-web/frontend', to: '203.0.113.10', port: 443, verdict: 'allowed', egress: 'no-policy', ingress: 'not-applicable', says: 'no policy selects acme-web/frontend for egress' },
  { n: 4, from: 'platform-mail/relay', to: '203.0.113.10', port: 25, verdict: 'allowed', egress: 'no-policy', ingress: 'not-applicable', says: 'Admin tier, priority 5, rule `pass-smtp`: Pass (ClusterNetworkPolicy platform-smtp-pass spec.egress[0]): decided by the NetworkPolicy tier' },
  { n: 5, from: 'acme-web/frontend', to: 'acme-shop/cart', port: 8080, verdict: 'allowed', egress: 'no-policy', ingress: 'allowed', says: 'Baseline tier, priority 100, rule `allow-same-tenant`: Accept' },
  { n: 6, from: 'globex-api/api', to: 'acme-shop/cart', port: 8080, verdict: 'denied', egress: 'no-policy', ingress: 'explicit-deny', says: 'Baseline tier, priority 100, rule `deny-other-tenants`: Deny' },
  { n: 7, from: 'acme-web/frontend', to: 'globex-api/api', port: 8080, verdict: 'allowed', egress: 'no-policy', ingress: 'allowed', says: 'NetworkPolicy globex-api/api-from-acme-frontend spec.ingress[0]' },
  // #8, #9: the NetworkPolicy selects globex-api/api but none of its rules matches, so the Baseline tier decides (Cilium 1.20; tiers.baselineAfterPolicy.test.ts).
  { n: 8, from: 'acme-shop/cart', to: 'globex-api/api', port: 8080, verdict: 'denied', egress: 'no-policy', ingress: 'explicit-deny', says: 'Baseline tier, priority 100, rule `deny-other-tenants`: Deny' },
  { n: 9, from: 'acme-web/frontend', to: 'globex-api/api', port: 9090, verdict: 'denied', egress: 'no-policy', ingress: 'explicit-deny', says: 'Baseline tier, priority 100, rule `deny-other-tenants`: Deny' },
  { n: 10, from: 'monitoring/prometheus', to: 'acme-shop/cart', port: 9090, verdict: 'allowed', egress: 'no-policy', ingress: 'no-policy', says: 'no Baseline tier rule matches' },
];
