import type { PathSegment } from '../load/parseTypes.ts';
import type { DnsRule, HttpRule, L7Rules } from '../model/policy.ts';
import { re2Error } from '../util/re2.ts';
import { type Collector, describe, field, isRecord, type Json, pruneUnknown, versionAtLeast } from './collect.ts';

/**
 * `toPorts[].rules` (reference A.10): exactly one L7 kind per PortRule. Returns the parsed rules
 * (null when none is left) and the kinds written, for the checks that depend on the ports.
 * @internal
 */
export interface ParsedL7 {
  readonly rules: L7Rules | null;
  /** Kinds written as non-null lists (`http: []` counts for "multiple kinds" but filters nothing). */
  readonly kinds: readonly ('http' | 'dns' | 'kafka' | 'generic')[];
  /** Kafka or generic rules written but absent from this Cilium release (1.20+): not applied. */
  readonly removed: 'kafka' | 'generic' | null;
  /** The version-dependent sentence for the engine's notes (removed on 1.20, Kafka deprecated on 1.19). */
  readonly versionNote: string | null;
}

/**
 * Kafka rules are deprecated from Cilium 1.19 and, with the generic `l7proto`/`l7` rules, gone
 * from 1.20 (pkg/policy/api/l4.go `L7Rules`: "Deprecated: This beta feature is deprecated and
 * will be removed in a future release" in the 1.19 cycle; only `http` and `dns` on main of
 * 2026-05, v1.20.0-pre.2). On 1.20 the CRD has no such field: the API server drops it (or
 * refuses the policy under strict field validation), and the agent sees the port without them.
 */
const KAFKA_DEPRECATED = 'Kafka rules are deprecated in Cilium 1.19 (a beta feature, "will be removed in a future release") and no longer exist in Cilium 1.20';

/** The user-facing sentence for L7 rules of `kind` that Cilium `version` no longer has. */
function removedL7Text(kind: 'kafka' | 'generic', portsText: string, version: readonly [number, number]): string {
  const what = kind === 'kafka' ? 'Kafka rules' : 'generic L7 rules (l7proto/l7)';
  return `Cilium ${version.join('.')} has no ${what} (${kind === 'kafka' ? 'deprecated in 1.19, ' : ''}removed in 1.20): its CRD has no such field, so the API server drops them from a stored policy (kubectl refuses a new one under strict field validation), and ${portsText} is allowed without L7 filtering; every request on it passes`;
}

const FQDN_NAME_RE = /^[-a-zA-Z0-9_.]+$/;
const FQDN_PATTERN_RE = /^[-a-zA-Z0-9_.*]+$/;

