import { describe, expect, it } from 'vitest';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/cidr_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts: the prefixes a
 * rule's CIDRs become (TestgetPrefixesFromCIDR: a bare address is its /32 or /128, host bits
 * under the mask are dropped, 0.0.0.0/0 and ::/0 stay whole) and what a CIDR set leaves once its
 * exceptions are taken out (TestGetCIDRPrefixes). The subject is `bar`; each prefix is asked
 * with addresses inside, at its edges and just outside.
 */
const BAR = "{matchLabels: {bar: ''}}";
const pods = { bar: { bar: '' } };

describe('TestgetPrefixesFromCIDR', () => {
  // Both families: upstream's test has no datapath (an IPv4-only cluster drops IPv6 before policy: dualStack.test.ts).
  const m = upstreamModel([rule(BAR, "egress: [{toCIDR: ['192.0.2.3/24', '192.0.2.3', 'fdff::ff']}]")], pods, { ipFamilies: 'dual' });
  it('192.0.2.3/24 is 192.0.2.0/24 (host bits dropped)', () => {
    for (const ip of ['192.0.2.0', '192.0.2.200', '192.0.2.255']) expect(reasonOf(m, 'egress', 'bar', ip, 443), ip).toBe('allowed');
    expect(reasonOf(m, 'egress', 'bar', '192.0.3.0', 443)).toBe('default-deny');
  });
  it('fdff::ff is fdff::ff/128', () => {
    expect(reasonOf(m, 'egress', 'bar', 'fdff::ff', 443)).toBe('allowed');
    expect(reasonOf(m, 'egress', 'bar', 'fdff::fe', 443)).toBe('default-deny');
  });
  // Cilium's tests run with IPv4 and IPv6 both enabled (pkg/option/config.go `Config`,
  // pkg/defaults EnableIPv4/EnableIPv6 true): a dual-stack cluster, where each prefix is its
  // family's world label (engine/dualStack.test.ts for single-stack clusters).
  it('0.0.0.0/0 and ::/0: every address of their family', () => {
    const all = upstreamModel([rule(BAR, "egress: [{toCIDR: ['0.0.0.0/0']}]")], pods, { ipFamilies: 'dual' });
    expect(reasonOf(all, 'egress', 'bar', '198.51.100.7', 443)).toBe('allowed');
    expect(reasonOf(all, 'egress', 'bar', '2001:db8::7', 443)).toBe('default-deny');
    const all6 = upstreamModel([rule(BAR, "egress: [{toCIDR: ['::/0']}]")], pods, { ipFamilies: 'dual' });
    expect(reasonOf(all6, 'egress', 'bar', '2001:db8::7', 443)).toBe('allowed');
    expect(reasonOf(all6, 'egress', 'bar', '198.51.100.7', 443)).toBe('default-deny');
  });
});

describe('TestGetCIDRPrefixes', () => {
  it('fromCIDR 192.0.2.0/24; toCIDR 192.0.2.0/24 and 192.0.3.0/24', () => {
    const m = upstreamModel([rule(BAR, "ingress: [{fromCIDR: [192.0.2.0/24]}]\negress: [{toCIDR: [192.0.2.0/24, 192.0.3.0/24]}]")], pods);
    expect(reasonOf(m, 'ingress', '192.0.2.9', 'bar', 80)).toBe('allowed');
    expect(reasonOf(m, 'ingress', '192.0.3.9', 'bar', 80)).toBe('default-deny');
    for (const ip of ['192.0.2.9', '192.0.3.9']) expect(reasonOf(m, 'egress', 'bar', ip, 80), ip).toBe('allowed');
    expect(reasonOf(m, 'egress', 'bar', '192.0.4.9', 80)).toBe('default-deny');
  });
  it('fromCIDRSet 192.0.2.0/24 except 192.0.2.128/25 is 192.0.2.0/25; toCIDRSet 10.0.0.0/8 except 10.0.0.0/16 is 10.1.0.0/16 … 10.128.0.0/9', () => {
    const m = upstreamModel(
      [rule(BAR, 'ingress: [{fromCIDRSet: [{cidr: 192.0.2.0/24, except: [192.0.2.128/25]}]}]\negress: [{toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.0.0.0/16]}]}]')],
      pods,
    );
    for (const ip of ['192.0.2.0', '192.0.2.127']) expect(reasonOf(m, 'ingress', ip, 'bar', 80), ip).toBe('allowed');
    for (const ip of ['192.0.2.128', '192.0.2.255']) expect(reasonOf(m, 'ingress', ip, 'bar', 80), ip).toBe('default-deny');
    for (const ip of ['10.1.0.0', '10.2.3.4', '10.64.0.1', '10.255.255.255']) expect(reasonOf(m, 'egress', 'bar', ip, 80), ip).toBe('allowed');
    for (const ip of ['10.0.0.1', '10.0.255.255', '11.0.0.0']) expect(reasonOf(m, 'egress', 'bar', ip, 80), ip).toBe('default-deny');
  });
});
