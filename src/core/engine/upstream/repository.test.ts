import { describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { entityEndpoint } from '../testing.ts';
import { ID, LBL, REQUIRES_GROUP_PODS, TCP, decisionOf, httpPasses, peer, reasonOf, requestPasses, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/repository_test.go (cilium/cilium, Apache-2.0; SOURCES.md), the allow half (the deny
 * half is repositoryDeny.test.ts), as verdicts. Upstream resolves L4 policy maps
 * (`ResolveL4IngressPolicy`: per port, which selectors, which L7 rules) and asks
 * `AllowsIngressRLocked`; here each is the reason of the side it is about, and the L7 rules are
 * asked with requests. Upstream's `AllowsIngressRLocked` answers Denied for "no rule selects it"
 * too; that is `no-policy` here (SOURCES.md). Labels: `ParseSelectLabel("foo")` is `{foo: ''}`,
 * `"id=foo"` is `{id: foo}`; `selBar1`/`selBar2` select `id=bar1`/`id=bar2`.
 */
const HTTP_GET = (port: string) => `[{ports: [{port: '${port}', protocol: TCP}], rules: {http: [{method: GET, path: /}]}}]`;
const DNS_EMPIRE = "[{ports: [{port: '53', protocol: UDP}], rules: {dns: [{matchName: empire.gov}]}}]";
const KAFKA_PRODUCE = "[{ports: [{port: '9092', protocol: TCP}], rules: {kafka: [{apiKey: produce}]}}]";
const GENERIC_TESTER = "[{ports: [{port: '9090', protocol: TCP}], rules: {l7proto: tester, l7: [{method: GET, path: /}]}}]";
const pods = { foo: { id: 'foo' }, bar1: { id: 'bar1' }, bar2: { id: 'bar2' }, other: { id: 'other' } };
const dns = (query: string) => ({ kind: 'dns' as const, query });

describe('TestComputePolicyEnforcementAndRules: an allow rule enforces the direction it has', () => {
  const fooPods = { foo: { foo: '' }, peer: { other: '' } };
  const ingress = rule(LBL('foo'), `ingress: [{fromEndpoints: [${LBL('foo')}]}]`);
  const egress = rule(LBL('foo'), `egress: [{toEndpoints: [${LBL('foo')}]}]`);
  const combined = rule(LBL('foo'), `ingress: [{fromEndpoints: [${LBL('foo')}]}]\negress: [{toEndpoints: [${LBL('foo')}]}]`);
  const enforced = (rules: Parameters<typeof upstreamModel>[0], settings = {}) => {
    const m = upstreamModel(rules, fooPods, settings);
    return [reasonOf(m, 'ingress', 'peer', 'foo', 80), reasonOf(m, 'egress', 'foo', 'peer', 80)];
  };
  it('no rules: neither direction', () => expect(enforced([])).toEqual(['no-policy', 'no-policy']));
  it('fooIngressRule1 (and 2): ingress only', () => {
    expect(enforced([ingress])).toEqual(['default-deny', 'no-policy']);
    expect(enforced([ingress, ingress])).toEqual(['default-deny', 'no-policy']);
  });
  it('fooEgressRule1: egress only', () => expect(enforced([egress])).toEqual(['no-policy', 'default-deny']));
  it('combinedRule: both', () => expect(enforced([combined])).toEqual(['default-deny', 'default-deny']));
  it('AlwaysEnforce without rules: both', () => expect(enforced([], { enforcementMode: 'always' })).toEqual(['default-deny', 'default-deny']));
  it('NeverEnforce with combinedRule: neither', () => expect(enforced([combined], { enforcementMode: 'never' })).toEqual(['no-policy', 'no-policy']));
  it('the rules themselves: foo → foo is allowed both ways', () => {
    const m = upstreamModel([combined], { ...fooPods, foo2: { foo: '' } });
    expect(reasonOf(m, 'ingress', 'foo2', 'foo', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'foo2', 80)).toBe('allowed');
  });
});

describe('TestAllowsIngress / TestAllowsEgress: fromRequires/toRequires narrow the allows (Cilium 1.18)', () => {
  const v118 = { ciliumVersion: '1.18' };
  it('ingress', () => {
    const m = upstreamModel(
      [
        rule(LBL('bar'), `ingress: [{fromEndpoints: [${LBL('foo')}]}]`),
        rule(LBL('groupA'), `ingress: [{fromRequires: [${LBL('groupA')}]}]`),
        rule(LBL('bar2'), `ingress: [{fromEndpoints: [${LBL('foo')}]}]`),
      ],
      REQUIRES_GROUP_PODS,
      v118,
    );
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'foo', 'bar2', 80)).toBe('allowed');
    // foo=>bar inside groupA is OK
    expect(reasonOf(m, 'ingress', 'fooA', 'barA', 80)).toBe('allowed');
    // groupB can't talk to groupA => Denied
    expect(reasonOf(m, 'ingress', 'fooB', 'barA', 80)).toBe('default-deny');
    // no restriction on groupB, unused label => OK
    expect(reasonOf(m, 'ingress', 'fooB', 'barB', 80)).toBe('allowed');
    // foo=>bar3, no rule (upstream: Denied, as no allow exists; Cilium does not enforce bar3)
    expect(reasonOf(m, 'ingress', 'foo', 'bar3', 80)).toBe('no-policy');
  });
  it('egress', () => {
    const m = upstreamModel(
      [
        rule(LBL('foo'), `egress: [{toEndpoints: [${LBL('bar')}]}]`),
        rule(LBL('groupA'), `egress: [{toRequires: [${LBL('groupA')}]}]`),
        rule(LBL('foo'), `egress: [{toEndpoints: [${LBL('bar2')}]}]`),
      ],
      REQUIRES_GROUP_PODS,
      v118,
    );
    expect(reasonOf(m, 'egress', 'foo', 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'fooA', 'barA', 80)).toBe('allowed');
    // From bar,groupA to foo,groupB: only the toRequires rule selects bar,groupA; it allows nothing itself.
    expect(reasonOf(m, 'egress', 'barA', 'fooB', 80)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'fooB', 'barB', 80)).toBe('allowed');
    // foo=>bar3: foo's egress is enforced and nothing allows bar3.
    expect(reasonOf(m, 'egress', 'foo', 'bar3', 80)).toBe('default-deny');
  });
});

