import { describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { entityEndpoint } from '../testing.ts';
import { TCP, decisionOf, httpPasses, peer, reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/rule_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts. Upstream
 * compares resolved L4 policy maps (per port: which selectors, which L7 rules); here the same
 * rules answer packets and HTTP requests. Upstream's test identities: `endpointSelectorA/B/C`
 * select `id=a/b/c`; a rule without an endpoint selector is applied to A.
 */
const A = '{matchLabels: {id: a}}';
const B = '{matchLabels: {id: b}}';
const C = '{matchLabels: {id: c}}';
const pods = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
const HTTP = (port: string, method: string, path: string) => `[{ports: [{port: '${port}', protocol: TCP}], rules: {http: [{method: ${method}, path: ${path}}]}}]`;

describe('TestL4Policy', () => {
  it('rule1: 80 and 8080/TCP from anyone through HTTP GET /; egress 3000/ANY is TCP, UDP and SCTP', () => {
    const m = upstreamModel([rule(A, `ingress: [{toPorts: [{ports: [{port: '80', protocol: TCP}, {port: '8080', protocol: TCP}], rules: {http: [{method: GET, path: /}]}}]}]\negress: [{toPorts: [{ports: [{port: '3000', protocol: ANY}]}]}]`)], pods);
    for (const port of [80, 8080]) {
      expect(httpPasses(m, 'b', 'a', port, 'GET', '/')).toBe(true);
      expect(httpPasses(m, 'b', 'a', port, 'POST', '/')).toBe(false);
      expect(decisionOf(m, 'b', 'a', port).ingress.l7).toBe('filtered');
    }
    expect(reasonOf(m, 'ingress', 'b', 'a', 81)).toBe('default-deny');
    for (const proto of ['TCP', 'UDP', 'SCTP'] as const) expect(reasonOf(m, 'egress', 'a', 'b', 3000, proto)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', 'b', 3001)).toBe('default-deny');
  });

  it('rule2: a plain 80/TCP next to the HTTP one wildcards HTTP (GET / and {}): every request passes', () => {
    const m = upstreamModel([rule(A, `ingress:\n- toPorts: ${TCP('80')}\n- toPorts: ${HTTP('80', 'GET', '/')}\negress: [{toPorts: [{ports: [{port: '3000', protocol: ANY}]}]}]`)], pods);
    expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'b', 'a', 80, 'POST', '/admin')).toBe(true);
    expect(reasonOf(m, 'ingress', 'b', 'a', 8080)).toBe('default-deny');
  });
});

describe('TestMergeL4PolicyIngress / Egress: two peers on the same port merge into one filter', () => {
  it('ingress: foo and baz on 80/TCP', () => {
    const m = upstreamModel([rule(A, "ingress:\n- fromEndpoints: [{matchLabels: {foo: ''}}]\n  toPorts: " + TCP('80') + "\n- fromEndpoints: [{matchLabels: {baz: ''}}]\n  toPorts: " + TCP('80'))], {
      ...pods,
      foo: { foo: '' },
      baz: { baz: '' },
    });
    expect(reasonOf(m, 'ingress', 'foo', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'baz', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'foo', 'a', 80, 'UDP')).toBe('default-deny');
  });
  it('egress: A to B and C on 80/TCP', () => {
    const m = upstreamModel([rule(A, `egress:\n- toEndpoints: [${B}]\n  toPorts: ${TCP('80')}\n- toEndpoints: [${C}]\n  toPorts: ${TCP('80')}`)], { ...pods, d: { id: 'd' } });
    expect(reasonOf(m, 'egress', 'a', 'b', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', 'c', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', 'd', 80)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'a', 'b', 81)).toBe('default-deny');
  });
});

