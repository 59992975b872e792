/**
 * Policies as the app and the CLI name them in one line: `CCNP tenant-egress-baseline`,
 * `CNP acme-web/same-tenant`, `KNP globex-shop/cart-from-storefront`.
 * @public
 */
import type { PolicyKind } from './policy.ts';

export const POLICY_ABBREV: Readonly<Record<PolicyKind, string>> = {
  CiliumNetworkPolicy: 'CNP',
  CiliumClusterwideNetworkPolicy: 'CCNP',
  NetworkPolicy: 'KNP',
  ClusterNetworkPolicy: 'ClusterNP',
  AdminNetworkPolicy: 'ANP',
  BaselineAdminNetworkPolicy: 'BANP',
};

export function policyLabel(ref: { readonly kind: PolicyKind; readonly namespace: string | null; readonly name: string }): string {
  return `${POLICY_ABBREV[ref.kind]} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
