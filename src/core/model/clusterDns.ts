/**
 * The cluster's DNS service (CoreDNS / kube-dns), recognised the way policies select it.
 * @public
 */
import type { Workload } from './cluster.ts';

/** CoreDNS / kube-dns: the label Cilium policies select it by, or its usual names in kube-system. */
export function isClusterDns(w: Pick<Workload, 'namespace' | 'name' | 'podLabels'>): boolean {
  if (w.podLabels['k8s-app'] === 'kube-dns') return true;
  return w.namespace === 'kube-system' && (w.name === 'coredns' || w.name === 'kube-dns');
}
