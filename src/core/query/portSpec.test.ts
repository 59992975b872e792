import { describe, expect, it } from 'vitest';
import { parsePortSpec, portSpecText } from './portSpec.ts';

describe('parsePortSpec', () => {
  it('reads numbers, protocols, names and empty', () => {
    expect(parsePortSpec('9000')).toEqual({ ok: true, port: 9000, protocol: 'TCP' });
    expect(parsePortSpec(' 53/udp ')).toEqual({ ok: true, port: 53, protocol: 'UDP' });
    expect(parsePortSpec('http')).toEqual({ ok: true, port: 'http', protocol: 'TCP' });
    expect(parsePortSpec('DNS/UDP')).toEqual({ ok: true, port: 'dns', protocol: 'UDP' });
    expect(parsePortSpec('8/ICMP')).toEqual({ ok: true, port: 8, protocol: 'ICMP' });
    expect(parsePortSpec('')).toEqual({ ok: true, port: null, protocol: 'ANY' });
    expect(parsePortSpec('/UDP')).toEqual({ ok: true, port: null, protocol: 'UDP' });
  });
  it('explains what is wrong', () => {
    expect(parsePortSpec('70000')).toMatchObject({ ok: false, error: expect.stringContaining('out of range') });
    expect(parsePortSpec('300/ICMP')).toMatchObject({ ok: false, error: expect.stringContaining('ICMP type 300') });
    expect(parsePortSpec('80/TPC')).toMatchObject({ ok: false, error: expect.stringContaining('unknown protocol "TPC"') });
    expect(parsePortSpec('8 0')).toMatchObject({ ok: false });
  });
  it('prints what was asked', () => {
    expect(portSpecText(9000, 'TCP')).toBe('9000/TCP');
    expect(portSpecText(8, 'ICMP')).toBe('ICMP type 8');
    expect(portSpecText(null, 'ANY')).toBe('all ports');
    expect(portSpecText(null, 'UDP')).toBe('all UDP ports');
  });
});
