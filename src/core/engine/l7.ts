/**
 * L7 layering (semantics reference B.5.5): L7 rules never drop packets. A (peer, port) covered
 * by any allow without L7 rules is unrestricted; otherwise requests are filtered by the union
 * of the L7 rules of the covering allows.
 * @internal
 */
import type { HttpRule, L7Rules, PortRule } from '../model/policy.ts';
import { assertNever } from '../util/assertNever.ts';
import { re2FullMatch } from '../util/re2.ts';
import { formatFqdnSelector, matchesFqdnSelector } from './fqdnMatch.ts';
import type { L7Request, L7Summary, RuleRef } from './types.ts';

export interface CoveringAllow {
  readonly rule: RuleRef;
  /** The entry's PortRules that matched the flow; empty for an L3-only entry. */
  readonly portRules: readonly PortRule[];
}

export interface L7Result {
  readonly l7: 'none' | 'unrestricted' | 'filtered';
  readonly summaries: readonly L7Summary[];
  readonly request?: { readonly verdict: 'allowed' | 'denied'; readonly text: string };
  /** Why the L7 rules do not restrict requests, for the side's sentence, when it is not a plain allow covering them. */
  readonly why?: string;
}

/** Envoy's full-string RE2 match (linear time); a pattern that does not compile matches nothing. */
function fullMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  if (value === undefined) return false;
  return re2FullMatch(pattern, value);
}

export function httpRuleMatches(r: HttpRule, req: Extract<L7Request, { kind: 'http' }>): boolean {
  if (!fullMatch(r.method, req.method) || !fullMatch(r.path, req.path) || !fullMatch(r.host, req.host)) return false;
  const headers = new Map(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const h of r.headers ?? []) {
    const colon = h.indexOf(':');
    const name = (colon >= 0 ? h.slice(0, colon) : h).trim().toLowerCase();
    const value = colon >= 0 ? h.slice(colon + 1).trim() : null;
    if (!headers.has(name) || (value !== null && headers.get(name) !== value)) return false;
  }
  return true;
}

function describe(l7: L7Rules): string[] {
  switch (l7.kind) {
    case 'http':
      return l7.rules.map((r) =>
        [r.method ?? '*', r.path ?? '/*', r.host ? `host ${r.host}` : '', ...(r.headers ?? []).map((h) => `header ${h}`)].filter((s) => s !== '').join(' '),
      );
    case 'dns':
      return l7.rules.map((r) => `dns ${formatFqdnSelector(r)}`);
    case 'kafka':
    case 'generic':
      return l7.rules.map((r) => Object.entries(r).map(([k, v]) => `${k}=${v}`).join(' '));
    default:
      return assertNever(l7, 'l7');
  }
}

function requestMatches(l7: L7Rules, req: L7Request, ciliumVersion: string): boolean | null {
  if (l7.kind === 'http' && req.kind === 'http') return l7.rules.length === 0 || l7.rules.some((r) => httpRuleMatches(r, req));
  if (l7.kind === 'dns' && req.kind === 'dns') return l7.rules.some((r) => matchesFqdnSelector(r, req.query, ciliumVersion));
  if (l7.kind === 'kafka' || l7.kind === 'generic') return null;
  return false;
}

export function evaluateL7(covering: readonly CoveringAllow[], req: L7Request | undefined, ciliumVersion = '1.19'): L7Result {
  const summaries: L7Summary[] = [];
  let plain = false;
  for (const c of covering) {
    if (c.portRules.length === 0) plain = true;
    for (const pr of c.portRules) {
      if (pr.l7 === null) plain = true;
      else summaries.push({ kind: pr.l7.kind, rule: c.rule, allowed: describe(pr.l7) });
    }
  }
  if (summaries.length === 0) return { l7: 'none', summaries };
  if (plain)
    return {
      l7: 'unrestricted',
      summaries,
      ...(req ? { request: { verdict: 'allowed' as const, text: 'an allow rule without L7 rules covers the same peer and port, so the L7 rules do not restrict requests' } } : {}),
    };
  if (!req) return { l7: 'filtered', summaries };
  let unknown = false;
  for (const c of covering)
    for (const pr of c.portRules) {
      if (pr.l7 === null) continue;
      const m = requestMatches(pr.l7, req, ciliumVersion);
      if (m === null) unknown = true;
      if (m === true) return { l7: 'filtered', summaries, request: { verdict: 'allowed', text: `request allowed by ${c.rule.name} ${c.rule.path}` } };
    }
  if (unknown) return { l7: 'filtered', summaries, request: { verdict: 'allowed', text: 'Kafka/generic L7 rules are not evaluated offline; the request may be rejected by the proxy' } };
  const how = req.kind === 'http' ? 'the proxy answers HTTP 403 Access denied' : 'the DNS proxy answers REFUSED';
  return { l7: 'filtered', summaries, request: { verdict: 'denied', text: `no L7 rule allows this request: ${how} (packets are not dropped)` } };
}
