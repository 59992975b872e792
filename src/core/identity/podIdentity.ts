/**
 * The label set Cilium derives for a pod (semantics reference A.5, B.1).
 * @public
 */
import { labelSet, type Label, type LabelSet } from '../model/labels.ts';
import { isIdentityLabel } from './labelFilter.ts';

export const NS_LABEL = 'io.kubernetes.pod.namespace';
export const NS_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const SA_LABEL = 'io.cilium.k8s.policy.serviceaccount';
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';

export interface PodIdentityInput {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Labels of the Namespace object; `kubernetes.io/metadata.name` is added when missing (the API server always sets it). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly clusterName: string;
}

const k8s = (key: string, value: string): Label => ({ source: 'k8s', key, value });

export function podIdentityLabels(input: PodIdentityInput): LabelSet {
  const out: Label[] = [];
  for (const [k, v] of Object.entries(input.podLabels)) if (isIdentityLabel(k)) out.push(k8s(k, v));
  const nsLabels: Record<string, string> = { 'kubernetes.io/metadata.name': input.namespace, ...input.namespaceLabels };
  for (const [k, v] of Object.entries(nsLabels)) out.push(k8s(NS_LABELS_PREFIX + k, v));
  out.push(k8s(NS_LABEL, input.namespace));
  out.push(k8s(SA_LABEL, input.serviceAccount || 'default'));
  out.push(k8s(CLUSTER_LABEL, input.clusterName));
  return labelSet(out);
}
