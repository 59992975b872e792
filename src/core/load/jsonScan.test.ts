import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arrayItemOffsets, jsonPathOffset, scanItemOffsets } from './jsonScan.ts';
import { jsonSyntaxError } from './jsonSyntax.ts';

const TEXT = JSON.stringify({ a: 1, "we\"ird": { b: [10, { c: 'x]}' }, 30] }, d: [] }, null, 2);

describe('jsonPathOffset', () => {
  it('finds member keys and array items, skipping strings with brackets', () => {
    expect(TEXT.slice(jsonPathOffset(TEXT, 0, ['we"ird', 'b', 1, 'c']), 0).length).toBe(0);
    expect(TEXT.slice(jsonPathOffset(TEXT, 0, ['we"ird', 'b', 1, 'c'])).startsWith('"c"')).toBe(true);
    expect(TEXT.slice(jsonPathOffset(TEXT, 0, ['we"ird', 'b', 2])).startsWith('30')).toBe(true);
    expect(TEXT.slice(jsonPathOffset(TEXT, 0, ['d'], true)).startsWith('[]')).toBe(true);
  });
  it('falls back to the nearest existing ancestor', () => {
    expect(TEXT.slice(jsonPathOffset(TEXT, 0, ['we"ird', 'missing', 3])).startsWith('"we\\"ird"')).toBe(true);
    expect(jsonPathOffset(TEXT, 0, ['d', 0])).toBe(TEXT.indexOf('"d"'));
  });
  it('lists array item offsets in one pass', () => {
    const t = '[ {"a":[1,2]}, "x,]", 3 ]';
    expect(arrayItemOffsets(t, 0).map((o) => t[o])).toEqual(['{', '"', '3']);
  });

  it('finds every item of random arrays, strings with quotes, backslashes and brackets included', () => {
    const tricky = fc.constantFrom('\\', '\\"', '"', '[', ']', '{', '}', '\\\\', 'x', ',');
    const str = fc.array(tricky, { maxLength: 8 }).map((a) => a.join(''));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(str, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), fc.constantFrom(0, 2, 4), (items, indent) => {
        const text = JSON.stringify(items, null, indent);
        const offsets = arrayItemOffsets(text, 0);
        expect(offsets).toHaveLength(items.length);
        // Each item starts where its own text starts, and the texts between follow one another.
        offsets.forEach((o, i) => {
          const end = i + 1 < offsets.length ? text.lastIndexOf(',', offsets[i + 1]) : text.lastIndexOf(']');
          expect(JSON.parse(text.slice(o, end))).toEqual(items[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the offsets of the scan of every string, on pretty-printed and one-line text', () => {
    // Brackets between quotes on one line, escaped quotes and backslashes before them, and U+2028 (raw in JSON strings).
    const tricky = fc.constantFrom('\\', '\\"', '"', '[', ']', '{', '}', '\\\\', 'x', ',', ' ', '\u2028', '\n', '": "', '[{');
    const str = fc.array(tricky, { maxLength: 10 }).map((a) => a.join(''));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, str, fc.integer(), fc.constant(true), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(str, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), fc.constantFrom(0, 1, 4, '\t'), fc.constantFrom('\n', '\r\n'), (items, indent, eol) => {
        const text = `{"kind": "List",${eol}"items": ${JSON.stringify(items, null, indent).replaceAll('\n', eol)}}`;
        const at = text.indexOf('[', text.indexOf('"items"'));
        expect(arrayItemOffsets(text, at)).toEqual(scanItemOffsets(text, at));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a List on one line with brackets inside its strings (jq -c) as the scan does', () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ metadata: { name: `p${i}`, annotations: { a: '[{"x": "]}"}]', b: '\\"[' } }, spec: [{}, []] }));
    const text = JSON.stringify({ kind: 'PodList', items });
    const at = text.indexOf('[', text.indexOf('"items"'));
    const offsets = arrayItemOffsets(text, at);
    expect(offsets).toEqual(scanItemOffsets(text, at));
    expect(offsets.map((o, i) => JSON.parse(text.slice(o, i + 1 < offsets.length ? (offsets[i + 1] as number) - 1 : text.length - 2)))).toEqual(items);
  });
});

describe('jsonSyntaxError', () => {
  it.each([
    ['{"a":1}', null],
    ['{"a":}', { offset: 5, truncated: false }],
    ['{"a":1,\n"b": [1,2', { offset: 17, truncated: true }],
    ['[1,2,]', { offset: 5, truncated: false }],
    ['{"a" 1}', { offset: 5, truncated: false }],
    ['{"a":"x\ny"}', { offset: 7, truncated: false }],
    ['{"a":1} x', { offset: 8, truncated: false }],
  ])('%j', (text, expected) => {
    const e = jsonSyntaxError(text);
    if (expected === null) expect(e).toBeNull();
    else expect(e).toMatchObject(expected);
  });

  it('accepts exactly what JSON.parse accepts on random JSON', () => {
    fc.assert(
      fc.property(fc.json(), (t) => {
        expect(jsonSyntaxError(t)).toBeNull();
      }),
    );
  });
});