describe('resolved L4 policy maps, as verdicts (subject id=foo)', () => {
  it('TestWildcardL3RulesIngress: 0/ANY from bar1; from bar2 9092 Kafka, 80 HTTP, 9090 tester L7, 8/ICMP, 128/ICMPV6', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar1')}]}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${KAFKA_PRODUCE}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${GENERIC_TESTER}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], icmps: [{fields: [{type: 8}]}]}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], icmps: [{fields: [{family: IPv6, type: 128}]}]}]`),
      ],
      pods,
    );
    // bar1: the 0/ANY filter, no L7 (nil per-selector policy): every port, protocol and request.
    for (const [port, proto] of [[80, 'TCP'], [9092, 'TCP'], [53, 'UDP'], [8, 'ICMP']] as const) expect(reasonOf(m, 'ingress', 'bar1', 'foo', port, proto)).toBe('allowed');
    expect(decisionOf(m, 'bar1', 'foo', 80).ingress.l7).toBe('none');
    expect(httpPasses(m, 'bar1', 'foo', 80, 'POST', '/x')).toBe(true);
    // bar2: only its five keys; 80/TCP through the HTTP parser.
    expect(httpPasses(m, 'bar2', 'foo', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'bar2', 'foo', 80, 'POST', '/')).toBe(false);
    for (const port of [9092, 9090]) {
      expect(reasonOf(m, 'ingress', 'bar2', 'foo', port)).toBe('allowed');
      expect(decisionOf(m, 'bar2', 'foo', port).ingress.l7).toBe('filtered');
    }
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 128, 'ICMPv6')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 0, 'ICMP')).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 81)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 80, 'UDP')).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'other', 'foo', 80)).toBe('default-deny');
  });

  it('TestWildcardL4RulesIngress: 9092 and 80/TCP from bar1 without L7 (nil), from bar2 with Kafka/HTTP', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar1')}], toPorts: ${TCP('9092')}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${KAFKA_PRODUCE}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar1')}], toPorts: ${TCP('80')}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
      ],
      pods,
    );
    // The L7 rules are per selector: bar1's requests are not filtered, bar2's are.
    expect(httpPasses(m, 'bar1', 'foo', 80, 'POST', '/x')).toBe(true);
    expect(decisionOf(m, 'bar1', 'foo', 9092).ingress.l7).toBe('none');
    expect(httpPasses(m, 'bar2', 'foo', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'bar2', 'foo', 80, 'POST', '/x')).toBe(false);
    expect(decisionOf(m, 'bar2', 'foo', 9092).ingress.l7).toBe('filtered');
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 81)).toBe('default-deny');
  });

  it('TestL3DependentL4IngressFromRequires (1.18): 80/TCP from id=bar1 AND id In [bar2]: from nobody', () => {
    const m = upstreamModel([rule(ID('foo'), `ingress:\n- fromEndpoints: [${ID('bar1')}]\n  toPorts: ${TCP('80')}\n- fromRequires: [${ID('bar2')}]`)], pods, { ciliumVersion: '1.18' });
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 443)).toBe('default-deny');
  });

  it('TestL3DependentL4EgressFromRequires (1.18): 0/ANY to id In [bar2] (the wildcard item AND bar2), 80/TCP to bar1 AND bar2 (nobody)', () => {
    const m = upstreamModel([rule(ID('foo'), `egress:\n- toEndpoints: [${ID('bar1')}]\n  toPorts: ${TCP('80')}\n- toEndpoints: [{}]\n  toRequires: [${ID('bar2')}]`)], pods, { ciliumVersion: '1.18' });
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 80)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 53, 'UDP')).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 80)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'foo', 'other', 80)).toBe('default-deny');
  });

  it('TestWildcardL3RulesEgress: 0/ANY to bar1; to bar2 53/UDP DNS empire.gov, 80 HTTP, 8/ICMP, 128/ICMPV6', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar1')}]}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${DNS_EMPIRE}}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], icmps: [{fields: [{type: 8}]}]}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], icmps: [{fields: [{family: IPv6, type: 128}]}]}]`),
      ],
      pods,
    );
    // "Traffic to bar1 should not be forwarded to the DNS or HTTP proxy at all".
    expect(requestPasses(m, 'foo', 'bar1', 53, 'UDP', dns('death.star.'))).toBe(true);
    expect(httpPasses(m, 'foo', 'bar1', 80, 'DELETE', '/')).toBe(true);
    expect(decisionOf(m, 'foo', 'bar1', 53, 'UDP').egress.l7).toBe('none');
    expect(requestPasses(m, 'foo', 'bar2', 53, 'UDP', dns('empire.gov'))).toBe(true);
    expect(requestPasses(m, 'foo', 'bar2', 53, 'UDP', dns('rebels.org'))).toBe(false);
    expect(httpPasses(m, 'foo', 'bar2', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'foo', 'bar2', 80, 'PUT', '/')).toBe(false);
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 128, 'ICMPv6')).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 53, 'TCP')).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 443)).toBe('default-deny');
  });

  it('TestWildcardL4RulesEgress: 53/UDP and 80/TCP to bar1 without L7 (nil), to bar2 with DNS/HTTP', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar1')}], toPorts: [{ports: [{port: '53', protocol: UDP}]}]}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${DNS_EMPIRE}}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar1')}], toPorts: ${TCP('80')}}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
      ],
      pods,
    );
    // "the L3/L4 allow should pass it without an explicit L7 wildcard".
    expect(requestPasses(m, 'foo', 'bar1', 53, 'UDP', dns('rebels.org'))).toBe(true);
    expect(httpPasses(m, 'foo', 'bar1', 80, 'POST', '/')).toBe(true);
    expect(requestPasses(m, 'foo', 'bar2', 53, 'UDP', dns('rebels.org'))).toBe(false);
    expect(httpPasses(m, 'foo', 'bar2', 80, 'POST', '/')).toBe(false);
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 8, 'ICMP')).toBe('default-deny');
  });

  it('TestWildcardCIDRRulesEgress: 192.0.0.0/3 on 80/TCP with HTTP (header X-My-Header: true) and on 0/ANY: the L3 allow lets every request through', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), "egress: [{toCIDR: [192.0.0.0/3], toPorts: [{ports: [{port: '80', protocol: TCP}], rules: {http: [{headers: ['X-My-Header: true'], method: GET, path: /}]}}]}]"),
        rule(ID('foo'), 'egress: [{toCIDR: [192.0.0.0/3]}]'),
      ],
      pods,
    );
    // "Port 80 policy does not need the wildcard, as the "0" port policy will allow the traffic."
    expect(httpPasses(m, 'foo', '192.0.2.1', 80, 'POST', '/')).toBe(true);
    expect(decisionOf(m, 'foo', '192.0.2.1', 80).egress.l7).toBe('unrestricted');
    expect(reasonOf(m, 'egress', 'foo', '192.0.2.1', 443)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'foo', '10.0.0.1', 80)).toBe('default-deny');
  });

  it('TestWildcardL3RulesIngressFromEntities: 0/ANY from world (its three selectors); from bar2 Kafka 9092 and HTTP 80', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), 'ingress: [{fromEntities: [world]}]'),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${KAFKA_PRODUCE}}]`),
        rule(ID('foo'), `ingress: [{fromEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
      ],
      pods,
      // world's three selectors (world, world-ipv4, world-ipv6): upstream enables both families.
      { ipFamilies: 'dual' },
    );
    for (const from of ['8.8.8.8', '2001:db8::1']) {
      expect(reasonOf(m, 'ingress', from, 'foo', 22)).toBe('allowed');
      expect(httpPasses(m, from, 'foo', 80, 'POST', '/')).toBe(true);
    }
    expect(httpPasses(m, 'bar2', 'foo', 80, 'POST', '/')).toBe(false);
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 22)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 80)).toBe('default-deny');
  });

  it('TestWildcardL3RulesEgressToEntities: 0/ANY to world; to bar2 DNS 53/UDP and HTTP 80', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), 'egress: [{toEntities: [world]}]'),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${DNS_EMPIRE}}]`),
        rule(ID('foo'), `egress: [{toEndpoints: [${ID('bar2')}], toPorts: ${HTTP_GET('80')}}]`),
      ],
      pods,
    );
    expect(reasonOf(m, 'egress', 'foo', '8.8.8.8', 443)).toBe('allowed');
    expect(requestPasses(m, 'foo', '8.8.8.8', 53, 'UDP', dns('rebels.org'))).toBe(true);
    expect(requestPasses(m, 'foo', 'bar2', 53, 'UDP', dns('rebels.org'))).toBe(false);
    expect(requestPasses(m, 'foo', 'bar2', 53, 'UDP', dns('empire.gov'))).toBe(true);
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 53, 'UDP')).toBe('default-deny');
  });

  it('TestMinikubeGettingStarted: app2 → app1 80/TCP plain and twice with HTTP GET /: HTTP rules {GET /} and {} (every request); app3 nothing', () => {
    const apps = { app1: { id: 'app1' }, app2: { id: 'app2' }, app3: { id: 'app3' } };
    expect(reasonOf(upstreamModel([], apps), 'ingress', 'app2', 'app1', 80)).toBe('no-policy');
    const m = upstreamModel(
      [
        rule(ID('app1'), `ingress: [{fromEndpoints: [${ID('app2')}], toPorts: ${TCP('80')}}]`),
        rule(ID('app1'), `ingress: [{fromEndpoints: [${ID('app2')}], toPorts: ${HTTP_GET('80')}}]`),
        rule(ID('app1'), `ingress: [{fromEndpoints: [${ID('app2')}], toPorts: ${HTTP_GET('80')}}]`),
      ],
      apps,
    );
    expect(httpPasses(m, 'app2', 'app1', 80, 'GET', '/')).toBe(true);
    expect(httpPasses(m, 'app2', 'app1', 80, 'POST', '/anything')).toBe(true);
    expect(decisionOf(m, 'app2', 'app1', 80).ingress.l7).toBe('unrestricted');
    expect(reasonOf(m, 'ingress', 'app3', 'app1', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'app2', 'app1', 81)).toBe('default-deny');
  });
});

describe('TestPolicyTrace: buildRule(from, to, port) allows reserved:host and `from` (port without protocol: ANY)', () => {
  const tracePods = { foo: { foo: '' }, bar: { bar: '' }, baz: { baz: '' }, bar2: { bar: '' } };
  const buildRule = (from: string, to: string, port: string) =>
    rule(LBL(to), `ingress: [{fromEndpoints: [{matchLabels: {'reserved:host': ''}}, ${LBL(from)}]${port === '' ? '' : `, toPorts: [{ports: [{port: '${port}'}]}]`}}]`);
  // allow-localhost=policy: upstream's AllowsIngressRLocked knows nothing of the agent's localhost
  // exception, so the host is asked of the rules alone.
  const settings = { allowLocalhost: 'policy' as const };
  const hostTo = (m: ReturnType<typeof upstreamModel>, to: string, port: number) => decide(m, { from: entityEndpoint('host'), to: peer(m, to), port, protocol: 'TCP' }).ingress.reason;

  it('foo → bar on every port (and the host); bar → foo: no rule selects foo', () => {
    const m = upstreamModel([buildRule('foo', 'bar', '')], tracePods, settings);
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 22)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80, 'UDP')).toBe('allowed');
    expect(hostTo(m, 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'bar', 'foo', 80)).toBe('no-policy');
  });

  it('plus baz → bar on 80: baz allowed on 80 (TCP, UDP), not on 22; bar → bar denied', () => {
    const m = upstreamModel([buildRule('foo', 'bar', ''), buildRule('baz', 'bar', '80')], tracePods, settings);
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80, 'UDP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 22)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'bar', 80)).toBe('default-deny');
  });

  it('plus fromRequires baz (1.18): foo and the host are denied, baz only on 80', () => {
    const m = upstreamModel(
      [buildRule('foo', 'bar', ''), buildRule('baz', 'bar', '80'), rule(LBL('bar'), `ingress: [{fromRequires: [${LBL('baz')}]}]`)],
      tracePods,
      { ...settings, ciliumVersion: '1.18' },
    );
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('default-deny');
    expect(hostTo(m, 'bar', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 22)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80)).toBe('allowed');
  });
});

describe('TestDefaultAllow: enableDefaultDeny false adds a wildcard allow; a default-deny rule on the same side wins', () => {
  const fooPods = { foo: { foo: '' }, peer: { other: '' } };
  const genRule = (ingress: boolean, defaultDeny: boolean) =>
    rule(
      LBL('foo'),
      `${ingress ? `ingress: [{fromEndpoints: [${LBL('foo')}]}]` : `egress: [{toEndpoints: [${LBL('foo')}]}]`}\nenableDefaultDeny: {${ingress ? 'ingress' : 'egress'}: ${String(defaultDeny)}}`,
    );
  const iDeny = genRule(true, true);
  const iAllow = genRule(true, false);
  const eDeny = genRule(false, true);
  const eAllow = genRule(false, false);
  type Case = { rules: ReturnType<typeof rule>[]; verdict: 'allowed' | 'default-deny' | 'no-policy' };
  // What the peer without the `foo` label gets: no rule, a default-deny rule (only foo allowed),
  // a default-allow rule alone (the wildcard: everyone), both (default deny wins, no wildcard).
  const ingressCases: Case[] = [
    { rules: [], verdict: 'no-policy' },
    { rules: [iDeny], verdict: 'default-deny' },
    { rules: [iAllow], verdict: 'allowed' },
    { rules: [iDeny, iAllow], verdict: 'default-deny' },
  ];
  const egressCases: Case[] = [
    { rules: [], verdict: 'no-policy' },
    { rules: [eDeny], verdict: 'default-deny' },
    { rules: [eAllow], verdict: 'allowed' },
    { rules: [eDeny, eAllow], verdict: 'default-deny' },
  ];
  const sides = (rules: Case['rules']) => {
    const m = upstreamModel(rules, { ...fooPods, foo2: { foo: '' } });
    return {
      ingress: reasonOf(m, 'ingress', 'peer', 'foo', 80),
      egress: reasonOf(m, 'egress', 'foo', 'peer', 80),
      fooIn: reasonOf(m, 'ingress', 'foo2', 'foo', 80),
      fooOut: reasonOf(m, 'egress', 'foo', 'foo2', 80),
    };
  };
  it('ingress cases, egress cases, and every ingress × egress combination', () => {
    for (const [e, etc] of egressCases.entries())
      for (const [i, itc] of ingressCases.entries()) {
        const s = sides([...etc.rules, ...itc.rules]);
        const what = `ingress case ${i} + egress case ${e}`;
        expect(s.ingress, what).toBe(itc.verdict);
        expect(s.egress, what).toBe(etc.verdict);
        // foo itself is allowed by the rules wherever a side is enforced.
        expect(s.fooIn, what).toBe(itc.rules.length === 0 ? 'no-policy' : 'allowed');
        expect(s.fooOut, what).toBe(etc.rules.length === 0 ? 'no-policy' : 'allowed');
      }
  });
});
