import { describe, expect, it } from 'vitest';
import { plural } from './plural.ts';

describe('plural', () => {
  it('agrees with its count, irregular plurals given', () => {
    expect([0, 1, 2, 1500].map((n) => plural(n, 'file'))).toEqual(['0 files', '1 file', '2 files', '1,500 files']);
    expect([1, 3].map((n) => plural(n, 'policy', 'policies'))).toEqual(['1 policy', '3 policies']);
  });
});
