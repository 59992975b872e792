import type { RuleRef } from '../../core/engine/types.ts';
import type { Policy } from '../../core/model/policy.ts';
import type { SourceRef } from '../../core/model/diagnostic.ts';

/** A policy to show as loaded: its name, where its document is (Policy.source) and the rule to mark (RuleRef.path; '' for none). */
export interface PolicyTarget extends RuleRef {
  readonly at: SourceRef;
}

/** The whole policy, nothing marked (the policy list, a diagnostic). */
export function policyTarget(p: Policy): PolicyTarget {
  return { ...p.ref, path: '', at: p.source };
}