describe('TestMergeL7PolicyIngress / Egress: per-peer L7 rules on one port', () => {
  it('ingress rule1: plain 80 + HTTP GET / from anyone + HTTP GET / from B: the wildcard {} lets every request through, B included', () => {
    const m = upstreamModel([rule(A, `ingress:\n- toPorts: ${TCP('80')}\n- toPorts: ${HTTP('80', 'GET', '/')}\n- fromEndpoints: [${B}]\n  toPorts: ${HTTP('80', 'GET', '/')}`)], pods);
    expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(true);
    expect(httpPasses(m, 'c', 'a', 80, 'POST', '/x')).toBe(true);
  });
  it('ingress rule2: Kafka on 80 from anyone and from B: both L7-filtered', () => {
    const m = upstreamModel([rule(A, "ingress:\n- toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {kafka: [{topic: foo}]}}]\n- fromEndpoints: [" + B + "]\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {kafka: [{topic: foo}]}}]")], pods);
    expect(decisionOf(m, 'b', 'a', 80).ingress.l7).toBe('filtered');
    expect(decisionOf(m, 'c', 'a', 80).ingress.l7).toBe('filtered');
  });
  it('ingress rule1 and rule2 together: HTTP and Kafka on 80 for the same selectors: `policyInvalid`, "cannot merge conflicting L7 parsers" (Kafka exists up to 1.19)', () => {
    const both = `ingress:\n- toPorts: ${TCP('80')}\n- toPorts: ${HTTP('80', 'GET', '/')}\n- fromEndpoints: [${B}]\n  toPorts: ${HTTP('80', 'GET', '/')}\n- toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {kafka: [{topic: foo}]}}]\n- fromEndpoints: [${B}]\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {kafka: [{topic: foo}]}}]`;
    for (const ciliumVersion of ['1.17', '1.19']) {
      const m = upstreamModel([rule(A, both)], pods, { ciliumVersion });
      expect(decisionOf(m, 'b', 'a', 80).notes.some((n) => n.includes('cannot merge conflicting L7 parsers')), ciliumVersion).toBe(true);
    }
  });
  it('egress rule1: plain 80 + GET /public to anyone + GET /private to B: every request passes, to B and to C', () => {
    const m = upstreamModel([rule(A, `egress:\n- toPorts: ${TCP('80')}\n- toPorts: ${HTTP('80', 'GET', '/public')}\n- toEndpoints: [${B}]\n  toPorts: ${HTTP('80', 'GET', '/private')}`)], pods);
    expect(httpPasses(m, 'a', 'b', 80, 'POST', '/x')).toBe(true);
    expect(httpPasses(m, 'a', 'c', 80, 'GET', '/private')).toBe(true);
  });
  it('egress without the plain rule: GET /public to anyone, GET /private only to B (the L3-dependent rules are not merged)', () => {
    const m = upstreamModel([rule(A, `egress:\n- toPorts: ${HTTP('80', 'GET', '/public')}\n- toEndpoints: [${B}]\n  toPorts: ${HTTP('80', 'GET', '/private')}`)], pods);
    expect(httpPasses(m, 'a', 'b', 80, 'GET', '/private')).toBe(true);
    expect(httpPasses(m, 'a', 'b', 80, 'GET', '/public')).toBe(true);
    expect(httpPasses(m, 'a', 'c', 80, 'GET', '/public')).toBe(true);
    expect(httpPasses(m, 'a', 'c', 80, 'GET', '/private')).toBe(false);
  });
});

describe('TestL3Policy: fromCIDR / toCIDR / toCIDRSet', () => {
  const m = upstreamModel(
    [
      rule(
        "{matchLabels: {bar: ''}}",
        "ingress: [{fromCIDR: [10.0.1.0/24, 192.168.2.0, 10.0.3.1, '2001:db8::1/48', '2001:db9::']}]\negress:\n- toCIDR: [10.1.0.0/16, '2001:dbf::/64']\n- toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.96.0.0/12]}]",
      ),
    ],
    { bar: { bar: '' } },
    // Both families: upstream's test selects IPv6 prefixes with no datapath behind it; in an
    // IPv4-only cluster no IPv6 packet reaches policy (dualStack.test.ts).
    { ipFamilies: 'dual' },
  );
  it('ingress: the prefixes and the bare addresses (a /32 or /128)', () => {
    for (const ip of ['10.0.1.7', '192.168.2.0', '10.0.3.1', '2001:db8:0:ffff::9', '2001:db9::']) expect(reasonOf(m, 'ingress', ip, 'bar', 443), ip).toBe('allowed');
    for (const ip of ['10.0.2.1', '192.168.2.1', '10.0.3.2', '2001:db9::1']) expect(reasonOf(m, 'ingress', ip, 'bar', 443), ip).toBe('default-deny');
  });
  it('egress: 10.1/16, 2001:dbf::/64, 10/8 except 10.96/12', () => {
    for (const ip of ['10.1.200.1', '2001:dbf::42', '10.200.0.1', '10.95.255.255']) expect(reasonOf(m, 'egress', 'bar', ip, 443), ip).toBe('allowed');
    for (const ip of ['10.96.0.1', '10.111.255.255', '11.0.0.1']) expect(reasonOf(m, 'egress', 'bar', ip, 443), ip).toBe('default-deny');
  });
});

