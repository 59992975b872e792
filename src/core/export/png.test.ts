import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPng, withPngText } from './png.ts';
import { crc32 } from '../util/crc32.ts';

/** A 1×1 white PNG built by hand. */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: number[]): number[] => {
    const td = new Uint8Array([...new TextEncoder().encode(type), ...data]);
    const c = crc32(td);
    return [(data.length >>> 24) & 255, (data.length >>> 16) & 255, (data.length >>> 8) & 255, data.length & 255, ...td, (c >>> 24) & 255, (c >>> 16) & 255, (c >>> 8) & 255, c & 255];
  };
  const ihdr = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
  const idat = [...deflateSync(Buffer.from([0, 255, 255, 255]))];
  return new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...chunk('IHDR', ihdr), ...chunk('IDAT', idat), ...chunk('IEND', [])]);
}

describe('PNG text chunks', () => {
  it('crc32 matches the reference value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('inserts UTF-8 text after IHDR and reads it back; the file stays valid', () => {
    const out = withPngText(tinyPng(), [
      ['Title', 'Network paths of tenant acme'],
      ['Description', 'frontend → api · ×24 ≠'],
    ]);
    const info = readPng(out);
    expect(info).toMatchObject({ width: 1, height: 1, crcOk: true });
    expect(info?.text).toEqual([
      ['Title', 'Network paths of tenant acme'],
      ['Description', 'frontend → api · ×24 ≠'],
    ]);
  });

  it('leaves anything that is not a PNG alone', () => {
    const junk = new Uint8Array([1, 2, 3]);
    expect(withPngText(junk, [['a', 'b']])).toBe(junk);
    expect(readPng(junk)).toBeNull();
  });
});
