import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EdgeTable } from './edgeTable.ts';

/** Triples from small ranges (many repeats, many collisions) and from the whole int32 range. */
const part = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }));
const triple = fc.tuple(part, part, fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 560_000 })));

describe('EdgeTable', () => {
  it('finds what was added under the same three numbers and nothing else, as a Map of their text does', () => {
    fc.assert(
      fc.property(fc.array(triple, { maxLength: 600 }), fc.integer({ min: 1, max: 64 }), (triples, initial) => {
        const table = new EdgeTable(initial);
        const reference = new Map<string, number>();
        for (const [s, d, p] of triples) {
          const key = `${s} ${d} ${p}`;
          expect(table.get(s, d, p)).toBe(reference.get(key) ?? -1);
          if (!reference.has(key)) {
            table.add(s, d, p, reference.size);
            reference.set(key, reference.size);
          }
        }
        expect(table.size).toBe(reference.size);
        for (const [key, v] of reference) {
          const [s, d, p] = key.split(' ').map(Number) as [number, number, number];
          expect(table.get(s, d, p)).toBe(v);
          // The same numbers in another order are another key.
          if (s !== d) expect(table.get(d, s, p)).toBe(reference.get(`${d} ${s} ${p}`) ?? -1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every entry across many growths', () => {
    const table = new EdgeTable(1);
    for (let i = 0; i < 20_000; i++) table.add(i % 137, i, i % 7, i);
    for (let i = 0; i < 20_000; i++) expect(table.get(i % 137, i, i % 7)).toBe(i);
    expect(table.get(0, 20_000, 0)).toBe(-1);
  });
});
