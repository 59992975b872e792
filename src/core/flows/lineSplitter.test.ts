import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter } from './lineSplitter.ts';

function split(chunks: readonly (string | Uint8Array)[], maxLineLength?: number) {
  const lines: [number, string][] = [];
  const oversized: [number, number][] = [];
  const s = new LineSplitter(
    { line: (t, n) => lines.push([n, t]), oversized: (n, len) => oversized.push([n, len]) },
    maxLineLength === undefined ? {} : { maxLineLength },
  );
  for (const c of chunks) {
    if (typeof c === 'string') s.pushText(c);
    else s.pushBytes(c);
  }
  s.end();
  return { lines, oversized, count: s.lines };
}

describe('LineSplitter', () => {
  it('splits on LF and CRLF, numbering lines from 1 and skipping blank ones', () => {
    expect(split(['a\r\nb\n\n  \nc\n']).lines).toEqual([
      [1, 'a'],
      [2, 'b'],
      [5, 'c'],
    ]);
  });

  it('joins lines that span chunks, including a CR and LF split across chunks', () => {
    expect(split(['{"a"', ':1}\r', '\n{"b":', '2}\n']).lines).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
    ]);
  });

  it('emits a final line without newline', () => {
    expect(split(['x\ny']).lines).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('drops a leading byte-order mark', () => {
    expect(split(['\ufeff{"a":1}\n']).lines).toEqual([[1, '{"a":1}']]);
  });

  it('decodes UTF-8 bytes whose characters are cut between chunks', () => {
    const bytes = new TextEncoder().encode('{"n":"café ☕"}\n');
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte ☕
    expect(split([bytes.slice(0, cut), bytes.slice(cut)]).lines).toEqual([[1, '{"n":"café ☕"}']]);
  });

  it('refuses a line over the limit without holding it, and goes on with the next', () => {
    const r = split(['ok\n', 'x'.repeat(6), 'y'.repeat(6), 'z'.repeat(6), '\nnext\n'], 10);
    expect(r.lines).toEqual([
      [1, 'ok'],
      [3, 'next'],
    ]);
    expect(r.oversized).toEqual([[2, 18]]);
  });

  it('refuses an over-long line that arrives in one chunk or at the end of input', () => {
    expect(split(['0123456789abc\nok\n'], 10)).toMatchObject({ lines: [[2, 'ok']], oversized: [[1, 13]] });
    expect(split(['ok\n0123456789', 'abc'], 10)).toMatchObject({ lines: [[1, 'ok']], oversized: [[2, 13]] });
  });

  it('gives the same lines whatever the chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '{', '\n', '\r', ' ', 'é') }), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (parts, cuts) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        expect(split(chunks).lines).toEqual(split([text]).lines);
      }),
    );
  });
});