export function parseL7(c: Collector, raw: Json, path: readonly PathSegment[], portsText: string, version: readonly [number, number] = [1, 19]): ParsedL7 {
  let versionNote: string | null = null;
  if (versionAtLeast(version, 1, 20)) {
    // Gone from the CRD: what the agent reads is the rules without them.
    const gone = (['kafka', 'l7proto', 'l7'] as const).filter((k) => field(raw, k) !== undefined);
    if (gone.length > 0) {
      const removed = gone.includes('kafka') ? 'kafka' : 'generic';
      const text = removedL7Text(removed, portsText, version);
      c.warn([...path, gone[0] as string], 'l7-removed', text);
      const left: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) if (!(gone as readonly string[]).includes(k)) left[k] = v;
      const rest = parseL7(c, left as Json, path, portsText, [1, 19]);
      return { ...rest, removed, versionNote: text };
    }
  } else if (versionAtLeast(version, 1, 19) && field(raw, 'kafka') !== undefined) {
    versionNote = `${KAFKA_DEPRECATED}: on Cilium ${version.join('.')} the proxy filters requests on ${portsText} with them; on 1.20 ${portsText} would be allowed without them`;
    c.info([...path, 'kafka'], 'l7-deprecated', versionNote);
  }
  pruneUnknown(c, raw, path, ['http', 'kafka', 'dns', 'l7proto', 'l7'], (k) => {
    const left = ['http', 'kafka', 'dns', 'l7proto', 'l7'].some((n) => field(raw, n) !== undefined);
    return left
      ? `the "${k}" rules are not applied`
      : `this L7 rule is dropped, so ${portsText} is allowed without ${k.toUpperCase() === 'HTTP' ? 'HTTP' : 'L7'} filtering`;
  });
  const kinds: ('http' | 'dns' | 'kafka' | 'generic')[] = [];
  let rules: L7Rules | null = null;

  const http = field(raw, 'http');
  if (http !== undefined) {
    kinds.push('http');
    const list = asList(c, http, [...path, 'http']);
    const parsed = list.map((h, i) => parseHttp(c, h, [...path, 'http', i])).filter((h): h is HttpRule => h !== null);
    if (parsed.length > 0) rules = { kind: 'http', rules: parsed };
  }
  const dns = field(raw, 'dns');
  if (dns !== undefined) {
    kinds.push('dns');
    const list = asList(c, dns, [...path, 'dns']);
    const parsed = list.map((d, i) => parseFqdnSelector(c, d, [...path, 'dns', i], version)).filter((d): d is DnsRule => d !== null);
    if (parsed.length > 0) rules = { kind: 'dns', rules: parsed };
  }
  const kafka = field(raw, 'kafka');
  if (kafka !== undefined) {
    kinds.push('kafka');
    const list = asList(c, kafka, [...path, 'kafka']);
    const parsed = list.map((k, i) => parseKafka(c, k, [...path, 'kafka', i])).filter((k): k is Record<string, string> => k !== null);
    if (parsed.length > 0) rules = { kind: 'kafka', rules: parsed };
  }
  const l7proto = field(raw, 'l7proto');
  const l7 = field(raw, 'l7');
  if (l7 !== undefined && (typeof l7proto !== 'string' || l7proto === '')) {
    c.reject([...path, 'l7'], 'invalid-l7', '"l7" may only be specified together with "l7proto"');
  }
  if (l7proto !== undefined) {
    if (typeof l7proto !== 'string') c.reject([...path, 'l7proto'], 'invalid-type', `"l7proto" must be a string, got ${describe(l7proto)}`);
    else if (l7proto !== '') {
      kinds.push('generic');
      const list = l7 === undefined ? [] : asList(c, l7, [...path, 'l7']);
      const parsed = list
        .map((k, i) => stringMap(c, k, [...path, 'l7', i]))
        .filter((k): k is Record<string, string> => k !== null);
      // PortRuleL7.Sanitize (pkg/policy/api/l7.go; rule_validation_test.go TestL7Rules): "Empty key not allowed".
      list.forEach((k, i) => {
        if (isRecord(k) && Object.prototype.hasOwnProperty.call(k, ''))
          c.reject([...path, 'l7', i], 'l7-empty-key', 'Empty key not allowed: every key of a generic L7 rule must be a non-empty name');
      });
      rules = { kind: 'generic', l7proto, rules: parsed };
    }
  }
  if (kinds.length > 1) {
    c.reject(path, 'multiple-l7-kinds', `multiple L7 protocol rule types specified in one port rule (${kinds.join(', ')})`);
  }
  if (kinds.length === 1 && rules === null && kinds[0] !== 'generic') {
    c.warn(path, 'empty-l7', `the ${kinds[0]} rule list is empty: Cilium treats it as no L7 rule, so ${portsText} is not L7-filtered`);
  }
  return { rules, kinds, removed: null, versionNote };
}

function asList(c: Collector, v: unknown, path: readonly PathSegment[]): unknown[] {
  if (Array.isArray(v)) return v as unknown[];
  c.reject(path, 'invalid-type', `must be a list, got ${describe(v)}`);
  return [];
}

