import { describe, expect, it } from 'vitest';
import { lazyMap } from './lazyMap.ts';

describe('lazyMap', () => {
  it('builds its map on the first read, once, and reads as that map', () => {
    let builds = 0;
    const m = lazyMap(() => {
      builds++;
      return new Map([
        ['a', 1],
        ['b', 2],
      ]);
    });
    expect(builds).toBe(0);
    expect(m.get('a')).toBe(1);
    expect(m.has('b')).toBe(true);
    expect(m.has('c')).toBe(false);
    expect(m.size).toBe(2);
    expect([...m]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect([...m.values()]).toEqual([1, 2]);
    expect([...m.entries()]).toEqual([...m]);
    const seen: [string, number][] = [];
    m.forEach((v, k) => seen.push([k, v]));
    expect(seen).toEqual([...m]);
    expect(builds).toBe(1);
  });
});
