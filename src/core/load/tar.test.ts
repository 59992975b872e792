import { describe, expect, it } from 'vitest';
import { TarReader } from './tar.ts';
import { tarArchive } from './archiveTesting.ts';

describe('TarReader', () => {
  it("gives each file's span in the tar's bytes whatever the chunk size (was: a chunk ending in a file's padding left the count behind)", () => {
    const tar = tarArchive([
      { name: 'a.yaml', data: 'x'.repeat(59) },
      { name: 'b.yaml', data: 'y'.repeat(700) },
      { name: 'c.yaml', data: 'z' },
    ]);
    const spans = (chunk: number): string[] => {
      const out: string[] = [];
      const r = new TarReader({ file: (name, size, span) => (out.push(`${name} ${size} ${span.start}-${span.end}`), null), damaged: (why) => out.push(`damaged ${why}`), skipped: (from, to) => out.push(`skipped ${from}-${to}`) });
      for (let i = 0; i < tar.length; i += chunk) r.push(tar.subarray(i, i + chunk));
      r.end();
      return out;
    };
    expect(spans(tar.length)).toEqual(['a.yaml 59 0-1024', 'b.yaml 700 1024-2560', 'c.yaml 1 2560-3584']);
    for (const chunk of [1, 7, 500, 513]) expect(spans(chunk), `${chunk}`).toEqual(spans(tar.length));
  });
});
