import { describe, expect, it } from 'vitest';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/api/icmp_test.go (cilium/cilium, Apache-2.0; SOURCES.md), as verdicts:
 * TestICMPFieldUnmarshal. A numeric type and a type name (`EchoRequest` is 8 for IPv4) decode to
 * the same field, and a name that exists only for IPv6 (`ICMPNodeInformationQuery`) under
 * `family: IPv4` does not decode: the API server's copy stays, the agent refuses the rule.
 */
const A = '{matchLabels: {id: a}}';
const pods = { a: { id: 'a' }, b: { id: 'b' } };
const icmp = (field: string) => upstreamModel([rule(A, `ingress: [{icmps: [{fields: [${field}]}]}]`)], pods);

describe('TestICMPFieldUnmarshal', () => {
  it('{family: IPv4, type: 8}: echo requests from anyone, nothing else', () => {
    const m = icmp('{family: IPv4, type: 8}');
    expect(reasonOf(m, 'ingress', 'b', 'a', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 0, 'ICMP')).toBe('default-deny');
    expect(reasonOf(m, 'ingress', 'b', 'a', 128, 'ICMPv6')).toBe('default-deny');
  });
  it('{family: IPv4, type: EchoRequest}: the same as type 8', () => {
    const m = icmp('{family: IPv4, type: EchoRequest}');
    expect(reasonOf(m, 'ingress', 'b', 'a', 8, 'ICMP')).toBe('allowed');
    expect(reasonOf(m, 'ingress', 'b', 'a', 13, 'ICMP')).toBe('default-deny');
  });
  it('{family: IPv4, type: ICMPNodeInformationQuery}: an IPv6-only name under IPv4 does not decode', () => {
    expect(() => icmp('{family: IPv4, type: ICMPNodeInformationQuery}')).toThrow(/unknown IPv4 ICMP type name "ICMPNodeInformationQuery"/);
  });
});
