import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cidrContains, cidrContainsIp, cidrEnd, formatCidr, formatIp, isIpAddress, parseCidr, parseIp } from './cidr.ts';

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
  it('reads dotted IPv4 as it always did: space around it trimmed, leading zeros, parts over 255 and missing parts refused', () => {
    // The reading before the one-number path (a regex over the trimmed text, a bigint per part).
    const reference = (text: string): bigint | null => {
      const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
      if (!m) return null;
      const parts = m.slice(1);
      if (parts.some((p) => (p.length > 1 && p.startsWith('0')) || Number(p) > 255)) return null;
      return parts.reduce((v, p) => (v << 8n) | BigInt(Number(p)), 0n);
    };
    const piece = fc.constantFrom('0', '1', '2', '5', '9', '25', '255', '256', '00', '.', ' ', '\t', '\u00a0', 'a', '-');
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '01', '1000', ' 7'));
    const text = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom('', ' ', '\n'), fc.array(part, { minLength: 3, maxLength: 5 }), fc.constantFrom('', ' ')).map(([a, p, b]) => a + p.join('.') + b),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parseIp(t);
        expect(r === null ? null : r.family === 4 ? r.value : 'v6').toBe(reference(t));
        expect(isIpAddress(t)).toBe(t.trim() === t && reference(t) !== null);
      }),
      { numRuns: 3000 },
    );
    expect(parseIp('255.255.255.255')?.value).toBe(0xffffffffn);
    expect(parseIp(' 10.0.0.1 ')?.value).toBe(0x0a000001n);
    expect(parseIp('10.0.0.01')).toBeNull();
  });
  it('computes the last address', () => {
    expect(formatIp({ family: 4, value: cidrEnd(c('10.0.0.0/8')) })).toBe('10.255.255.255');
  });
});
