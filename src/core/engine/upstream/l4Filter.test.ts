import { describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { entityEndpoint } from '../testing.ts';
import { decisionOf, httpPasses, peer, reasonOf, requestPasses, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/l4_filter_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts:
 * TestL3Wildcarding (what an explicit wildcard peer, an empty non-nil peer list and no peer field
 * select, with and without ports) and the L3/L7 merge cases 1-3 of its table. Upstream's
 * `api.WildcardEndpointSelector` is `fromEndpoints: [{}]` here (in a CCNP it selects every pod;
 * the peers asked are pods). Identities: A (`id=a`, the subject), B, C.
 */
const A = '{matchLabels: {id: a}}';
const pods = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
const item = (peers: string | null, ports: string | null, l7: string | null = null) =>
  `- ${peers !== null ? `fromEndpoints: ${peers}` : ''}${peers !== null && ports !== null ? '\n  ' : ''}${ports !== null ? `toPorts: [{ports: [{port: '${ports.split('/')[0]}', protocol: ${ports.split('/')[1]}}]${l7 !== null ? `, rules: {http: [${l7}]}` : ''}}]` : ''}${peers === null && ports === null ? '{}' : ''}`;
const model = (...items: string[]) => upstreamModel([rule(A, `ingress:\n${items.join('\n')}`)], pods);

describe('TestL3Wildcarding', () => {
  it('A1: the wildcard peer on 80/TCP: everyone on 80/TCP only', () => {
    const m = model(item('[{}]', '80/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
  });
  it('A2: the wildcard peer on port 0/TCP: every TCP port, nothing else', () => {
    const m = model(item('[{}]', '0/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 53, 'UDP')).toBe('default-deny');
  });
  it('A3: the wildcard peer without ports: every port and protocol (0/ANY)', () => {
    const m = model(item('[{}]', null));
    expect(reasonOf(m, 'ingress', 'b', 'a', 53, 'UDP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'c', 'a', 8, 'ICMP')).toBe('allowed');
  });
  it('B1-B3: an empty non-nil fromEndpoints never selects anything, with 80/TCP, 0/TCP or no ports; ingress is still enforced', () => {
    for (const ports of ['80/TCP', '0/TCP', null]) {
      const m = model(item('[]', ports));
      expect(reasonOf(m, 'ingress', 'b', 'a', 80), String(ports)).toBe('default-deny');
    }
  });
  it('C1: no peer field with 80/TCP: every identity on 80/TCP, outside addresses too', () => {
    const m = model(item(null, '80/TCP'));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', '203.0.113.7', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
  });
  it('C2: no peer field with 0/TCP: every identity on every TCP port', () => {
    const m = model(item(null, '0/TCP'));
    expect(reasonOf(m, 'ingress', 'c', 'a', 8443)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'c', 'a', 8443, 'UDP')).toBe('default-deny');
  });
  it('C3: `ingress: [{}]` selects nothing (but enforces ingress)', () => {
    const m = model(item(null, null));
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('default-deny');
  });
});

describe('l4_filter_test.go merge table, cases 1-3', () => {
  it('TestMergeAllowAllL3AndAllowAllL7 1A/1B/1C: two wildcard items, two empty lists, two port-only items on 80/TCP', () => {
    expect(reasonOf(model(item('[{}]', '80/TCP'), item('[{}]', '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(model(item('[]', '80/TCP'), item('[]', '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('default-deny');
    expect(reasonOf(model(item(null, '80/TCP'), item(null, '80/TCP')), 'ingress', 'b', 'a', 80)).toBe('allowed');
  });
  it('TestMergeAllowAllL3AndShadowedL7 2A/2B: a plain 80/TCP next to GET / (either order) lets every request through', () => {
    for (const m of [model(item('[{}]', '80/TCP'), item('[{}]', '80/TCP', '{method: GET, path: /}')), model(item('[{}]', '80/TCP', '{method: GET, path: /}'), item('[{}]', '80/TCP'))]) {
      expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
    }
  });
  it('TestMergeIdenticalAllowAllL3AndRestrictedL7HTTP 3: GET / twice: GET / passes, other requests are refused', () => {
    const m = model(item('[{}]', '80/TCP', '{method: GET, path: /}'), item('[{}]', '80/TCP', '{method: GET, path: /}'));
    expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'b', 'a', 80, 'POST', '/')).toBe(false);
  });
});

/**
 * The rest of the merge table of l4_filter_test.go (same commit; the table's numbering): 6-13,
 * TestEntitiesL3, 17 and 18 (14 and 15 are in ../l7DefaultAllow.test.ts). `A`'s requests are
 * asked from A itself (upstream's `id=a` peer) and from B (an identity only the wildcard selects).
 */
describe('l4_filter_test.go merge table, cases 6-13 and 17-18', () => {
  const http = (method: string) => `{method: ${method}, path: /}`;
  it('TestL3RuleShadowedByL3AllowAll 6A/6B: a plain 80/TCP from id=a and from everyone: everyone on 80/TCP, no proxy', () => {
    for (const m of [model(item(`[${A}]`, '80/TCP'), item('[{}]', '80/TCP')), model(item('[{}]', '80/TCP'), item(`[${A}]`, '80/TCP'))]) {
      expect(reasonOf(m, 'ingress', 'a', 'a', 80)).toBe('allowed');
      expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
      expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
      expect(httpPasses(m, 'a', 'a', 80, 'POST', '/x')).toBe(true);
    }
  });
  it('TestL3RuleWithL7RulePartiallyShadowedByL3AllowAll 7A/7B: GET / from id=a next to a plain 80/TCP from everyone: all traffic allowed, A through the proxy without restriction', () => {
    for (const m of [model(item(`[${A}]`, '80/TCP', http('GET')), item('[{}]', '80/TCP')), model(item('[{}]', '80/TCP'), item(`[${A}]`, '80/TCP', http('GET')))]) {
      expect(httpPasses(m, 'a', 'a', 80, 'POST', '/x')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(true);
      expect(decisionOf(m, 'a', 'a', 80).ingress.l7).toBe('unrestricted');
    }
  });
  it('TestL3RuleWithL7RuleShadowedByL3AllowAll 8A/8B: GET / from id=a and GET / from everyone: both restricted to GET /', () => {
    for (const m of [model(item(`[${A}]`, '80/TCP', http('GET')), item('[{}]', '80/TCP', http('GET'))), model(item('[{}]', '80/TCP', http('GET')), item(`[${A}]`, '80/TCP', http('GET')))]) {
      for (const from of ['a', 'b']) {
        expect(httpPasses(m, from, 'a', 80, 'GET', '/')).toBe(true);
        expect(httpPasses(m, from, 'a', 80, 'POST', '/')).toBe(false);
      }
    }
  });
  it('TestMergingWithDifferentEndpointsSelectedAllowSameL7 10: GET / from id=a and from id=c: both filtered, B not allowed', () => {
    const m = model(item(`[${A}]`, '80/TCP', http('GET')), item('[{matchLabels: {id: c}}]', '80/TCP', http('GET')));
    for (const from of ['a', 'c']) {
      expect(httpPasses(m, from, 'a', 80, 'GET', '/')).toBe(true);
      expect(httpPasses(m, from, 'a', 80, 'DELETE', '/')).toBe(false);
    }
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('default-deny');
  });
  it('TestMergingWithDifferentEndpointSelectedAllowAllL7 11: plain 80/TCP from id=a and from id=c: both, without proxy; B not', () => {
    const m = model(item(`[${A}]`, '80/TCP'), item('[{matchLabels: {id: c}}]', '80/TCP'));
    for (const from of ['a', 'c']) {
      expect(reasonOf(m, 'ingress', from, 'a', 80)).toBe('allowed');
      expect(decisionOf(m, from, 'a', 80).ingress.l7).toBe('none');
    }
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('default-deny');
  });
  it('TestAllowingLocalhostShadowsL7 12: allow-localhost=always: the host is allowed on every port and its requests are not restricted; others get GET / only', () => {
    const m = model(item('[{}]', '80/TCP', http('GET')));
    const fromHost = (port: number, l7?: { kind: 'http'; method: string; path: string }) =>
      decide(m, { from: entityEndpoint('host'), to: peer(m, 'a'), port, protocol: 'TCP', ...(l7 ? { l7 } : {}) });
    expect(fromHost(22).ingress.reason).toBe('allowed');
    const post = fromHost(80, { kind: 'http', method: 'POST', path: '/x' });
    expect(post.verdict).toBe('allowed');
    expect(post.l7?.verdict).not.toBe('denied');
    expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(false);
  });
  it('TestEgressEmptyToEndpoints 13: `toEndpoints: []` with 80/TCP allows nothing (egress enforced)', () => {
    const m = upstreamModel([rule(A, "egress: [{toEndpoints: [], toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]")], pods);
    expect(reasonOf(m, 'egress', 'a', 'b', 80)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'a', '203.0.113.7', 80)).toBe('default-deny');
  });
  it('TestEntitiesL3: toEntities [all] is the wildcard selector on 0/ANY: every peer, port and protocol', () => {
    // Upstream's test runs with both families enabled (an IPv6 address reaches policy only there).
    const m = upstreamModel([rule(A, 'egress: [{toEntities: [all]}]')], pods, { ipFamilies: 'dual' });
    for (const to of ['b', '203.0.113.7', '2001:db8::7']) expect(reasonOf(m, 'egress', 'a', to, 53, 'UDP'), to).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', 'c', 8, 'ICMP')).toBe('allowed');
    const host = decide(m, { from: peer(m, 'a'), to: entityEndpoint('host'), port: 10250, protocol: 'TCP' });
    expect(host.egress.reason).toBe('allowed');
  });
  it('TestDNSWildcardWithL3FilterInDefaultAllow 17: DNS example.com to id=b with enableDefaultDeny egress false (1.18): every query passes, every other peer too', () => {
    const m = upstreamModel(
      [rule(A, "enableDefaultDeny: {egress: false}\negress: [{toEndpoints: [{matchLabels: {id: b}}], toPorts: [{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchPattern: example.com}]}}]}]")],
      pods,
      { ciliumVersion: '1.18' },
    );
    expect(requestPasses(m, 'a', 'b', 53, 'UDP', { kind: 'dns', query: 'example.com' })).toBe(true);
    expect(requestPasses(m, 'a', 'b', 53, 'UDP', { kind: 'dns', query: 'other.org' })).toBe(true);
    expect(decide(m, { from: peer(m, 'a'), to: peer(m, 'c'), port: 443, protocol: 'TCP' }).verdict).toBe('allowed');
  });
  it('TestDenyRuleNoWildcardInDefaultAllow 18: in default deny, GET /api from everyone gets no wildcard', () => {
    const m = upstreamModel([rule(A, "ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET, path: /api}]}}]}]")], pods, { ciliumVersion: '1.18' });
    expect(httpPasses(m, 'b', 'a', 80, 'GET', '/api')).toBe(true);
    expect(httpPasses(m, 'b', 'a', 80, 'GET', '/other')).toBe(false);
  });
});

/**
 * Cases 5 and 9 of the table (TestMergeIdenticalAllowAllL3AndMismatchingParsers,
 * TestL3SelectingEndpointAndL3AllowAllMergeConflictingL7) and 9b
 * (TestL3SelectingEndpointAndL3AllowAllMergeDifferentL7): DNS and HTTP rules on the same port
 * cannot be merged, "cannot merge conflicting L7 parsers", and upstream's `policyInvalid`
 * expects resolvePolicy to fail: the agent cannot compute the endpoint's policy, and the
 * decision says its verdict is not known (`notComputed`, l7ConflictVerdict.test.ts). From 1.18 the parser is merged per selector
 * (pkg/policy/rule.go `mergeRedirect`, cilium/cilium 1.18.0-pre.3 `6e65fa094` as vendored by
 * cilium/cilium-cli), so only the same selector conflicts (9b is valid); up to 1.17 it is merged
 * per L4 filter (`mergePortProto`: `existingFilter.L7Parser.Merge(filterToMerge.L7Parser)`,
 * 1.17.0-pre.3 `bbf73fb4b71e` as vendored by cilium/cilium-cli 1432ef0e4), so any two selectors
 * on one port conflict.
 */
describe('conflicting L7 parsers on one port (cases 5, 9, 9b)', () => {
  const B = '{matchLabels: {id: b}}';
  const dnsItem = (peers: string) => `- toEndpoints: ${peers}\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {dns: [{matchPattern: example.com}]}}]`;
  const httpItem = (peers: string) => `- toEndpoints: ${peers}\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET, path: /}]}}]`;
  const egressModel = (ciliumVersion: string, ...items: string[]) => upstreamModel([rule(A, `egress:\n${items.join('\n')}`)], pods, { ciliumVersion });
  const conflictNote = (m: ReturnType<typeof upstreamModel>, to = 'b') =>
    decide(m, { from: peer(m, 'a'), to: peer(m, to), port: 80, protocol: 'TCP' }).notes.find((n) => n.includes('cannot merge conflicting L7 parsers'));

  it('5A/5B: DNS and HTTP from the wildcard selector on 80/TCP, either order: the policy of A cannot be computed (every release)', () => {
    for (const v of ['1.17', '1.19'])
      for (const m of [egressModel(v, dnsItem('[{}]'), httpItem('[{}]')), egressModel(v, httpItem('[{}]'), dnsItem('[{}]'))]) {
        const note = conflictNote(m);
        expect(note, v).toBeDefined();
        expect(note).toMatch(/rule-0 spec\.egress\[0\]/);
        expect(note).toMatch(/rule-0 spec\.egress\[1\]/);
        expect(decide(m, { from: peer(m, 'a'), to: peer(m, 'b'), port: 80, protocol: 'TCP' }).notComputed, v).toHaveLength(1);
      }
  });
  it('9A/9B: DNS and HTTP to id=b on 80/TCP, either order: invalid', () => {
    for (const m of [egressModel('1.19', dnsItem(`[${B}]`), httpItem(`[${B}]`)), egressModel('1.19', httpItem(`[${B}]`), dnsItem(`[${B}]`))]) expect(conflictNote(m)).toBeDefined();
  });
  it('9b: DNS to id=b and HTTP to everyone (different selectors): valid from 1.18, a conflict on 1.17 and before', () => {
    for (const v of ['1.18', '1.19', '1.20']) {
      expect(conflictNote(egressModel(v, dnsItem(`[${B}]`), httpItem('[{}]'))), v).toBeUndefined();
      expect(conflictNote(egressModel(v, httpItem('[{}]'), dnsItem(`[${A}]`))), v).toBeUndefined();
    }
    for (const v of ['1.14', '1.16', '1.17']) {
      const note = conflictNote(egressModel(v, dnsItem(`[${B}]`), httpItem('[{}]')), 'c');
      expect(note, v).toBeDefined();
      expect(note).toMatch(new RegExp(`Cilium ${v.replace('.', '\\.')}`));
      expect(note).toMatch(/from 1\.18/);
    }
  });
  it('no conflict: the same parser twice, a plain port beside an L7 one, or different ports', () => {
    expect(conflictNote(egressModel('1.17', httpItem('[{}]'), httpItem(`[${B}]`)))).toBeUndefined();
    expect(conflictNote(egressModel('1.17', httpItem('[{}]'), "- toPorts: [{ports: [{port: '80', protocol: TCP}]}]"))).toBeUndefined();
    expect(conflictNote(egressModel('1.17', httpItem('[{}]'), `- toEndpoints: [{}]\n  toPorts: [{ports: [{port: '53', protocol: TCP}], rules: {dns: [{matchPattern: '*'}]}}]`))).toBeUndefined();
  });
});
