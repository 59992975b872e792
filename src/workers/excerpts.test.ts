import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { extractLines, extractLinesFromChunks, MAX_LINE_CHARS, wantedLines } from './excerpts.ts';

const diag = (file: string, line: number): Diagnostic => ({
  file, document: 0, line, column: 1, path: '', severity: 'error', code: 'x', message: 'm',
});

describe('wantedLines', () => {
  it('takes each diagnostic line with two lines of context, per file, skipping unknown lines', () => {
    const w = wantedLines([diag('a.yaml', 1), diag('a.yaml', 10), diag('b.yaml', 0)]);
    expect([...(w.get('a.yaml') ?? [])].sort((x, y) => x - y)).toEqual([1, 2, 3, 8, 9, 10, 11, 12]);
    expect(w.has('b.yaml')).toBe(false);
  });
});

describe('extractLines', () => {
  const text = 'one\r\ntwo\nthree\n\nfive';
  it('picks lines from text, dropping CR, and omits lines past the end', () => {
    const got = extractLines(text, new Set([2, 4, 5, 9]));
    expect([...got]).toEqual([[2, 'two'], [4, ''], [5, 'five']]);
  });
  it('gives the same lines from bytes as from text', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    expect([...extractLines(bytes, new Set([1, 2, 3]))]).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
  });
  it('cuts a huge line and says how much is hidden', () => {
    const huge = 'a'.repeat(5_000_000);
    const [fromText] = extractLines(`x\n${huge}`, new Set([2])).values();
    const [fromBytes] = extractLines(new TextEncoder().encode(huge), new Set([1])).values();
    for (const l of [fromText, fromBytes]) {
      expect(l?.length).toBeLessThan(MAX_LINE_CHARS + 40);
      expect(l).toMatch(/more (bytes|characters)\)$/);
    }
  });
});

describe('extractLinesFromChunks', () => {
  async function* chunked(text: string, size: number): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const text = '\uFEFFone\r\ntwo\nthree\n\nfive\r\nsix\nseven';
  const wanted = new Set([1, 2, 4, 5, 7, 9]);

  it('gives what extractLines gives, however the text is chunked', async () => {
    const expected = [...extractLines(text, wanted)];
    for (const size of [1, 2, 3, 5, 8, 1000]) expect([...(await extractLinesFromChunks(chunked(text, size), wanted))]).toEqual(expected);
  });

  it('stops reading after the last wanted line', async () => {
    let pulled = 0;
    async function* counting(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield `line ${i}\n`;
      }
    }
    expect([...(await extractLinesFromChunks(counting(), new Set([3])))]).toEqual([[3, 'line 2']]);
    expect(pulled).toBe(3);
  });

  it('cuts a huge line while it streams by', async () => {
    const got = await extractLinesFromChunks(chunked(`x\n${'a'.repeat(1_000_000)}\ny`, 4096), new Set([2, 3]));
    expect(got.get(2)?.length).toBeLessThan(MAX_LINE_CHARS + 40);
    expect(got.get(2)).toMatch(/… \(999760 more characters\)$/);
    expect(got.get(3)).toBe('y');
  });
});
