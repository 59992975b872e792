import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { extractLines, MAX_LINE_CHARS, wantedLines } from './excerpts.ts';

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
