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

  it('decodes bytes as one streaming UTF-8 decoder does, whatever the chunking, valid or not (property)', () => {
    const enc = new TextEncoder();
    const fragment = fc.oneof(
      fc.constantFrom('{"a":1}', '\n', '\r\n', ' ', 'x').map((t) => enc.encode(t)),
      fc.constantFrom('é', '☕', '😀', '\ufeff', 'é'.repeat(2100), '☕'.repeat(1500)).map((t) => enc.encode(t)),
      // Lone continuation bytes, cut sequences, overlongs, surrogates, bytes never valid, a BOM.
      fc.constantFrom([0x80], [0xbf], [0xc3], [0xe2, 0x98], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf5, 0x80], [0xef, 0xbb, 0xbf]).map((b) => new Uint8Array(b)),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (frags, cuts) => {
        const all = new Uint8Array(frags.reduce((n, f) => n + f.length, 0));
        let at = 0;
        for (const f of frags) {
          all.set(f, at);
          at += f.length;
        }
        const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, all.length]) {
          chunks.push(all.slice(prev, p));
          prev = p;
        }
        // The reference: one decoder streaming over the same chunks, as LineSplitter decoded before.
        const d = new TextDecoder('utf-8');
        const text = chunks.map((c) => d.decode(c, { stream: true })).join('') + d.decode();
        expect(split(chunks)).toEqual(split([text]));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a byte-order mark that is not at the start, and drops one split over the first chunks', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const line = [...new TextEncoder().encode('{"a":1}\n')];
    expect(split([new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf, ...line])]).lines).toEqual([[1, '{"a":1}']]);
    // A second BOM right after the stream's own is a character; pushText drops that one too (as before).
    expect(split([new Uint8Array([...bom, ...bom, ...line])]).lines).toEqual([[1, '{"a":1}']]);
    expect(split([new Uint8Array([...line, ...bom, ...line])]).lines).toEqual([
      [1, '{"a":1}'],
      [2, '\ufeff{"a":1}'],
    ]);
  });

  it('keeps text and bytes in order when text arrives between byte chunks (property)', () => {
    const enc = new TextEncoder();
    const part = fc.oneof(
      fc.constantFrom('{"a":1}\n', 'é', '☕\n', '\ufeff', 'x').map((t) => ['text', t] as const),
      fc.constantFrom([0xef], [0xbb, 0xbf], [0xc3], [0xa9], [0xe2, 0x98], [0x95], [0x7b, 0x7d, 0x0a], [0xff]).map((b) => ['bytes', new Uint8Array(b)] as const),
      fc.constantFrom('é\n', 'ok\n').map((t) => ['bytes', enc.encode(t)] as const),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        // The reference: text as given, bytes through one default decoder streaming, as before.
        const d = new TextDecoder('utf-8');
        const texts = parts.map(([kind, v]) => (kind === 'text' ? v : d.decode(v, { stream: true })));
        texts.push(d.decode());
        expect(split(parts.map(([, v]) => v))).toEqual(split([texts.join('')]));
      }),
      { numRuns: 500 },
    );
  });
});
