import type { PathSegment } from '../load/parseTypes.ts';
import type { Severity } from '../model/diagnostic.ts';
import type { Requirement, Selector, SelectorOperator } from '../model/selector.ts';

/**
 * Kubernetes label selectors (`matchLabels` / `matchExpressions`) parsed into the internal
 * `Selector`, with Cilium's key sanitisation (reference A.5) or plain Kubernetes keys.
 * @public
 */

/** A problem found in a selector; `fatal` ones make the owning object not import. */
export interface SelectorIssue {
  readonly path: readonly PathSegment[];
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fatal: boolean;
}

export interface SelectorParseOptions {
  /**
   * `cilium`: keys are `[source:]key` (`k8s:app`, `app` = any source, `$host` = reserved:host).
   * `k8s`: Kubernetes NetworkPolicy keys, all of source `k8s`.
   */
  readonly mode: 'cilium' | 'k8s';
  /** Prepended to every key after validation (NetworkPolicy namespaceSelector: namespace-label keys). */
  readonly keyPrefix?: string;
  /** Cilium release (major, minor) whose key check applies in `cilium` mode (ciliumKeyProblem); default before 1.20. */
  readonly version?: readonly [number, number];
}

/** Namespace labels in identities: `io.cilium.k8s.namespace.labels.<namespace label key>`. */
const NS_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/**
 * Cilium's check of a selector key in a Cilium policy, with the extended key it checks (for the
 * message). From 1.20 (pkg/labels/validation.go IsValidCiliumLabelKey, cilium/cilium main as of
 * 669f18e3): at most one ':', an alphanumeric source before it, and the key after it a Kubernetes
 * key, a namespace label's key checked without its `io.cilium.k8s.namespace.labels.` prefix, so
 * the longest legal namespace label keys stay valid. Before: the extended key `source.key` is
 * checked as one Kubernetes key (EndpointSelector.sanitize), too long for those keys.
 */
function ciliumKeyProblem(rawKey: string, source: string, key: string, version: readonly [number, number] | undefined): { checked: string; problem: string | null } {
  const [maj, min] = version ?? [1, 19];
  if (maj > 1 || min >= 20) {
    const colons = rawKey.split(':').length - 1;
    if (colons > 1) return { checked: rawKey, problem: "only one ':' (after the source)" };
    if (colons === 1 && !/^[A-Za-z0-9]+$/.test(rawKey.slice(0, rawKey.indexOf(':')))) return { checked: rawKey, problem: 'the label source must be letters and digits' };
    const own = key.startsWith(NS_LABELS_PREFIX) ? key.slice(NS_LABELS_PREFIX.length) : key;
    return { checked: own, problem: qualifiedNameProblem(own) };
  }
  const full = `${source}.${key}`;
  const problem = qualifiedNameProblem(full);
  if (problem === null) return { checked: full, problem: null };
  const later = ciliumKeyProblem(rawKey, source, key, [1, 20]).problem === null ? '; Cilium 1.20 accepts it' : '';
  return { checked: full, problem: `${problem}${later}` };
}

export interface ParsedSelector {
  /** null when a fatal issue was found. */
  readonly selector: Selector | null;
  readonly issues: readonly SelectorIssue[];
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes qualified name: `[dns-subdomain/]name`, name ≤ 63 chars (label keys). */
export function qualifiedNameProblem(key: string): string | null {
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key may contain at most one "/"';
  const name = parts.length === 2 ? (parts[1] as string) : (parts[0] as string);
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') return 'the prefix before "/" must not be empty';
    if (prefix.length > 253) return 'the prefix before "/" must be at most 253 characters';
    if (!DNS1123_SUBDOMAIN_RE.test(prefix)) return 'the prefix before "/" must be a lower-case DNS subdomain';
  }
  if (name === '') return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be at most 63 characters';
  if (!NAME_RE.test(name)) return 'the name part must consist of alphanumerics, "-", "_" or "." and start and end with an alphanumeric';
  return null;
}

/** Kubernetes label value: empty, or ≤ 63 chars of alphanumerics, `-_.`, alphanumeric at both ends. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!NAME_RE.test(value)) return 'a label value must consist of alphanumerics, "-", "_" or "." and start and end with an alphanumeric';
  return null;
}

/**
 * Cilium's `GetExtendedKeyFrom`: `k8s:foo` → (k8s, foo); `foo` → (any, foo); `$host` → (reserved, host).
 * The source is everything before the first ':' (Cilium does not look further).
 */
