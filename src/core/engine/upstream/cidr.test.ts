import { describe, expect, it } from 'vitest';
import { decide } from '../decide.ts';
import { entityEndpoint, podEndpoint, policiesFromYaml } from '../testing.ts';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/api/cidr_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts of the
 * egress of pod `a` (`id=a`): TestGetAsEndpointSelectorsWithExceptions (a CIDR or a CIDR group,
 * by name or by label selector, minus its `except` ranges) and TestGetAsEndpointSelectors (which
 * all-addresses prefix selects the `reserved:world` identity in a single-stack cluster). Upstream
 * matches selectors against the labels of CIDR identities; an address gets the identity of the
 * longest prefix holding it, and an except range is such a prefix, so per address the selector
 * holds exactly for the addresses of the range outside every except.
 */
const A = '{matchLabels: {id: a}}';
const pods = { a: { id: 'a' } };
const egress = (peer: string) => upstreamModel([rule(A, `egress: [{toCIDRSet: [${peer}]}]`)], pods, {}, {
  cidrGroups: [
    { name: 'testing', labels: {}, cidrs: ['1.0.0.0/8'], source: null },
    { name: 'labelled', labels: { foo: 'bar' }, cidrs: ['1.0.0.0/8'], source: null },
  ],
});
const to = (m: ReturnType<typeof egress>, ip: string) => reasonOf(m, 'egress', 'a', ip, 443);

describe('TestGetAsEndpointSelectorsWithExceptions', () => {
  it('no exclude: 1.0.0.0/24', () => {
    const m = egress('{cidr: 1.0.0.0/24}');
    expect(to(m, '1.0.0.1')).toBe('allowed');
    expect(to(m, '1.0.0.200')).toBe('allowed');
    expect(to(m, '2.0.0.1')).toBe('default-deny');
  });
  it('exclude-cidr: 1.0.0.0/24 except 1.0.0.4/30', () => {
    const m = egress('{cidr: 1.0.0.0/24, except: [1.0.0.4/30]}');
    for (const ip of ['1.0.0.1', '1.0.0.3', '1.0.0.8', '1.0.0.255']) expect(to(m, ip), ip).toBe('allowed');
    for (const ip of ['1.0.0.4', '1.0.0.5', '1.0.0.7', '2.0.0.1']) expect(to(m, ip), ip).toBe('default-deny');
  });
  it('cidrgroup-exclude-cidr: cidrGroupRef testing (1.0.0.0/8) except 1.0.0.4/30', () => {
    const m = egress("{cidrGroupRef: testing, except: ['1.0.0.4/30']}");
    expect(to(m, '1.2.3.4')).toBe('allowed');
    for (const ip of ['1.0.0.4', '1.0.0.5', '2.0.0.1']) expect(to(m, ip), ip).toBe('default-deny');
  });
  it('cidrgroup-ref: cidrGroupSelector foo=bar selects the group by its labels, nothing outside it', () => {
    const m = egress('{cidrGroupSelector: {matchLabels: {foo: bar}}}');
    expect(to(m, '1.1.1.1')).toBe('allowed');
    expect(to(m, '9.1.1.1')).toBe('default-deny');
  });
  it('cidrgroup-ref-except: cidrGroupSelector foo=bar except 1.0.0.4/30', () => {
    const m = egress("{cidrGroupSelector: {matchLabels: {foo: bar}}, except: ['1.0.0.4/30']}");
    expect(to(m, '1.9.9.9')).toBe('allowed');
    expect(to(m, '1.0.0.4')).toBe('default-deny');
    expect(to(m, '1.0.0.6')).toBe('default-deny');
  });
});

