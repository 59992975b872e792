import { describe, expect, it } from 'vitest';
import { emptyPortSet, fullPortSet, portRange, subtract, union, allPortsOf } from '../engine/PortSet.ts';
import { portsText } from './portsText.ts';

describe('portsText', () => {
  it('names single ports, ranges and joined protocols', () => {
    expect(portsText(portRange('TCP', 9000))).toBe('9000/TCP');
    expect(portsText(portRange('UDP', 40000, 40100))).toBe('40000-40100/UDP');
    expect(portsText(union(portRange('TCP', 53), portRange('UDP', 53)))).toBe('53/TCP+UDP');
    expect(portsText(allPortsOf(['TCP']))).toBe('all TCP');
  });
  it('says all, none, and "all except" when the carved-out part is short', () => {
    expect(portsText(fullPortSet)).toBe('all ports');
    expect(portsText(emptyPortSet)).toBe('none');
    expect(portsText(allPortsOf(['TCP', 'UDP', 'SCTP']))).toBe('all ports (no ICMP)');
    expect(portsText(subtract(fullPortSet, portRange('TCP', 25)))).toBe('all except 25/TCP');
  });
});