describe('TestICMPPolicy', () => {
  it('rule1: ICMP type 8 in, type 9 out, from and to anyone', () => {
    const m = upstreamModel([rule(A, 'ingress: [{icmps: [{fields: [{type: 8}]}]}]\negress: [{icmps: [{fields: [{type: 9}]}]}]')], pods);
    expect(reasonOf(m, 'ingress', 'b', 'a', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 9, 'ICMP')).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'b', 'a', 8, 'ICMPv6')).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'a', 'b', 9, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', 'b', 8, 'ICMP')).toBe('default-deny');
  });
  it('rule2: 80/TCP and ICMP 8 as two items', () => {
    const m = upstreamModel([rule(A, `ingress:\n- toPorts: ${TCP('80')}\n- icmps: [{fields: [{type: 8}]}]`)], pods);
    expect(reasonOf(m, 'ingress', 'b', 'a', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 0, 'ICMP')).toBe('default-deny');
  });
  it('rule3: ICMPv6 type 128', () => {
    const m = upstreamModel([rule(A, 'ingress: [{icmps: [{fields: [{family: IPv6, type: 128}]}]}]')], pods);
    expect(reasonOf(m, 'ingress', 'b', 'a', 128, 'ICMPv6')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 128, 'ICMP')).toBe('default-deny');
  });
});

describe('TestL3RuleLabels: which rules a CIDR verdict is attributed to', () => {
  const rules = {
    rule0: rule(A, 'ingress: [{}]\negress: [{}]'),
    rule1: rule(A, 'ingress: [{fromCIDR: [10.0.1.0/32]}]\negress: [{toCIDR: [10.1.0.0/32]}]'),
    rule2: rule(A, 'ingress: [{fromCIDR: [10.0.2.0/32]}]\negress: [{toCIDR: [10.2.0.0/32]}]'),
  };
  const names = (m: ReturnType<typeof upstreamModel>, dir: 'ingress' | 'egress', from: string, to: string) => decisionOf(m, from, to, 80)[dir].rules.map((r) => r.name);
  it('the empty rule allows nothing and is named by no allow', () => {
    const m = upstreamModel([rules.rule0], pods);
    expect(reasonOf(m, 'ingress', '10.0.1.0', 'a', 80)).toBe('default-deny');
  });
  it('all three: each /32 is attributed to its own rule only (rule-1, rule-2 here: rule0 is rule-0)', () => {
    const m = upstreamModel([rules.rule0, rules.rule1, rules.rule2], pods);
    expect(names(m, 'ingress', '10.0.1.0', 'a')).toEqual(['rule-1']);
    expect(names(m, 'ingress', '10.0.2.0', 'a')).toEqual(['rule-2']);
    expect(names(m, 'egress', 'a', '10.1.0.0')).toEqual(['rule-1']);
    expect(names(m, 'egress', 'a', '10.2.0.0')).toEqual(['rule-2']);
  });
});

/**
 * rule_test.go's `LookupFlow` cases (same commit): `checkFlow(repo, flow, verdict)` asks the
 * source's egress and the destination's ingress of one TCP flow, as decide() does. Upstream's
 * identities: A `id=a`, B `id1=b, id2=t` (selected by `id1=b`), C `id=t` (selected by `id=t`),
 * every endpoint with the named ports port-80 (80) and port-90 (90); `defaultDenyIngress` is a
 * rule selecting every endpoint with `ingress: [{}]`. Flows: A→B:80, A→C:80, A→C:90; A→world
 * (an outside address) :80 and :90.
 */
