/**
 * Cilium's default identity-relevant label filter (semantics reference A.5, pkg/labelsfilter).
 * Pod labels that fail it are not part of the security identity, so selectors on them never match.
 * @public
 */

/**
 * The default patterns of `defaultLabelPrefixCfg` (Cilium 1.19; `!topology.kubernetes.io` since
 * cilium/cilium#43725, January 2026, also in 1.18 patch releases). Each is a regular expression
 * that counts only when its leftmost match starts the key (`LabelPrefix.matches`), so `kubernetes.io`
 * drops `kubernetes.io/hostname` but not `batch.kubernetes.io/job-name`. `match` returns the length
 * of the matched section, or -1.
 */
interface Pattern {
  readonly ignore: boolean;
  readonly match: (key: string) => number;
}

const prefix = (p: string, ignore: boolean): Pattern => ({ ignore, match: (k) => (k.startsWith(p) ? p.length : -1) });

/** `.*beta\.kubernetes\.io`: greedy, so the match ends after the last occurrence. */
const anyBeta: Pattern = {
  ignore: true,
  match: (k) => {
    const i = k.lastIndexOf('beta.kubernetes.io');
    return i < 0 ? -1 : i + 'beta.kubernetes.io'.length;
  },
};

/** `annotation.*`: the whole key. */
const annotation: Pattern = { ignore: true, match: (k) => (k.startsWith('annotation') ? k.length : -1) };

const patterns: readonly Pattern[] = [
  ...['io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels', 'app.kubernetes.io', 'io.cilium.k8s.policy.cluster', 'io.cilium.k8s.policy.serviceaccount'].map(
    (p) => prefix(p, false),
  ),
  ...[
    'io.kubernetes',
    'kubernetes.io',
    'statefulset.kubernetes.io/pod-name',
    'apps.kubernetes.io/pod-index',
    'batch.kubernetes.io/job-completion-index',
    'batch.kubernetes.io/controller-uid',
    'k8s.io',
    'pod-template-generation',
    'pod-template-hash',
    'controller-revision-hash',
    'controller-uid',
    'etcd_node',
    'topology.kubernetes.io',
  ].map((p) => prefix(p, true)),
  anyBeta,
  annotation,
];

/**
 * Whether a pod label key (without source) takes part in the identity under the default filter
 * (`filterLabels`: kept when no ignore pattern matches, or when an include pattern matches a
 * longer section than the shortest matching ignore pattern).
 */
export function isIdentityLabel(key: string): boolean {
  let included = 0;
  let ignored = 0;
  for (const p of patterns) {
    const len = p.match(key);
    if (len < 0) continue;
    if (p.ignore) {
      if (ignored === 0 || len < ignored) ignored = len;
    } else if (len > included) included = len;
  }
  return ignored === 0 || included > ignored;
}