function stringMap(c: Collector, v: unknown, path: readonly PathSegment[]): Record<string, string> | null {
  if (!isRecord(v)) {
    c.reject(path, 'invalid-type', `must be a map of string values, got ${describe(v)}`);
    return null;
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || x === undefined) continue;
    if (typeof x !== 'string') {
      c.reject([...path, k], 'invalid-type', `"${k}" must be a string, got ${describe(x)}`);
      return null;
    }
    out[k] = x;
  }
  return out;
}

function parseHttp(c: Collector, h: unknown, path: readonly PathSegment[]): HttpRule | null {
  if (!isRecord(h)) {
    c.reject(path, 'invalid-type', `an HTTP rule must be an object (path, method, host, headers, headerMatches), got ${describe(h)}`);
    return null;
  }
  pruneUnknown(c, h, path, ['path', 'method', 'host', 'headers', 'headerMatches'], (k) =>
    `this HTTP rule no longer constrains "${k}", so it matches more requests than written`,
  );
  const out: { -readonly [K in keyof HttpRule]: HttpRule[K] } = {};
  for (const k of ['path', 'method', 'host'] as const) {
    const v = field(h, k);
    if (v === undefined) continue;
    if (typeof v !== 'string') c.reject([...path, k], 'invalid-type', `"${k}" must be a string (a regular expression), got ${describe(v)}`);
    else out[k] = v;
  }
  // PortRuleHTTP.Sanitize (pkg/policy/api/http.go) compiles path and method with Go's regexp (RE2
  // syntax); rule_validation_test.go TestHTTPRuleRegexes: `path: "*"` and `method: "*"` are rejected.
  for (const k of ['path', 'method'] as const) {
    const v = out[k];
    const err = v !== undefined && v !== '' ? re2Error(v) : null;
    if (err !== null) c.reject([...path, k], 'invalid-regex', `HTTP ${k} "${v}" is not a valid RE2 (Go) regular expression: ${err}`);
  }
  // Sanitize does not compile host (the CRD only declares it a hostname); the proxy matches it as
  // an RE2 regular expression, so a host that does not compile matches no request.
  if (out.host !== undefined && out.host !== '') {
    const err = re2Error(out.host);
    if (err !== null)
      c.warn([...path, 'host'], 'invalid-regex', `HTTP host "${out.host}" is not a valid RE2 regular expression (${err}): Cilium accepts the policy, but no request can match this rule`);
  }
  const p = out.path;
  if (p !== undefined && p !== '' && !p.startsWith('/')) {
    c.warn([...path, 'path'], 'http-path', `HTTP path "${p}" does not begin with "/": it is matched against the full request path, so it probably never matches`);
  }
  const headers = field(h, 'headers');
  if (headers !== undefined) {
    const list = asList(c, headers, [...path, 'headers']);
    const hs = list.filter((x): x is string => typeof x === 'string');
    if (hs.length !== list.length) c.reject([...path, 'headers'], 'invalid-type', 'headers must be a list of strings');
    out.headers = hs;
  }
  const hm = field(h, 'headerMatches');
  if (hm !== undefined) {
    const list = asList(c, hm, [...path, 'headerMatches']);
    out.headerMatches = list.flatMap((m, i) => {
      const mp = [...path, 'headerMatches', i];
      if (!isRecord(m) || typeof m['name'] !== 'string') {
        c.reject(mp, 'invalid-type', 'a headerMatches item needs a string "name"');
        return [];
      }
      const value = typeof m['value'] === 'string' ? m['value'] : undefined;
      const mismatch = typeof m['mismatch'] === 'string' ? m['mismatch'] : undefined;
      return [{ name: m['name'], ...(value !== undefined ? { value } : {}), ...(mismatch !== undefined ? { mismatch } : {}) }];
    });
  }
  return out;
}