describe('LookupFlow cases: TestIngressAllowAll … TestEgressL3AllowAllEntity', () => {
  const flowPods = { a: { id: 'a' }, b: { id1: 'b', id2: 't' }, c: { id: 't' } };
  const SEL_C = '{matchLabels: {id: t}}';
  const defaultDenyIngress = rule('{}', 'ingress: [{}]');
  const ports = [['port-80', 80, 'TCP'], ['port-90', 90, 'TCP']] as const;
  const verdicts = (rules: Parameters<typeof upstreamModel>[0]) => {
    const m = upstreamModel(rules, flowPods, {}, { ports });
    const v = (to: string, port: number) => decisionOf(m, 'a', to, port).verdict;
    return { aToB: v('b', 80), aToC: v('c', 80), aToC90: v('c', 90), aToWorld80: v('203.0.113.80', 80), aToWorld90: v('203.0.113.80', 90) };
  };
  it('TestIngressAllowAll: C allows every peer on every port; B stays in default deny', () => {
    const v = verdicts([defaultDenyIngress, rule(SEL_C, 'ingress: [{fromEndpoints: [{}]}]')]);
    expect([v.aToB, v.aToC, v.aToC90]).toEqual(['denied', 'allowed', 'allowed']);
  });
  it('TestIngressAllowAllL4Overlap: a port-80 item beside the allow-all does not restrict it to 80', () => {
    const v = verdicts([defaultDenyIngress, rule(SEL_C, "ingress:\n- fromEndpoints: [{}]\n- toPorts: [{ports: [{port: '80', protocol: TCP}]}]")]);
    expect([v.aToC, v.aToC90]).toEqual(['allowed', 'allowed']);
  });
  it('TestIngressAllowAllNamedPort: every peer on port-80 only', () => {
    const v = verdicts([defaultDenyIngress, rule(SEL_C, "ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: port-80, protocol: TCP}]}]}]")]);
    expect([v.aToC, v.aToB, v.aToC90]).toEqual(['allowed', 'denied', 'denied']);
  });
  it('TestIngressAllowAllL4OverlapNamedPort: a port-80 item beside the allow-all does not restrict it', () => {
    const v = verdicts([defaultDenyIngress, rule(SEL_C, "ingress:\n- fromEndpoints: [{}]\n- toPorts: [{ports: [{port: port-80, protocol: TCP}]}]")]);
    expect([v.aToC, v.aToC90]).toEqual(['allowed', 'allowed']);
  });
  it('TestIngressL4AllowAll: 80/TCP from everyone (no peer field), without L7', () => {
    const v = verdicts([defaultDenyIngress, rule(SEL_C, "ingress: [{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]")]);
    expect([v.aToC, v.aToC90]).toEqual(['allowed', 'denied']);
  });
  it('TestIngressL4AllowAllNamedPort: port-80 from everyone, without defaultDenyIngress', () => {
    const v = verdicts([rule(SEL_C, "ingress: [{toPorts: [{ports: [{port: port-80, protocol: TCP}]}]}]")]);
    expect([v.aToC, v.aToC90]).toEqual(['allowed', 'denied']);
  });
  it('TestEgressAllowAll: A to every endpoint on every port', () => {
    const v = verdicts([rule(A, 'egress: [{toEndpoints: [{}]}]')]);
    expect([v.aToB, v.aToC, v.aToC90]).toEqual(['allowed', 'allowed', 'allowed']);
  });
  it('TestEgressL4AllowAll: A to everyone on 80/TCP', () => {
    const v = verdicts([rule(A, "egress: [{toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]")]);
    expect([v.aToB, v.aToC, v.aToC90]).toEqual(['allowed', 'allowed', 'denied']);
  });
  it('TestEgressL4AllowWorld: toEntities [world] on 80/TCP: world on 80 only, pods on neither', () => {
    const v = verdicts([rule(A, "egress: [{toEntities: [world], toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]")]);
    expect([v.aToWorld80, v.aToWorld90, v.aToC, v.aToC90]).toEqual(['allowed', 'denied', 'denied', 'denied']);
  });
  it('TestEgressL4AllowAllEntity: toEntities [all] on 80/TCP: world and pods on 80 only', () => {
    const v = verdicts([rule(A, "egress: [{toEntities: [all], toPorts: [{ports: [{port: '80', protocol: TCP}]}]}]")]);
    expect([v.aToWorld80, v.aToWorld90, v.aToC, v.aToC90]).toEqual(['allowed', 'denied', 'allowed', 'denied']);
  });
  it('TestEgressL3AllowWorld: toEntities [world]: world on every port, pods on none', () => {
    const v = verdicts([rule(A, 'egress: [{toEntities: [world]}]')]);
    expect([v.aToWorld80, v.aToWorld90, v.aToC, v.aToC90]).toEqual(['allowed', 'allowed', 'denied', 'denied']);
  });
  it('TestEgressL3AllowAllEntity: toEntities [all]: everything', () => {
    const v = verdicts([rule(A, 'egress: [{toEntities: [all]}]')]);
    expect([v.aToWorld80, v.aToWorld90, v.aToC, v.aToC90]).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
  });
});

