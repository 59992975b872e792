import { describe, expect, it } from 'vitest';
import { DiagnosticCollector, lineDiagnostic } from './diagnostics.ts';

const at = (line: number) => lineDiagnostic('f.json', 0, line, 1, 'error', 'bad-line', `line ${line} is bad`);

describe('DiagnosticCollector', () => {
  it('says how many of a code it left out, in words that agree with the counts', () => {
    const summary = (perCode: number, n: number): string | undefined => {
      const c = new DiagnosticCollector(perCode);
      for (let i = 1; i <= n; i++) c.add(at(i));
      c.closeFile('f.json');
      expect(c.all.filter((d) => d.document === 0)).toHaveLength(Math.min(perCode, n));
      return c.all.find((d) => d.document === -1)?.message;
    };
    expect(summary(1, 2)).toBe('1 more diagnostic of this kind (bad-line) in this file is not listed; the first is.');
    expect(summary(2, 5)).toBe('3 more diagnostics of this kind (bad-line) in this file are not listed; the first 2 are.');
    expect(summary(2, 2)).toBeUndefined();
  });
});
