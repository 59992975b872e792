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
      const r = new TarReader({ file: (name, size, span) => (out.push(`${name} ${size} ${span.start}-${span.end}`), null), damaged: (why) => out.push(`damaged ${why}`), skipped: (from, to) => out.push(`skipped ${from}-${to}`), damagedAround: (severity, message) => out.push(`${severity} ${message}`) });
      for (let i = 0; i < tar.length; i += chunk) r.push(tar.subarray(i, i + chunk));
      r.end();
      return out;
    };
    expect(spans(tar.length)).toEqual(['a.yaml 59 0-1024', 'b.yaml 700 1024-2560', 'c.yaml 1 2560-3584']);
    for (const chunk of [1, 7, 500, 513]) expect(spans(chunk), `${chunk}`).toEqual(spans(tar.length));
  });

  it('hands on a tar held by a member whose header is damaged whole, its bytes exactly, then reads on', () => {
    const inner = tarArchive([{ name: 'x/b.yaml', data: 'b'.repeat(600) }]);
    const tar = tarArchive([
      { name: 'a.yaml', data: 'a' },
      { name: 'inner.tar', data: inner },
      { name: 'c.yaml', data: 'c' },
    ]);
    tar[1024 + 150] = (tar[1024 + 150] as number) ^ 0x07;
    const read = (chunk: number): { said: string[]; got: Uint8Array | null } => {
      const said: string[] = [];
      let got: Uint8Array | null = null;
      const r = new TarReader({
        file: (name, size, span) => {
          said.push(`${name} ${size} ${span.start}-${span.end}`);
          if (name !== 'inner.tar') return null;
          const parts: number[] = [];
          return { push: (b) => parts.push(...b), end: () => (got = new Uint8Array(parts)) };
        },
        damaged: (why) => said.push(`damaged ${why}`),
        skipped: (from, to) => said.push(`skipped ${from}-${to}`),
        damagedAround: (severity, message) => said.push(`${severity} ${/header at byte (\d+) .* read as (".*?")/.exec(message)?.slice(1).join(' ') ?? message}`),
      });
      for (let i = 0; i < tar.length; i += chunk) r.push(tar.subarray(i, i + chunk));
      r.end();
      return { said, got };
    };
    const end = 1536 + inner.length;
    for (const chunk of [1, 7, 512, 513, tar.length]) {
      const { said, got } = read(chunk);
      expect(said, `${chunk}`).toEqual(['a.yaml 1 0-1024', 'warning 1024 "inner.tar"', `inner.tar ${inner.length} 1024-${end}`, `c.yaml 1 ${end}-${end + 1024}`]);
      expect(got, `${chunk}`).toEqual(inner);
    }
  });
});
