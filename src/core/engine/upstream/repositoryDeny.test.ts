import { describe, expect, it } from 'vitest';
import { ID, LBL, REQUIRES_GROUP_PODS, TCP, reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/repository_deny_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts.
 * Upstream checks resolved L4 policy maps (`ResolveL4IngressPolicy`: which selector is denied on
 * which port) and trace verdicts; here each is the reason of the side it is about:
 * `explicit-deny` where the map has a deny for the peer and port, `default-deny` where the side
 * is enforced and nothing matches, `no-policy` where no rule selects the endpoint. Upstream's
 * `AllowsIngressRLocked` answers Denied for "no rule selects it" too (it only asks whether an
 * allow exists); that is the `no-policy` case here, which Cilium does not enforce.
 * Labels: `ParseSelectLabel("foo")` is `any:foo=""` (`{foo: ''}`), `"id=foo"` is `{id: foo}`.
 */

describe('TestComputePolicyDenyEnforcementAndRules: a deny-only rule enforces its direction', () => {
  const pods = { foo: { foo: '' }, peer: { other: '' } };
  const ingressDeny = rule(LBL('foo'), `ingressDeny: [{fromEndpoints: [${LBL('foo')}]}]`);
  const egressDeny = rule(LBL('foo'), `egressDeny: [{toEndpoints: [${LBL('foo')}]}]`);
  const combined = rule(LBL('foo'), `ingressDeny: [{fromEndpoints: [${LBL('foo')}]}]\negressDeny: [{toEndpoints: [${LBL('foo')}]}]`);
  const enforced = (rules: Parameters<typeof upstreamModel>[0], settings = {}) => {
    const m = upstreamModel(rules, pods, settings);
    return [reasonOf(m, 'ingress', 'peer', 'foo', 80), reasonOf(m, 'egress', 'foo', 'peer', 80)];
  };
  it('no rules: neither direction', () => expect(enforced([])).toEqual(['no-policy', 'no-policy']));
  it('ingressDeny: ingress only', () => expect(enforced([ingressDeny])).toEqual(['default-deny', 'no-policy']));
  it('egressDeny: egress only', () => expect(enforced([egressDeny])).toEqual(['no-policy', 'default-deny']));
  it('both in one rule: both', () => expect(enforced([combined])).toEqual(['default-deny', 'default-deny']));
  it('enable-policy=always without rules: both', () => expect(enforced([], { enforcementMode: 'always' })).toEqual(['default-deny', 'default-deny']));
  it('enable-policy=never with the combined rule: neither', () => expect(enforced([combined], { enforcementMode: 'never' })).toEqual(['no-policy', 'no-policy']));
  it('the deny itself: foo → foo is denied by it both ways', () => {
    const m = upstreamModel([combined], { ...pods, foo2: { foo: '' } });
    expect(reasonOf(m, 'ingress', 'foo2', 'foo', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'foo2', 80)).toBe('explicit-deny');
  });
});

describe('TestGetRulesMatching: which directions a deny rule selects', () => {
  const pods = { bar: { bar: '', foo: '' }, other: { other: '' } };
  it('ingressDeny selects ingress, egressDeny egress', () => {
    const ing = upstreamModel([rule(LBL('bar'), `ingressDeny: [{fromEndpoints: [${LBL('foo')}]}]`)], pods);
    expect([reasonOf(ing, 'ingress', 'other', 'bar', 80), reasonOf(ing, 'egress', 'bar', 'other', 80)]).toEqual(['default-deny', 'no-policy']);
    const egr = upstreamModel([rule(LBL('bar'), `egressDeny: [{toEndpoints: [${LBL('foo')}]}]`)], pods);
    expect([reasonOf(egr, 'ingress', 'other', 'bar', 80), reasonOf(egr, 'egress', 'bar', 'other', 80)]).toEqual(['no-policy', 'default-deny']);
  });
});

describe('TestDeniesIngress / TestDeniesEgress: fromRequires/toRequires narrow the denies (Cilium 1.18)', () => {
  const v118 = { ciliumVersion: '1.18' };
  it('ingress', () => {
    const m = upstreamModel(
      [
        rule(LBL('bar'), `ingressDeny: [{fromEndpoints: [${LBL('foo')}]}]`),
        rule(LBL('groupA'), `ingressDeny: [{fromRequires: [${LBL('groupA')}]}]`),
        rule(LBL('bar2'), `ingressDeny: [{fromEndpoints: [${LBL('foo')}]}]`),
      ],
      REQUIRES_GROUP_PODS,
      v118,
    );
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'foo', 'bar2', 80)).toBe('explicit-deny');
    // foo,groupA → bar,groupA: the deny from foo now needs groupA too, which the peer has.
    expect(reasonOf(m, 'ingress', 'fooA', 'barA', 80)).toBe('explicit-deny');
    // groupB can't talk to groupA: not by the deny (foo AND groupA), but by default deny.
    expect(reasonOf(m, 'ingress', 'fooB', 'barA', 80)).toBe('default-deny');
    // No requirement on groupB: the plain deny from foo.
    expect(reasonOf(m, 'ingress', 'fooB', 'barB', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'foo', 'bar3', 80)).toBe('no-policy');
  });
  it('egress', () => {
    const m = upstreamModel(
      [
        rule(LBL('foo'), `egressDeny: [{toEndpoints: [${LBL('bar')}]}]`),
        rule(LBL('groupA'), `egressDeny: [{toRequires: [${LBL('groupA')}]}]`),
        rule(LBL('foo'), `egressDeny: [{toEndpoints: [${LBL('bar2')}]}]`),
      ],
      REQUIRES_GROUP_PODS,
      v118,
    );
    expect(reasonOf(m, 'egress', 'foo', 'bar', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'fooA', 'barA', 80)).toBe('explicit-deny');
    // From bar,groupA to foo,groupB: only the toRequires rule selects bar,groupA; it denies nothing itself.
    expect(reasonOf(m, 'egress', 'barA', 'fooB', 80)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'fooB', 'barB', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar3', 80)).toBe('default-deny');
  });
});

