/**
 * The smallest set of pod labels that picks out one identity within its namespace: what a
 * generated rule writes in endpointSelector / fromEndpoints so it opens no more than asked.
 * @internal
 */
import type { Endpoint } from '../engine/types.ts';
import type { EngineModel } from '../engine/compile.ts';
import { parseLabel } from '../model/labels.ts';
import { CLUSTER_LABEL, NS_LABEL, NS_LABELS_PREFIX, SA_LABEL } from '../identity/podIdentity.ts';

const PREFERRED = ['app', 'app.kubernetes.io/name', 'k8s-app', 'name', 'app.kubernetes.io/component', 'component'];

/** Pod labels (k8s source, without namespace, namespace labels, service account and cluster). */
export function podLabelsOf(e: Extract<Endpoint, { kind: 'endpoint' }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of e.labels) {
    const l = parseLabel(text);
    if (l.source !== 'k8s' || l.key === NS_LABEL || l.key === SA_LABEL || l.key === CLUSTER_LABEL || l.key.startsWith(NS_LABELS_PREFIX)) continue;
    out[l.key] = l.value;
  }
  return out;
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((x, i) => {
    for (const rest of subsets(items.slice(i + 1), size - 1)) out.push([x, ...rest]);
  });
  return out;
}

/**
 * Labels that select exactly the endpoint's identity among the identities of its namespace
 * (preferring `app`-like keys, then fewer labels); all its pod labels when no smaller set does.
 */
export function minimalLabels(model: EngineModel, e: Extract<Endpoint, { kind: 'endpoint' }>): Record<string, string> {
  const all = podLabelsOf(e);
  const keys = Object.keys(all).sort((a, b) => {
    const pa = PREFERRED.indexOf(a);
    const pb = PREFERRED.indexOf(b);
    return (pa < 0 ? 99 : pa) - (pb < 0 ? 99 : pb) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const others = model.identities.filter((id) => id.namespace === e.namespace && id.key !== e.identity);
  for (let size = 1; size <= Math.min(3, keys.length); size++)
    for (const pick of subsets(keys, size)) {
      const hits = others.some((id) => pick.every((k) => id.labels.get(k)?.value === all[k]));
      if (!hits) return Object.fromEntries(pick.map((k) => [k, all[k] as string]));
    }
  return all;
}