/**
 * `{matchName | matchPattern}` as used by `toFQDNs` and DNS L7 rules (reference A.7.3). From Cilium
 * 1.16 the CRD makes the two a oneOf (pkg/policy/api/fqdn.go `+kubebuilder:validation:OneOf`, first
 * in the copy vendored by cilium/cilium-cli at v1.16.0-pre.3 b9baaaf21): a selector with neither,
 * e.g. one whose only key was pruned as unknown, makes the API server refuse the object. Before,
 * the schema and FQDNSelector.sanitize take it, and it names no name.
 */
export function parseFqdnSelector(c: Collector, d: unknown, path: readonly PathSegment[], version: readonly [number, number]): DnsRule | null {
  if (!isRecord(d)) {
    c.reject(path, 'invalid-type', `an FQDN selector must be an object with matchName or matchPattern, got ${describe(d)}`);
    return null;
  }
  pruneUnknown(c, d, path, ['matchName', 'matchPattern'], () => 'only matchName and matchPattern select names');
  const name = field(d, 'matchName');
  const pattern = field(d, 'matchPattern');
  let ok = true;
  const check = (v: unknown, key: string, re: RegExp, chars: string): string | null => {
    if (v === undefined || v === '') return null;
    if (typeof v !== 'string') {
      c.reject([...path, key], 'invalid-type', `"${key}" must be a string, got ${describe(v)}`);
      ok = false;
      return null;
    }
    if (v.length > 255 || !re.test(v)) {
      c.reject([...path, key], 'invalid-fqdn', `invalid ${key} "${v}": at most 255 characters of ${chars}`);
      ok = false;
      return null;
    }
    return v;
  };
  const matchName = check(name, 'matchName', FQDN_NAME_RE, 'letters, digits, "-", "_" and "."');
  const matchPattern = check(pattern, 'matchPattern', FQDN_PATTERN_RE, 'letters, digits, "-", "_", "." and "*"');
  if (!ok) return null;
  if (matchName !== null && matchPattern !== null) {
    c.reject(path, 'invalid-fqdn', 'only one of matchName or matchPattern is allowed in one FQDN selector');
    return null;
  }
  if (matchName === null && matchPattern === null) {
    const pruned = Object.keys(d).filter((k) => k !== 'matchName' && k !== 'matchPattern');
    const what = `this FQDN selector has neither matchName nor matchPattern${pruned.length > 0 ? ` (once the API server prunes the unknown ${pruned.map((k) => `"${k}"`).join(', ')})` : ''}`;
    if (versionAtLeast(version, 1, 16)) {
      c.versionGate(path, 'an FQDN selector without matchName or matchPattern', '1.15');
      c.reject(path, 'empty-fqdn', `${what}: the CRD of Cilium ${version.join('.')} requires exactly one of them (oneOf, since 1.16), so the API server refuses the object`);
      return null;
    }
    c.warn(path, 'empty-fqdn', `${what}: Cilium ${version.join('.')} accepts it (1.16 and later refuse the object), and it matches no name`);
  }
  return { matchName, matchPattern };
}

const KAFKA_FIELDS = ['role', 'apiKey', 'apiVersion', 'clientID', 'topic'];

function parseKafka(c: Collector, k: unknown, path: readonly PathSegment[]): Record<string, string> | null {
  if (!isRecord(k)) {
    c.reject(path, 'invalid-type', `a Kafka rule must be an object, got ${describe(k)}`);
    return null;
  }
  pruneUnknown(c, k, path, KAFKA_FIELDS, () => 'the Kafka rule no longer constrains it');
  const known: Json = {};
  for (const f of KAFKA_FIELDS) if (k[f] !== undefined) known[f] = k[f];
  const m = stringMap(c, known, path);
  if (!m) return null;
  if (m['role'] !== undefined && m['apiKey'] !== undefined) {
    c.reject(path, 'invalid-kafka', 'a Kafka rule may set "role" or "apiKey", not both');
  }
  if (m['role'] !== undefined && !['produce', 'consume'].includes(m['role'].toLowerCase())) {
    c.reject([...path, 'role'], 'invalid-kafka', `Kafka role must be "produce" or "consume", got "${m['role']}"`);
  }
  return m;
}
