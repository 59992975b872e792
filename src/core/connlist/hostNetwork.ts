import type { Cluster } from '../model/cluster.ts';
import { assertNever } from '../util/assertNever.ts';

/**
 * How connlist models hostNetwork pods. Kubernetes leaves NetworkPolicy behaviour for them
 * undefined, and the two tools we care about disagree:
 * - `node` (default): Cilium's view. A hostNetwork pod is its node: no identity of its own,
 *   no pod policy applies, its traffic carries the host/remote-node identity.
 * - `pod`: netpol-analyzer's view. hostNetwork pods are ordinary pods, selected by policies
 *   like any other (what `npm run conformance` compares against upstream).
 * @public
 */
export type HostNetworkMode = 'node' | 'pod';

export const hostNetworkModes: readonly HostNetworkMode[] = ['node', 'pod'];

export function isHostNetworkMode(s: string): s is HostNetworkMode {
  return (hostNetworkModes as readonly string[]).includes(s);
}

/** `ns/name` of the workloads that use the host network (for notes). */
export function hostNetworkWorkloads(cluster: Cluster): string[] {
  return cluster.workloads.filter((w) => w.hostNetwork).map((w) => `${w.namespace}/${w.name}`);
}

/**
 * The cluster as netpol-analyzer sees it: `hostNetwork` cleared on every workload and pod, so
 * the (Cilium-only) engine gives them identities and applies pod policies to them. Pure; the
 * input is returned unchanged when nothing uses the host network. Everything else, including
 * the pods' addresses, is kept as loaded.
 */
export function hostNetworkAsPods(cluster: Cluster): Cluster {
  if (!cluster.workloads.some((w) => w.hostNetwork) && !cluster.pods.some((p) => p.hostNetwork)) return cluster;
  return {
    ...cluster,
    workloads: cluster.workloads.map((w) => (w.hostNetwork ? { ...w, hostNetwork: false } : w)),
    pods: cluster.pods.map((p) => (p.hostNetwork ? { ...p, hostNetwork: false } : p)),
  };
}

/** The cluster the engine should see for a mode. */
export function clusterForHostNetwork(cluster: Cluster, mode: HostNetworkMode): Cluster {
  switch (mode) {
    case 'node':
      return cluster;
    case 'pod':
      return hostNetworkAsPods(cluster);
    default:
      return assertNever(mode, 'host network mode');
  }
}

