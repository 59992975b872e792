import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  allPortsOf,
  emptyPortSet,
  equals,
  formatPortSet,
  fullPortSet,
  hasPort,
  intersect,
  isEmpty,
  isFull,
  portRange,
  subtract,
  union,
  type PortSet,
} from './PortSet.ts';

const tcp = (lo: number, hi?: number): PortSet => portRange('TCP', lo, hi);

describe('PortSet', () => {
  it('formats like netpol-analyzer', () => {
    expect(formatPortSet(fullPortSet)).toBe('All Connections');
    expect(formatPortSet(emptyPortSet)).toBe('No Connections');
    expect(formatPortSet(subtract(allPortsOf(['TCP']), tcp(8080)))).toBe('TCP 1-8079,8081-65535');
    expect(formatPortSet(union(tcp(80), portRange('UDP', 80)))).toBe('TCP 80,UDP 80');
    const s = subtract(allPortsOf(['TCP', 'UDP', 'SCTP']), portRange('UDP', 80));
    expect(formatPortSet(s)).toBe('SCTP 1-65535,TCP 1-65535,UDP 1-79,81-65535');
    expect(formatPortSet(allPortsOf(['TCP', 'UDP', 'SCTP']), { ignoreIcmp: true })).toBe('All Connections');
    expect(formatPortSet(union(tcp(80), portRange('ICMP', 8)))).toBe('ICMP 8,TCP 80');
  });

  it('merges adjacent and overlapping ranges', () => {
    expect(union(tcp(1, 10), tcp(11, 20)).TCP).toEqual([[1, 20]]);
    expect(union(tcp(5, 10), tcp(1, 7)).TCP).toEqual([[1, 10]]);
    expect(union(tcp(1, 3), tcp(5, 7)).TCP).toEqual([
      [1, 3],
      [5, 7],
    ]);
  });

  it('intersects and subtracts', () => {
    expect(intersect(tcp(1, 100), tcp(50, 200)).TCP).toEqual([[50, 100]]);
    expect(subtract(tcp(1, 100), tcp(10, 20)).TCP).toEqual([
      [1, 9],
      [21, 100],
    ]);
    expect(isEmpty(subtract(tcp(10, 20), tcp(1, 100)))).toBe(true);
    expect(isFull(fullPortSet)).toBe(true);
    expect(hasPort(tcp(8000, 8100), 'TCP', 8100)).toBe(true);
    expect(hasPort(tcp(8000, 8100), 'TCP', 8101)).toBe(false);
  });

  const arbSet = fc
    .array(fc.tuple(fc.constantFrom('TCP' as const, 'UDP' as const), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 30 })), { maxLength: 6 })
    .map((xs) => xs.reduce<PortSet>((acc, [p, lo, w]) => union(acc, portRange(p, lo, lo + w)), emptyPortSet));

  it('agrees with a per-port model', () => {
    fc.assert(
      fc.property(arbSet, arbSet, fc.integer({ min: 1, max: 240 }), (a, b, port) => {
        const inA = hasPort(a, 'TCP', port);
        const inB = hasPort(b, 'TCP', port);
        expect(hasPort(union(a, b), 'TCP', port)).toBe(inA || inB);
        expect(hasPort(intersect(a, b), 'TCP', port)).toBe(inA && inB);
        expect(hasPort(subtract(a, b), 'TCP', port)).toBe(inA && !inB);
        expect(equals(union(subtract(a, b), intersect(a, b)), a)).toBe(true);
      }),
    );
  });

  it('keeps ranges sorted, disjoint and non-adjacent, whatever order they are united in', () => {
    const canonical = (s: PortSet): boolean => s.TCP.every((r, i) => r[0] <= r[1] && (i === 0 || r[0] > (s.TCP[i - 1] as readonly [number, number])[1] + 1));
    fc.assert(
      fc.property(arbSet, arbSet, arbSet, (a, b, c) => {
        const abc = union(union(a, b), c);
        expect(canonical(abc)).toBe(true);
        expect(union(c, union(b, a))).toEqual(abc);
        expect(union(abc, abc)).toBe(abc);
        expect(canonical(intersect(abc, b))).toBe(true);
      }),
    );
  });
});