describe('resolved deny maps, as verdicts', () => {
  const pods = { foo: { id: 'foo' }, bar1: { id: 'bar1' }, bar2: { id: 'bar2' } };

  it('TestWildcardL3RulesIngressDeny: 0/ANY deny from bar1 (every port and protocol)', () => {
    const m = upstreamModel([rule(ID('foo'), `ingressDeny: [{fromEndpoints: [${ID('bar1')}]}]`)], pods);
    for (const [port, proto] of [[80, 'TCP'], [53, 'UDP'], [8, 'ICMP']] as const) expect(reasonOf(m, 'ingress', 'bar1', 'foo', port, proto)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 80)).toBe('default-deny');
  });

  it('TestWildcardL4RulesIngressDeny: 80/TCP and 9092/TCP denies from bar1', () => {
    const m = upstreamModel(
      [rule(ID('foo'), `ingressDeny: [{fromEndpoints: [${ID('bar1')}], toPorts: ${TCP('9092')}}]`), rule(ID('foo'), `ingressDeny: [{fromEndpoints: [${ID('bar1')}], toPorts: ${TCP('80')}}]`)],
      pods,
    );
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 9092)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 81)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 80, 'UDP')).toBe('default-deny');
  });

  it('TestL3DependentL4IngressDenyFromRequires (1.18): the 80/TCP deny selects bar1 AND bar2, nobody', () => {
    const m = upstreamModel([rule(ID('foo'), `ingressDeny:\n- fromEndpoints: [${ID('bar1')}]\n  toPorts: ${TCP('80')}\n- fromRequires: [${ID('bar2')}]`)], pods, { ciliumVersion: '1.18' });
    expect(reasonOf(m, 'ingress', 'bar1', 'foo', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'foo', 80)).toBe('default-deny');
  });

  it('TestL3DependentL4EgressDenyFromRequires (1.18): 0/ANY deny to bar2 (the wildcard item AND bar2), 80/TCP to nobody', () => {
    const m = upstreamModel([rule(ID('foo'), `egressDeny:\n- toEndpoints: [${ID('bar1')}]\n  toPorts: ${TCP('80')}\n- toEndpoints: [{}]\n  toRequires: [${ID('bar2')}]`)], pods, { ciliumVersion: '1.18' });
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 53, 'UDP')).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 80)).toBe('default-deny');
  });

  it('TestWildcardL3RulesEgressDeny: 0/ANY, 8/ICMP and 128/ICMPV6 denies to bar1', () => {
    const m = upstreamModel(
      [
        rule(ID('foo'), `egressDeny: [{toEndpoints: [${ID('bar1')}]}]`),
        rule(ID('foo'), `egressDeny: [{toEndpoints: [${ID('bar1')}], icmps: [{fields: [{type: 8}]}]}]`),
        rule(ID('foo'), `egressDeny: [{toEndpoints: [${ID('bar1')}], icmps: [{fields: [{family: IPv6, type: 128}]}]}]`),
      ],
      pods,
    );
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 8, 'ICMP')).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 128, 'ICMPv6')).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar2', 8, 'ICMP')).toBe('default-deny');
  });

  it('TestWildcardL4RulesEgressDeny: 53/UDP and 80/TCP denies to bar1', () => {
    const m = upstreamModel(
      [rule(ID('foo'), `egressDeny: [{toEndpoints: [${ID('bar1')}], toPorts: [{ports: [{port: '53', protocol: UDP}]}]}]`), rule(ID('foo'), `egressDeny: [{toEndpoints: [${ID('bar1')}], toPorts: ${TCP('80')}}]`)],
      pods,
    );
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 53, 'UDP')).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', 'bar1', 53, 'TCP')).toBe('default-deny');
  });

  it('TestWildcardCIDRRulesEgressDeny: 192.0.0.0/3 denied on 80/TCP and on everything', () => {
    const m = upstreamModel([rule(ID('foo'), `egressDeny: [{toCIDR: [192.0.0.0/3], toPorts: ${TCP('80')}}]`), rule(ID('foo'), 'egressDeny: [{toCIDR: [192.0.0.0/3]}]')], pods);
    expect(reasonOf(m, 'egress', 'foo', '192.0.2.1', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', '192.0.2.1', 443)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'foo', '10.1.2.3', 80)).toBe('default-deny');
  });

  it('TestWildcardL3RulesIngressDenyFromEntities / EgressDenyToEntities: world (all three world selectors)', () => {
    const ing = upstreamModel([rule(ID('foo'), 'ingressDeny: [{fromEntities: [world]}]')], pods);
    expect(reasonOf(ing, 'ingress', '8.8.8.8', 'foo', 80)).toBe('explicit-deny');
    expect(reasonOf(ing, 'ingress', 'bar1', 'foo', 80)).toBe('default-deny');
    const egr = upstreamModel([rule(ID('foo'), 'egressDeny: [{toEntities: [world]}]')], pods);
    expect(reasonOf(egr, 'egress', 'foo', '8.8.8.8', 443)).toBe('explicit-deny');
    expect(reasonOf(egr, 'egress', 'foo', 'bar1', 443)).toBe('default-deny');
  });

  it('TestMinikubeGettingStartedDeny: app2 denied on 80/TCP into app1 (the same rule twice), app3 has no rule', () => {
    const apps = { app1: { id: 'app1' }, app2: { id: 'app2' }, app3: { id: 'app3' } };
    const deny = rule(ID('app1'), `ingressDeny: [{fromEndpoints: [${ID('app2')}], toPorts: ${TCP('80')}}]`);
    const m = upstreamModel([deny, deny], apps);
    expect(reasonOf(m, 'ingress', 'app2', 'app1', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'app3', 'app1', 80)).toBe('default-deny');
  });
});