describe('TestL4WildcardMerge / TestL3L4L7Merge / TestMergeL7PolicyEgressWithMultipleSelectors', () => {
  const SEL_C = '{matchLabels: {id: c}}';
  const GET80 = HTTP('80', 'GET', '/');
  const PARSER7000 = "[{ports: [{port: '7000', protocol: TCP}], rules: {l7proto: testparser, l7: [{Key: Value}]}}]";
  it('L4WildcardMerge rule1/rule2 (either order): GET / from C beside 80/TCP from everyone: C unrestricted on 80; 7000 testparser + plain from C: wildcarded ({Key: Value}, {})', () => {
    const items = [`- fromEndpoints: [${SEL_C}]\n  toPorts: ${GET80}`, `- toPorts: ${TCP('80')}`, `- fromEndpoints: [${SEL_C}]\n  toPorts: ${PARSER7000}`, `- fromEndpoints: [${SEL_C}]\n  toPorts: ${TCP('7000')}`];
    for (const order of [items, [items[3], items[2], items[1], items[0]]]) {
      const m = upstreamModel([rule(A, `ingress:\n${order.join('\n')}`)], pods, { ciliumVersion: '1.19' });
      expect(httpPasses(m, 'c', 'a', 80, 'POST', '/x')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'POST', '/x')).toBe(true);
      expect(decisionOf(m, 'c', 'a', 7000).ingress.l7).toBe('unrestricted');
      expect(reasonOf(m, 'ingress', 'b', 'a', 7000)).toBe('default-deny');
    }
  });
  it('L4WildcardMerge rule3/rule4 (either order): GET / from C beside 80/TCP from the explicit wildcard: every request passes', () => {
    for (const order of [[`- fromEndpoints: [${SEL_C}]\n  toPorts: ${GET80}`, `- fromEndpoints: [{}]\n  toPorts: ${TCP('80')}`], [`- fromEndpoints: [{}]\n  toPorts: ${TCP('80')}`, `- fromEndpoints: [${SEL_C}]\n  toPorts: ${GET80}`]]) {
      const m = upstreamModel([rule(A, `ingress:\n${order.join('\n')}`)], pods);
      expect(httpPasses(m, 'c', 'a', 80, 'DELETE', '/')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'DELETE', '/')).toBe(true);
    }
  });
  it('TestL3L4L7Merge rule1/rule2 (either order): GET / from everyone, plain 80 from C: C unrestricted, others GET / only', () => {
    for (const order of [[`- toPorts: ${GET80}`, `- fromEndpoints: [${SEL_C}]\n  toPorts: ${TCP('80')}`], [`- fromEndpoints: [${SEL_C}]\n  toPorts: ${TCP('80')}`, `- toPorts: ${GET80}`]]) {
      const m = upstreamModel([rule(A, `ingress:\n${order.join('\n')}`)], pods);
      expect(httpPasses(m, 'c', 'a', 80, 'POST', '/')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'GET', '/')).toBe(true);
      expect(httpPasses(m, 'b', 'a', 80, 'POST', '/')).toBe(false);
    }
  });
  it('TestMergeL7PolicyEgressWithMultipleSelectors: plain 80 to B, {method: GET} and {host: foo} to C: B unrestricted, C gets either rule', () => {
    const m = upstreamModel(
      [rule(A, `egress:\n- toEndpoints: [${B}]\n  toPorts: ${TCP('80')}\n- toEndpoints: [${SEL_C}]\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{method: GET}]}}]\n- toEndpoints: [${SEL_C}]\n  toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{host: foo}]}}]`)],
      pods,
    );
    expect(httpPasses(m, 'a', 'b', 80, 'POST', '/')).toBe(true);
    expect(httpPasses(m, 'a', 'c', 80, 'GET', '/any')).toBe(true);
    expect(decide(m, { from: peer(m, 'a'), to: peer(m, 'c'), port: 80, protocol: 'TCP', l7: { kind: 'http', method: 'POST', path: '/', host: 'foo' } }).l7?.verdict).toBe('allowed');
    expect(decide(m, { from: peer(m, 'a'), to: peer(m, 'c'), port: 80, protocol: 'TCP', l7: { kind: 'http', method: 'POST', path: '/', host: 'bar' } }).l7?.verdict).toBe('denied');
  });
});

