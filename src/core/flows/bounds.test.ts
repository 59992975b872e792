import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBounded } from './bounds.ts';

/** addBounded as it was written with `splice` and `pop`: the reference. */
function reference<T extends string | number>(arr: T[], v: T, max: number): boolean {
  let i = arr.length;
  if (i === max && v > (arr[i - 1] as T)) return false;
  while (i > 0 && (arr[i - 1] as T) > v) i--;
  if (i > 0 && arr[i - 1] === v) return false;
  arr.splice(i, 0, v);
  if (arr.length > max) arr.pop();
  return true;
}

describe('addBounded', () => {
  it('keeps the smallest distinct values, ascending', () => {
    const out: string[] = [];
    for (const ip of ['10.0.0.9', '10.0.0.10', '10.0.0.1', '10.0.0.9', '10.0.0.2', '10.0.0.3']) addBounded(out, ip, 4);
    expect(out).toEqual(['10.0.0.1', '10.0.0.10', '10.0.0.2', '10.0.0.3']);
    const ids = [5];
    expect(addBounded(ids, 9, 2)).toBe(true);
    expect(addBounded(ids, 7, 2)).toBe(true);
    expect(addBounded(ids, 8, 2)).toBe(false);
    expect(ids).toEqual([5, 7]);
  });

  it('does what the splice-and-pop version did, on any list, also one longer than the bound (property)', () => {
    const list = fc.oneof(fc.array(fc.integer({ min: -5, max: 30 }), { maxLength: 24 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 24 }));
    fc.assert(
      fc.property(list, fc.integer({ min: -5, max: 30 }), fc.string({ maxLength: 3 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), (items, n, s, max, sorted) => {
        const start = (sorted ? [...new Set<string | number>(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : items) as (string | number)[];
        const v = typeof start[0] === 'string' ? s : n;
        const a = [...start];
        const b = [...start];
        expect(addBounded(a, v, max)).toBe(reference(b, v, max));
        expect(a).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });
});
