/**
 * Cilium labels: `source:key=value`. Sources that matter for policy: `k8s` (pod and namespace
 * labels), `reserved` (special identities), `cidr`, `fqdn`, `any` (selector wildcard source).
 * @public
 */
export interface Label {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** A label set, keyed by `key` (Cilium keeps one value per key in an identity). */
export type LabelSet = ReadonlyMap<string, Label>;

/** Parses Hubble/Cilium's `"source:key=value"` form; a missing source means `unspec`. */
export function parseLabel(text: string): Label {
  const eq = text.indexOf('=');
  const head = eq >= 0 ? text.slice(0, eq) : text;
  const value = eq >= 0 ? text.slice(eq + 1) : '';
  const colon = head.indexOf(':');
  // Keys may contain '/' and '.', never ':' in practice; the first ':' separates the source.
  if (colon > 0 && !head.slice(0, colon).includes('/') && !head.slice(0, colon).includes('.')) {
    return { source: head.slice(0, colon), key: head.slice(colon + 1), value };
  }
  return { source: 'unspec', key: head, value };
}

export function formatLabel(l: Label): string {
  return l.value === '' ? `${l.source}:${l.key}` : `${l.source}:${l.key}=${l.value}`;
}

export function labelSet(labels: Iterable<Label>): LabelSet {
  const m = new Map<string, Label>();
  for (const l of labels) m.set(l.key, l);
  return m;
}

/** Canonical string of a label set (sorted), used as identity key. */
export function labelSetKey(set: LabelSet): string {
  return [...set.values()].map(formatLabel).sort().join(',');
}