describe('TestEgressRuleRestrictions / TestPolicyEntityValidation*: what Sanitize refuses', () => {
  const BAR = "{matchLabels: {bar: ''}}";
  const barPods = { bar: { bar: '' }, foo: { foo: '' } };
  it('TestEgressRuleRestrictions: toCIDR and toEndpoints in one egress item: the policy is refused', () => {
    expect(() => upstreamModel([rule(BAR, "egress: [{toCIDR: [10.1.0.0/16, '2001:dbf::/64'], toEndpoints: [{matchLabels: {foo: ''}}]}]")], barPods)).toThrow(/toEndpoints and toCIDR/);
  });
  it('TestPolicyEntityValidationEgress / Ingress: world and host are valid (and select what they name), "trololo" is refused', () => {
    for (const dir of ['egress: [{toEntities: [world]}]', 'ingress: [{fromEntities: [world]}]']) {
      const m = upstreamModel([rule(BAR, dir)], barPods);
      const d = dir.startsWith('egress') ? reasonOf(m, 'egress', 'bar', '198.51.100.1', 443) : reasonOf(m, 'ingress', '198.51.100.1', 'bar', 443);
      expect(d, dir).toBe('allowed');
    }
    expect(() => upstreamModel([rule(BAR, 'egress: [{toEntities: [host]}]')], barPods)).not.toThrow();
    expect(() => upstreamModel([rule(BAR, 'egress: [{toEntities: [trololo]}]')], barPods)).toThrow(/unsupported entity "trololo"/);
    expect(() => upstreamModel([rule(BAR, 'ingress: [{fromEntities: [trololo]}]')], barPods)).toThrow(/unsupported entity "trololo"/);
  });
  it('TestPolicyEntityValidationEntitySelectorsFill: [world, host] both ways: both kept (world and host selected, pods not)', () => {
    const m = upstreamModel([rule(BAR, 'ingress: [{fromEntities: [world, host]}]\negress: [{toEntities: [world, host]}]')], barPods, { allowLocalhost: 'policy' });
    expect(reasonOf(m, 'ingress', '198.51.100.1', 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'bar', '198.51.100.1', 80)).toBe('allowed');
    expect(decide(m, { from: entityEndpoint('host'), to: peer(m, 'bar'), port: 80, protocol: 'TCP' }).ingress.reason).toBe('allowed');
    expect(decide(m, { from: peer(m, 'bar'), to: entityEndpoint('host'), port: 80, protocol: 'TCP' }).egress.reason).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('default-deny');
  });
});