describe('TestPolicyDenyTrace: buildDenyRule(from, to, port) denies reserved:host and `from`', () => {
  const pods = { foo: { foo: '' }, bar: { bar: '' }, baz: { baz: '' } };
  const buildDenyRule = (from: string, to: string, port: string) =>
    rule(LBL(to), `ingressDeny: [{fromEndpoints: [{matchLabels: {'reserved:host': ''}}, ${LBL(from)}]${port === '' ? '' : `, toPorts: [{ports: [{port: '${port}'}]}]`}}]`);

  it('foo → bar denied on every port; bar → foo: no rule selects foo', () => {
    const m = upstreamModel([buildDenyRule('foo', 'bar', '')], pods);
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 22)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'bar', 'foo', 80)).toBe('no-policy');
  });

  it('plus baz → bar on 80: baz denied on 80 (any protocol), bar → bar only by default deny', () => {
    const m = upstreamModel([buildDenyRule('foo', 'bar', ''), buildDenyRule('baz', 'bar', '80')], { ...pods, bar2: { bar: '' } });
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80)).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80, 'UDP')).toBe('explicit-deny');
    expect(reasonOf(m, 'ingress', 'bar2', 'bar', 80)).toBe('default-deny');
  });

  it('plus fromRequires baz (1.18): foo no longer matches the denies, baz only on 80', () => {
    const m = upstreamModel([buildDenyRule('foo', 'bar', ''), buildDenyRule('baz', 'bar', '80'), rule(LBL('bar'), `ingressDeny: [{fromRequires: [${LBL('baz')}]}]`)], pods, { ciliumVersion: '1.18' });
    expect(reasonOf(m, 'ingress', 'foo', 'bar', 80)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 22)).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'baz', 'bar', 80)).toBe('explicit-deny');
  });
});
