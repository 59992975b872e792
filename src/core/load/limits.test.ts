import { describe, expect, it } from 'vitest';
import { formatSize } from './limits.ts';

describe('formatSize', () => {
  it('agrees with its count under 1 KiB ("1 bytes" before), then KiB and MiB', () => {
    expect([0, 1, 2, 1023].map(formatSize)).toEqual(['0 bytes', '1 byte', '2 bytes', '1,023 bytes']);
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});
