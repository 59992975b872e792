import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from './lineIndex.ts';

/** The reference: count the line breaks before the offset. */
function naive(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

describe('LineIndex', () => {
  it('gives 1-based lines and columns, first query and later ones alike', () => {
    const li = new LineIndex('ab\ncd\n\nef');
    expect([0, 4, 6, 8, 0].map((o) => li.position(o))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 2 },
      { line: 3, column: 1 },
      { line: 4, column: 2 },
      { line: 1, column: 1 },
    ]);
  });

  it('finds every line of a text with more lines than its first guess (short lines)', () => {
    const text = 'x\n'.repeat(5000) + '\n\nend';
    const li = new LineIndex(text);
    li.position(0);
    for (const offset of [0, 1, 2, 4999, 5000, 9999, 10000, 10001, 10002, text.length]) expect(li.position(offset)).toEqual(naive(text, offset));
  });

  it('agrees with counting line breaks, for any text and any order of queries', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', 'b') }), fc.array(fc.nat()), (text, offsets) => {
        const li = new LineIndex(text);
        for (const o of offsets) {
          const offset = o % (text.length + 1);
          expect(li.position(offset)).toEqual(naive(text, offset));
        }
      }),
    );
  });
});
