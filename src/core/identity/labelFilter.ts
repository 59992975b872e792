/**
 * Cilium's default identity-relevant label filter (semantics reference A.5, pkg/labelsfilter).
 * Pod labels that fail it are not part of the security identity, so selectors on them never match.
 * @public
 */

/** Kept whatever the drop rules say (they are checked first). */
const keepPrefixes = ['io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels.', 'app.kubernetes.io', 'io.cilium.k8s.policy.'];

const dropExact = new Set(['pod-template-generation', 'pod-template-hash', 'controller-revision-hash', 'controller-uid', 'etcd_node']);

const dropPrefixes = ['io.kubernetes', 'k8s.io', 'annotation'];

/**
 * Substrings that drop a key anywhere in it: Cilium's patterns are unanchored regexes, which is
 * why `*beta.kubernetes.io*`, `statefulset.kubernetes.io/pod-name`, `topology.kubernetes.io/*` and
 * `batch.kubernetes.io/*` all go (they contain `kubernetes.io`).
 */
const dropContains = ['kubernetes.io'];

/** Whether a pod label key (without source) takes part in the identity under the default filter. */
export function isIdentityLabel(key: string): boolean {
  if (keepPrefixes.some((p) => key.startsWith(p))) return true;
  if (dropExact.has(key)) return false;
  if (dropPrefixes.some((p) => key.startsWith(p))) return false;
  if (dropContains.some((p) => key.includes(p))) return false;
  return true;
}