export function sanitizeSelectorKey(raw: string): { source: string; key: string } {
  if (raw.startsWith('$')) return { source: 'reserved', key: raw.slice(1) };
  const colon = raw.indexOf(':');
  if (colon < 0) return { source: 'any', key: raw };
  const source = raw.slice(0, colon);
  return { source: source === '' ? 'any' : source, key: raw.slice(colon + 1) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a LabelSelector object; never throws. `null`/absent input is the caller's business. */
export function parseLabelSelector(
  raw: unknown,
  path: readonly PathSegment[],
  opts: SelectorParseOptions,
): ParsedSelector {
  const issues: SelectorIssue[] = [];
  const fatal = (p: readonly PathSegment[], code: string, message: string): void => {
    issues.push({ path: p, severity: 'error', code, message, fatal: true });
  };
  if (!isRecord(raw)) {
    fatal(path, 'invalid-selector', `a label selector must be an object, got ${describe(raw)}`);
    return { selector: null, issues };
  }
  const requirements: Requirement[] = [];
  const keyOf = (rawKey: string, p: readonly PathSegment[]): { source: string; key: string } | null => {
    if (opts.mode === 'k8s') {
      const problem = qualifiedNameProblem(rawKey);
      if (problem) {
        fatal(p, 'invalid-label-key', `invalid label key "${rawKey}": ${problem}`);
        return null;
      }
      return { source: 'k8s', key: (opts.keyPrefix ?? '') + rawKey };
    }
    const { source, key } = sanitizeSelectorKey(rawKey);
    const { checked, problem } = ciliumKeyProblem(rawKey, source, (opts.keyPrefix ?? '') + key, opts.version);
    if (problem) {
      fatal(p, 'invalid-label-key', `invalid label key "${rawKey}" (checked by Cilium as "${checked}"): ${problem}`);
      return null;
    }
    return { source, key: (opts.keyPrefix ?? '') + key };
  };
  const value = (v: unknown, p: readonly PathSegment[]): string | null => {
    if (typeof v !== 'string') {
      fatal(p, 'invalid-label-value', `a label value must be a string, got ${describe(v)} (quote it in YAML)`);
      return null;
    }
    const problem = labelValueProblem(v);
    if (problem) {
      fatal(p, 'invalid-label-value', `invalid label value "${v}": ${problem}`);
      return null;
    }
    return v;
  };

  for (const k of Object.keys(raw)) {
    if (k !== 'matchLabels' && k !== 'matchExpressions') {
      issues.push({
        path: [...path, k],
        severity: 'warning',
        code: 'unknown-field',
        message: `unknown field "${k}" in a label selector is dropped by the API server (schema pruning); only matchLabels and matchExpressions select, so this condition is lost${
          Object.keys(raw).some((x) => x === 'matchLabels' || x === 'matchExpressions') ? '' : ' and the selector is empty: it selects everything in its scope'
        }`,
        fatal: false,
      });
    }
  }

  const ml = raw['matchLabels'];
  if (ml !== undefined && ml !== null) {
    const mp = [...path, 'matchLabels'];
    if (!isRecord(ml)) fatal(mp, 'invalid-selector', `matchLabels must be a map of key: value, got ${describe(ml)}`);
    else {
      for (const [k, v] of Object.entries(ml)) {
        const key = keyOf(k, [...mp, k]);
        const val = value(v, [...mp, k]);
        if (key && val !== null) requirements.push({ ...key, operator: 'In', values: [val] });
      }
    }
  }

  const me = raw['matchExpressions'];
  if (me !== undefined && me !== null) {
    const ep = [...path, 'matchExpressions'];
    if (!Array.isArray(me)) fatal(ep, 'invalid-selector', `matchExpressions must be a list, got ${describe(me)}`);
    else {
      me.forEach((item: unknown, i) => {
        const p = [...ep, i];
        const r = parseExpression(item, p, keyOf, value, fatal, issues);
        if (r) requirements.push(r);
      });
    }
  }

  if (issues.some((i) => i.fatal)) return { selector: null, issues };
  return { selector: { requirements }, issues };
}

function parseExpression(
  item: unknown,
  p: readonly PathSegment[],
  keyOf: (k: string, p: readonly PathSegment[]) => { source: string; key: string } | null,
  value: (v: unknown, p: readonly PathSegment[]) => string | null,
  fatal: (p: readonly PathSegment[], code: string, message: string) => void,
  issues: SelectorIssue[],
): Requirement | null {
  if (!isRecord(item)) {
    fatal(p, 'invalid-selector', `a match expression must be an object with key, operator and values, got ${describe(item)}`);
    return null;
  }
  for (const k of Object.keys(item)) {
    if (k !== 'key' && k !== 'operator' && k !== 'values') {
      issues.push({
        path: [...p, k],
        severity: 'warning',
        code: 'unknown-field',
        message: `unknown field "${k}" in a match expression is dropped by the API server (structural schema pruning)`,
        fatal: false,
      });
    }
  }
  const rawKey = item['key'];
  const op = item['operator'];
  const rawValues = item['values'];
  if (typeof rawKey !== 'string') {
    fatal([...p, 'key'], 'invalid-selector', 'a match expression needs a string "key"');
    return null;
  }
  const key = keyOf(rawKey, [...p, 'key']);
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    fatal([...p, 'operator'], 'invalid-operator', `operator must be one of In, NotIn, Exists, DoesNotExist (case-sensitive), got ${describe(op)}`);
    return null;
  }
  const operator = op as SelectorOperator;
  let values: string[] = [];
  if (rawValues !== undefined && rawValues !== null) {
    if (!Array.isArray(rawValues)) {
      fatal([...p, 'values'], 'invalid-selector', `values must be a list of strings, got ${describe(rawValues)}`);
      return null;
    }
    values = [];
    rawValues.forEach((v: unknown, j) => {
      const s = value(v, [...p, 'values', j]);
      if (s !== null) values.push(s);
    });
    if (values.length !== rawValues.length) return null;
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    fatal([...p, 'values'], 'invalid-operator', `operator ${operator} needs a non-empty "values" list`);
    return null;
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    fatal([...p, 'values'], 'invalid-operator', `operator ${operator} must not have "values"`);
    return null;
  }
  if (!key) return null;
  return { ...key, operator, values };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Whether some requirement has `key` with one of `sources` (matchLabels or matchExpressions alike). */
export function selectorHasKey(selector: Selector, sources: readonly string[], key: string): boolean {
  return selector.requirements.some((r) => r.key === key && sources.includes(r.source));
}

/** Whether some requirement's key starts with `prefix` for one of `sources`. */
export function selectorHasKeyPrefix(selector: Selector, sources: readonly string[], prefix: string): boolean {
  return selector.requirements.some((r) => r.key.startsWith(prefix) && sources.includes(r.source));
}

/** Whether some requirement uses the label source `source` (e.g. any `reserved:` key). */
export function selectorUsesSource(selector: Selector, source: string): boolean {
  return selector.requirements.some((r) => r.source === source);
}
