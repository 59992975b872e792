import { describe, expect, it } from 'vitest';
import { cidrContains, cidrContainsIp, cidrEnd, formatCidr, formatIp, parseCidr, parseIp } from './cidr.ts';

const c = (s: string) => {
  const r = parseCidr(s);
  if (!r) throw new Error(`bad cidr ${s}`);
  return r;
};
const ip = (s: string) => {
  const r = parseIp(s);
  if (!r) throw new Error(`bad ip ${s}`);
  return r;
};

describe('cidr', () => {
  it('parses IPv4 prefixes and bare addresses', () => {
    expect(formatCidr(c('10.1.2.3/8'))).toBe('10.0.0.0/8');
    expect(c('1.2.3.4').bits).toBe(32);
    expect(parseCidr('1.2.3.4', false)).toBeNull();
    expect(parseCidr('256.0.0.0/8')).toBeNull();
    expect(parseCidr('10.0.0.0/33')).toBeNull();
    expect(parseCidr('10.0.0/8')).toBeNull();
  });
  it('parses IPv6 with compression and embedded IPv4', () => {
    expect(formatIp(ip('2001:db8::1'))).toBe('2001:db8::1');
    expect(formatCidr(c('2001:db8:abcd::/32'))).toBe('2001:db8::/32');
    expect(ip('::ffff:1.2.3.4').value & 0xffffffffn).toBe(0x01020304n);
    expect(parseIp('1::2::3')).toBeNull();
    expect(c('::/0').bits).toBe(0);
  });
  it('contains: a /24 inside a /20, except holes, families never mix', () => {
    expect(cidrContains(c('10.0.0.0/20'), c('10.0.15.0/24'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/20'), c('10.0.16.0/24'))).toBe(false);
    expect(cidrContains(c('10.0.0.0/24'), c('10.0.0.0/20'))).toBe(false);
    expect(cidrContainsIp(c('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
    expect(cidrContainsIp(c('::/0'), ip('8.8.8.8'))).toBe(false);
    expect(cidrContainsIp(c('169.254.0.0/16'), ip('169.254.169.254'))).toBe(true);
  });
  it('computes the last address', () => {
    expect(formatIp({ family: 4, value: cidrEnd(c('10.0.0.0/8')) })).toBe('10.255.255.255');
  });
});
