/**
 * Narrowing a deny rule so it stops matching one path: an allow can never override a deny
 * (B.5.4), so the only fix for an explicitly denied path is to make the deny smaller. The subject
 * of the path is excluded from the deny rule's endpointSelector (`key NotIn [value]`); the blast
 * radius then shows everything else that exclusion re-opens.
 * @internal
 */
import { stringify } from 'yaml';
import type { EngineModel } from '../engine/compile.ts';
import type { Endpoint, RuleRef } from '../engine/types.ts';
import type { Policy, Rule } from '../model/policy.ts';
import type { Requirement } from '../model/selector.ts';
import { minimalLabels } from './selectors.ts';
import type { FixChange } from './types.ts';

export type Narrowed = { ok: true; policy: Policy; change: FixChange } | { ok: false; why: string };

const sameRef = (p: Policy, r: RuleRef) => p.ref.kind === r.kind && p.ref.namespace === r.namespace && p.ref.name === r.name;

export function narrowDeny(model: EngineModel, policies: readonly Policy[], deny: RuleRef, subject: Endpoint): Narrowed {
  const policy = policies.find((p) => sameRef(p, deny));
  const rule: Rule | undefined = policy?.rules.find((r) => deny.path === r.path || deny.path.startsWith(`${r.path}.`));
  if (!policy || !rule) return { ok: false, why: `the deny rule ${deny.name} ${deny.path} is not in the loaded policies` };
  if (rule.subject.kind !== 'endpoints') return { ok: false, why: `${deny.name} ${rule.path} is a host policy (nodeSelector): narrow it by hand` };
  if (subject.kind !== 'endpoint') return { ok: false, why: `${subject.display} is not a pod, so it cannot be excluded from ${deny.name}'s endpointSelector: narrow the deny's peers or ports by hand` };
  const labels = minimalLabels(model, subject);
  const [key, value] = Object.entries(labels)[0] ?? [];
  if (key === undefined || value === undefined) return { ok: false, why: `${subject.display} has no pod label to exclude it by` };
  const req: Requirement = { source: 'any', key, operator: 'NotIn', values: [value] };
  const narrowedRule: Rule = { ...rule, subject: { ...rule.subject, selector: { requirements: [...rule.subject.selector.requirements, req] } } };
  const narrowed: Policy = { ...policy, rules: policy.rules.map((r) => (r === rule ? narrowedRule : r)) };
  const selectorKey = policy.ref.kind === 'NetworkPolicy' ? 'podSelector' : 'endpointSelector';
  return {
    ok: true,
    policy: narrowed,
    change: {
      kind: 'edit-policy',
      policy: policy.ref,
      path: `${rule.path}.${selectorKey}.matchExpressions`,
      yaml: stringify([{ key, operator: 'NotIn', values: [value] }], { lineWidth: 0 }),
      why: `exclude ${subject.display} (${key}=${value}) from the pods ${deny.name} ${deny.path} applies to; an allow rule cannot override a deny`,
    },
  };
}
