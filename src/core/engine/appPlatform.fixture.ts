/**
 * The app-platform fixture (test/fixtures/app-platform) and its expected-verdict table, for the
 * engine and CLI tests.
 * @internal
 */
import type { SideReason } from './types.ts';

export const appPlatformFiles = ['policies.yaml', 'inventory.yaml'];

export interface Row {
  readonly n: number;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly proto: 'TCP' | 'UDP';
  readonly verdict: 'allowed' | 'denied';
  readonly egress: SideReason;
  readonly ingress: SideReason;
  /** Rule paths (`Kind ns/name path`) that must appear among the side's rules. */
  readonly egressRules?: readonly string[];
  readonly ingressRules?: readonly string[];
}

/** The expected-verdict table of test/fixtures/app-platform/README.md. */
export const appPlatformRows: readonly Row[] = [
  { n: 1, from: 'acme-web/frontend', to: 'acme-web/api', port: 9000, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'allowed', egressRules: ['CiliumNetworkPolicy acme-web/same-tenant spec.egress[0]'], ingressRules: ['CiliumNetworkPolicy acme-web/same-tenant spec.ingress[0]'] },
  { n: 2, from: 'globex-shop/storefront', to: 'acme-web/api', port: 9000, proto: 'TCP', verdict: 'denied', egress: 'default-deny', ingress: 'default-deny' },
  { n: 3, from: 'platform-ingress/envoy', to: 'acme-web/frontend', port: 8080, proto: 'TCP', verdict: 'allowed', egress: 'no-policy', ingress: 'allowed', ingressRules: ['CiliumClusterwideNetworkPolicy tenant-ingress-baseline spec.ingress[0]'] },
  { n: 4, from: 'platform-ingress/envoy', to: 'acme-web/api', port: 9000, proto: 'TCP', verdict: 'denied', egress: 'no-policy', ingress: 'default-deny' },
  { n: 5, from: 'acme-jobs/mailer', to: '198.51.100.25', port: 25, proto: 'TCP', verdict: 'denied', egress: 'explicit-deny', ingress: 'not-applicable', egressRules: ['CiliumClusterwideNetworkPolicy tenant-egress-baseline spec.egressDeny[0]'] },
  { n: 6, from: 'acme-jobs/mailer', to: '198.51.100.25', port: 587, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'not-applicable', egressRules: ['CiliumClusterwideNetworkPolicy tenant-egress-baseline spec.egress[1]'] },
  { n: 7, from: 'acme-jobs/mailer', to: 'fqdn:smtp.mailgun.org', port: 587, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'not-applicable', egressRules: ['CiliumNetworkPolicy acme-jobs/mailer-smtp-relay spec.egress[0]'] },
  { n: 8, from: 'acme-jobs/worker', to: '169.254.169.254', port: 80, proto: 'TCP', verdict: 'denied', egress: 'default-deny', ingress: 'not-applicable' },
  { n: 9, from: 'acme-web/frontend', to: '93.184.216.34', port: 443, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'not-applicable', egressRules: ['CiliumClusterwideNetworkPolicy tenant-egress-baseline spec.egress[1]'] },
  { n: 10, from: 'acme-web/frontend', to: 'kube-system/coredns', port: 53, proto: 'UDP', verdict: 'allowed', egress: 'allowed', ingress: 'no-policy', egressRules: ['CiliumClusterwideNetworkPolicy tenant-egress-baseline spec.egress[0]'] },
  { n: 11, from: 'entity:world', to: 'globex-shop/realtime', port: 40050, proto: 'UDP', verdict: 'allowed', egress: 'not-applicable', ingress: 'allowed', ingressRules: ['CiliumNetworkPolicy globex-shop/realtime-udp spec.ingress[0]'] },
  { n: 12, from: 'entity:world', to: 'globex-shop/realtime', port: 40101, proto: 'UDP', verdict: 'denied', egress: 'not-applicable', ingress: 'default-deny' },
  { n: 13, from: 'initech-admin/admin-panel', to: 'initech-blog/db', port: 5432, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'allowed', ingressRules: ['CiliumNetworkPolicy initech-blog/same-tenant spec.ingress[0]'] },
  { n: 14, from: 'platform-mgmt/deployer', to: 'entity:kube-apiserver', port: 6443, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'not-applicable', egressRules: ['CiliumNetworkPolicy platform-mgmt/deployer-to-apiserver spec.egress[0]'] },
  { n: 15, from: 'platform-mgmt/deployer', to: '1.1.1.1', port: 443, proto: 'TCP', verdict: 'denied', egress: 'default-deny', ingress: 'not-applicable' },
  { n: 16, from: 'globex-shop/storefront', to: 'globex-shop/cart', port: 8081, proto: 'TCP', verdict: 'allowed', egress: 'allowed', ingress: 'allowed', egressRules: ['CiliumNetworkPolicy globex-shop/same-tenant spec.egress[0]'], ingressRules: ['NetworkPolicy globex-shop/cart-from-storefront spec.ingress[0]', 'CiliumNetworkPolicy globex-shop/same-tenant spec.ingress[0]'] },
  { n: 17, from: 'platform-mgmt/metrics-agent', to: 'acme-web/api', port: 9090, proto: 'TCP', verdict: 'allowed', egress: 'no-policy', ingress: 'allowed', ingressRules: ['CiliumClusterwideNetworkPolicy tenant-ingress-baseline spec.ingress[1]'] },
  { n: 18, from: 'initech-blog/blog', to: 'globex-shop/cart', port: 8081, proto: 'TCP', verdict: 'denied', egress: 'default-deny', ingress: 'default-deny' },
];


export const refText = (r: { kind: string; namespace: string | null; name: string; path: string }) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name} ${r.path}`;

