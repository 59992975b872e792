/**
 * A deterministic synthetic multi-tenant cluster for benchmarks and scale tests: `tenants`
 * namespaces of `perTenant` workloads, each tenant with a same-tenant isolation policy and
 * per-app L4 policies, plus platform-wide CCNP baselines (DNS, internet except private ranges,
 * SMTP deny).
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import { buildCluster, policiesFromYaml, type PodSpec } from './testing.ts';

export interface SyntheticOptions {
  readonly tenants?: number;
  readonly perTenant?: number;
  /** Policies per tenant, same-tenant policy included (≥ 1). */
  readonly policiesPerTenant?: number;
}

export function syntheticCluster(opts: SyntheticOptions = {}): Cluster {
  const tenants = opts.tenants ?? 200;
  const perTenant = opts.perTenant ?? 25;
  const perTenantPolicies = Math.max(1, opts.policiesPerTenant ?? 5);
  const pods: PodSpec[] = [{ ns: 'kube-system', name: 'coredns', labels: { 'k8s-app': 'kube-dns' }, ip: '10.96.0.53', ports: [['dns', 53, 'UDP']] }];
  const namespaces: Record<string, Record<string, string>> = { 'kube-system': {} };
  const docs: string[] = [
    `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: tenant-egress-baseline}
spec:
  endpointSelector: {matchExpressions: [{key: io.cilium.k8s.namespace.labels.tenant, operator: Exists}]}
  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]
  - toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}]
  egressDeny:
  - toEntities: [world]
    toPorts: [{ports: [{port: "25", protocol: TCP}]}]`,
  ];
  for (let t = 0; t < tenants; t++) {
    const ns = `tenant-${t}`;
    namespaces[ns] = { tenant: `t${t}` };
    for (let w = 0; w < perTenant; w++)
      pods.push({
        ns,
        name: `app-${w}`,
        labels: { app: `app-${w}`, tier: w % 3 === 0 ? 'web' : w % 3 === 1 ? 'api' : 'db' },
        ip: `10.${100 + (t >> 8)}.${t & 255}.${w + 1}`,
        ports: [['http', 8080 + (w % 4)]],
      });
    docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: same-tenant, namespace: ${ns}}
spec:
  endpointSelector: {}
  ingress: [{fromEndpoints: [{}]}]
  egress: [{toEndpoints: [{}]}]`);
    for (let k = 1; k < perTenantPolicies; k++) {
      const target = (k * 7) % perTenant;
      docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: app-${target}-in-${k}, namespace: ${ns}}
spec:
  endpointSelector: {matchLabels: {app: app-${target}}}
  ingress:
  - fromEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": tenant-${(t + k) % tenants}, tier: web}}]
    toPorts: [{ports: [{port: "http"}, {port: "${9000 + k}", endPort: ${9010 + k}, protocol: TCP}]}]
  - fromCIDRSet: [{cidr: 203.0.${k}.0/24}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]`);
    }
  }
  const { policies } = policiesFromYaml(docs.join('\n---\n'));
  return buildCluster({ namespaces, pods, policies });
}