describe('TestGetAsEndpointSelectors: the world identity in a single-stack cluster', () => {
  // The all-addresses prefix of the cluster's own family selects reserved:world (identity 2); the
  // cluster's family is that of its pods here. The other family's prefix, by release, and dual
  // stack (world-ipv4/world-ipv6): engine/dualStack.test.ts.
  const world = (cidr: string, podIp: string) => {
    const m = upstreamModel([rule(A, `egress: [{toCIDR: ['${cidr}']}]`)], pods, {}, { podIps: { a: podIp } });
    return decide(m, { from: podEndpoint(m, 'default/a'), to: entityEndpoint('world'), port: 443, protocol: 'TCP' }).egress.reason;
  };
  it('ipv4 in ipv4 only: 0.0.0.0/0 selects reserved:world', () => expect(world('0.0.0.0/0', '10.244.0.10')).toBe('allowed'));
  it('ipv6 in ipv6 only: ::/0 selects reserved:world', () => expect(world('::/0', 'fd00::10')).toBe('allowed'));
});

describe('CIDR rule validation and group excepts by Cilium version', () => {
  const load = (peer: string, ciliumVersion: string) => policiesFromYaml(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: p}
spec:
  endpointSelector: ${A}
  egress: [{toCIDRSet: [${peer}]}]
`, { ciliumVersion }).diagnostics;
  it('an except wider than its cidr: accepted with a warning up to 1.19 (only the address is checked), refused by 1.20 (CIDRRule.sanitize: prefix.Bits() > except.Bits())', () => {
    const peer = "{cidr: 10.0.0.0/16, except: ['10.0.0.0/8']}";
    expect(load(peer, '1.19').map((d) => `${d.severity} ${d.code}`)).toEqual(['warning except-wider']);
    const refused = load(peer, '1.20').find((d) => d.severity === 'error');
    expect(refused?.code).toBe('except-wider');
    expect(refused?.message).toMatch(/1\.20/);
  });
  it('except beside cidrGroupRef: applied from 1.17 (cidr.go CIDRRuleSlice.GetAsEndpointSelectors), ignored with a warning naming the release on 1.16', () => {
    const groups = { cidrGroups: [{ name: 'testing', labels: {}, cidrs: ['1.0.0.0/8'], source: null }] };
    const peer = "{cidrGroupRef: testing, except: ['1.0.0.4/30']}";
    const m16 = upstreamModel([rule(A, `egress: [{toCIDRSet: [${peer}]}]`)], pods, { ciliumVersion: '1.16' }, groups);
    expect(reasonOf(m16, 'egress', 'a', '1.0.0.5', 443)).toBe('allowed');
    expect(load(peer, '1.16').find((d) => d.code === 'except-ignored')?.message).toMatch(/1\.16.*1\.17/);
    const m17 = upstreamModel([rule(A, `egress: [{toCIDRSet: [${peer}]}]`)], pods, { ciliumVersion: '1.17' }, groups);
    expect(reasonOf(m17, 'egress', 'a', '1.0.0.5', 443)).toBe('default-deny');
    expect(load(peer, '1.17')).toEqual([]);
  });
});

describe('prefix overlaps: a wider except beside a narrower allow', () => {
  it('10.0.0.0/8 except 10.1.0.0/16, and 10.1.2.0/24 in another rule: the narrower allow lets 10.1.2.x through', () => {
    const m = upstreamModel([rule(A, "egress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: ['10.1.0.0/16']}]}]"), rule(A, "egress: [{toCIDR: ['10.1.2.0/24']}]")], pods);
    expect(reasonOf(m, 'egress', 'a', '10.1.2.3', 443)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'a', '10.1.3.3', 443)).toBe('default-deny');
    expect(reasonOf(m, 'egress', 'a', '10.2.0.1', 443)).toBe('allowed');
  });
  it('an egressDeny of 10.1.0.0/16 beats the allow of 10.0.0.0/8 for every address in it', () => {
    const m = upstreamModel([rule(A, "egress: [{toCIDR: ['10.0.0.0/8']}]\negressDeny: [{toCIDR: ['10.1.0.0/16']}]")], pods);
    expect(reasonOf(m, 'egress', 'a', '10.1.255.255', 443)).toBe('explicit-deny');
    expect(reasonOf(m, 'egress', 'a', '10.2.0.1', 443)).toBe('allowed');
  });
});
