import type { LabelSet } from './labels.ts';

/**
 * A label selector after Cilium's sanitisation: every requirement names the label source it
 * accepts. `any` accepts a label of any source (`app` in YAML); `k8s` only `k8s:` labels
 * (`k8s:app` in YAML); `reserved` only reserved labels (`reserved:host`, `$host`).
 * @public
 */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly source: string;
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

export interface Selector {
  /** ANDed; none = matches every label set. */
  readonly requirements: readonly Requirement[];
}

export const matchAllSelector: Selector = { requirements: [] };

function requirementMatches(r: Requirement, labels: LabelSet): boolean {
  const l = labels.get(r.key);
  const present = l !== undefined && (r.source === 'any' || l.source === r.source);
  switch (r.operator) {
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'In':
      return present && r.values.includes(l.value);
    case 'NotIn':
      return !present || !r.values.includes(l.value);
  }
}

/** Whether a label set satisfies every requirement of the selector. */
export function selectorMatches(selector: Selector, labels: LabelSet): boolean {
  for (const r of selector.requirements) if (!requirementMatches(r, labels)) return false;
  return true;
}

/** Human form used in explanations: `k8s:app=frontend, any:tier in (a,b)`. */
export function formatSelector(selector: Selector): string {
  if (selector.requirements.length === 0) return '{} (everything)';
  return selector.requirements
    .map((r) => {
      const k = `${r.source}:${r.key}`;
      switch (r.operator) {
        case 'Exists':
          return `${k} exists`;
        case 'DoesNotExist':
          return `!${k}`;
        case 'In':
          return r.values.length === 1 ? `${k}=${r.values[0]}` : `${k} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${k} notin (${r.values.join(',')})`;
      }
    })
    .join(', ');
}
