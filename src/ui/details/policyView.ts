/**
 * What a workload's details show about policy: the rules whose subject selects its identity,
 * split by direction, each entry in words (who, which ports, L7). Read from the engine model, so
 * it is exactly what `decide` evaluates for this workload.
 * @public
 */
import { hasEntries, type EngineModel } from '../../core/engine/compile.ts';
import { entryView, type EntryView } from '../../core/engine/ruleWords.ts';
import { enablesDefaultDeny } from '../../core/engine/side.ts';
import type { RuleRef } from '../../core/engine/types.ts';
import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { Direction, Rule } from '../../core/model/policy.ts';
import type { SourceRef } from '../../core/model/diagnostic.ts';

export interface RuleView {
  /** The rule (path `spec`, `specs[1]`). */
  readonly ref: RuleRef;
  readonly entries: readonly EntryView[];
  /** This rule puts the workload into default deny for the direction. */
  readonly defaultDeny: boolean;
  /** `policies.yaml:12` */
  readonly source: string;
  /** Where its policy's document is (Policy.source), for "Open policy"; null when the policy is not in the cluster. */
  readonly at: SourceRef | null;
}

export interface WorkloadPolicies {
  /** Distinct identities of the workload's pods (normally 1). */
  readonly identities: number;
  readonly ingress: readonly RuleView[];
  readonly egress: readonly RuleView[];
}

function ruleView(model: EngineModel, rule: Rule, dir: Direction): RuleView {
  const entries = dir === 'ingress' ? [...rule.ingressDeny, ...rule.ingress] : [...rule.egressDeny, ...rule.egress];
  const policy = model.cluster.policies.find((p) => p.ref.kind === rule.policy.kind && p.ref.namespace === rule.policy.namespace && p.ref.name === rule.policy.name);
  return {
    ref: { ...rule.policy, path: rule.path },
    entries: entries.map((e) => entryView(e, model.cluster.name)),
    defaultDeny: enablesDefaultDeny(model, rule, dir),
    source: policy ? `${policy.source.file}:${policy.source.line}` : '',
    at: policy?.source ?? null,
  };
}

export function workloadPolicies(model: EngineModel, key: WorkloadKey): WorkloadPolicies {
  const ids = model.identityTable.byWorkload.get(key) ?? [];
  const ruleIdx = new Set<number>();
  for (const id of ids) {
    const i = model.identityIndex.get(id);
    if (i !== undefined) for (const r of model.subjectRules[i] ?? []) ruleIdx.add(r);
  }
  const rules = [...ruleIdx].sort((a, b) => a - b).map((i) => model.rules[i] as Rule);
  return {
    identities: ids.length,
    ingress: rules.filter((r) => hasEntries(r, 'ingress')).map((r) => ruleView(model, r, 'ingress')),
    egress: rules.filter((r) => hasEntries(r, 'egress')).map((r) => ruleView(model, r, 'egress')),
  };
}

export const BANDWIDTH_ANNOTATIONS = ['kubernetes.io/egress-bandwidth', 'kubernetes.io/ingress-bandwidth'] as const;

/** Bandwidth limits on the pod template (Cilium's bandwidth manager reads these). */
export function bandwidthOf(podAnnotations: Readonly<Record<string, string>>): { readonly annotation: string; readonly value: string }[] {
  return BANDWIDTH_ANNOTATIONS.flatMap((a) => (podAnnotations[a] !== undefined ? [{ annotation: a, value: podAnnotations[a] as string }] : []));
}
