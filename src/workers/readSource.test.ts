import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { InputStream } from '../core/load/loadInputs.ts';
import { contentHead, feedSource, readWhole, textChunks, WHOLE_FILE_MAX_BYTES } from './readSource.ts';

const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'.repeat(200);

/** An InputStream that records the chunks it was fed. */
function recorder() {
  const chunks: (Uint8Array | string)[] = [];
  let ended = 0;
  const sink: InputStream = {
    push: (c) => void chunks.push(c),
    end: () => void ended++,
  };
  const text = (): string => chunks.map((c) => (typeof c === 'string' ? c : new TextDecoder().decode(c))).join('');
  return { sink, chunks, text, ended: () => ended };
}

async function collect(it: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of it) s += c;
  return s;
}

describe('feedSource', () => {
  it('streams a plain file chunk by chunk, counts every byte read and ends the stream once', async () => {
    let counted = 0;
    const r = recorder();
    const parts = Array.from({ length: 50 }, () => text); // a Blob of parts streams in several chunks
    const big = parts.join('');
    const res = await feedSource({ kind: 'file', name: 'a.yaml', file: new Blob(parts) }, r.sink, (n) => (counted += n));
    expect(r.text()).toBe(big);
    expect(r.chunks.length).toBeGreaterThan(1);
    expect(r.chunks.every((c) => typeof c !== 'string')).toBe(true);
    expect(r.ended()).toBe(1);
    expect(counted).toBe(big.length);
    expect(res.file).toEqual({ name: 'a.yaml', bytes: big.length, decodedBytes: big.length, gzip: false });
    expect(res.diagnostics).toEqual([]);
  });

  it('detects gzip by magic number (not by name) and decompresses it on the fly', async () => {
    const gz = gzipSync(text);
    const r = recorder();
    let counted = 0;
    const res = await feedSource({ kind: 'file', name: 'flows.txt', file: new Blob([gz]) }, r.sink, (n) => (counted += n));
    expect(r.text()).toBe(text);
    expect(res.file).toMatchObject({ gzip: true, bytes: gz.length, decodedBytes: text.length });
    // Progress follows the position in the file, i.e. compressed bytes.
    expect(counted).toBe(gz.length);
  });

  it('keeps what decompressed before the damage of a truncated gzip, with a diagnostic, and still ends the stream', async () => {
    const gz = gzipSync(text);
    const r = recorder();
    const res = await feedSource({ kind: 'file', name: 'cut.gz', file: new Blob([gz.subarray(0, gz.length - 10)]) }, r.sink, () => {});
    expect(res.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([['cut.gz', 'gzip-corrupt', 'error']]);
    expect(text.startsWith(r.text())).toBe(true);
    expect(r.ended()).toBe(1);
  });

  it('says how much of a damaged gzip is loaded in words that agree with the count ("only the 1 bytes" before)', async () => {
    // One byte of data, its trailer (CRC-32 and size) cut off: the byte inflates, the end is missing.
    const gz = gzipSync('x');
    const res = await feedSource({ kind: 'file', name: 'one.gz', file: new Blob([gz.subarray(0, gz.length - 8)]) }, recorder().sink, () => {});
    expect(res.file.decodedBytes).toBe(1);
    expect(res.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/; only the 1 byte decompressed before the damage is loaded\.$/)]);
  });

  it('reads a gzip file the native decompressor gives up on again with fflate: all of it, and the damaged member named', async () => {
    // Stored (level 0): a byte changed in the data inflates without an error; only the trailer's CRC-32 tells.
    const gz = gzipSync(text, { level: 0 });
    gz[gz.length - 20] = (gz[gz.length - 20] as number) ^ 0x01;
    const r = recorder();
    const res = await feedSource({ kind: 'file', name: 'x.gz', file: new Blob([new Uint8Array(gz)]) }, r.sink, () => {});
    expect(res.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([['x.gz', 'archive-damaged', 'error']]);
    expect(r.text().length).toBe(text.length);
    expect(res.file.decodedBytes).toBe(text.length);
    expect(r.ended()).toBe(1);
  });

  it('passes pasted text through unchanged', async () => {
    const r = recorder();
    await feedSource({ kind: 'text', name: '<paste>', text: 'kind: Pod' }, r.sink, () => {});
    expect(r.chunks).toEqual(['kind: Pod']);
    expect(r.ended()).toBe(1);
  });

  it('stops when cancelled, without ending the stream', async () => {
    const c = new AbortController();
    c.abort(new Error('cancelled'));
    const r = recorder();
    await expect(feedSource({ kind: 'file', name: 'a', file: new Blob([text]) }, r.sink, () => {}, c.signal)).rejects.toThrow('cancelled');
    expect(r.ended()).toBe(0);
  });
});

describe('readWhole + feedSource', () => {
  it('reads a small plain file in one piece: one chunk, same bytes, same counts as streaming', async () => {
    const parts = Array.from({ length: 50 }, () => text);
    const file = new Blob(parts);
    const streamed = recorder();
    const s = await feedSource({ kind: 'file', name: 'a.yaml', file }, streamed.sink, () => {});
    const r = recorder();
    let counted = 0;
    const source = { kind: 'file' as const, name: 'a.yaml', file };
    const res = await feedSource(source, r.sink, (n) => (counted += n), undefined, readWhole(source));
    expect(r.chunks).toHaveLength(1);
    expect(r.text()).toBe(streamed.text());
    expect(r.ended()).toBe(1);
    expect(counted).toBe(file.size);
    expect(res).toEqual(s);
  });

  it('leaves text, big files and gzip to the stream', async () => {
    expect(readWhole({ kind: 'text', name: 'p', text })).toBeNull();
    expect(readWhole(undefined)).toBeNull();
    const big = { kind: 'file' as const, name: 'big', file: { size: WHOLE_FILE_MAX_BYTES + 1 } as Blob };
    expect(readWhole(big)).toBeNull();
    const gz = { kind: 'file' as const, name: 'f.gz', file: new Blob([gzipSync(text)]) };
    const r = recorder();
    const res = await feedSource(gz, r.sink, () => {}, undefined, readWhole(gz));
    expect(r.text()).toBe(text);
    expect(res.file.gzip).toBe(true);
  });

  it('stops when cancelled, without ending the stream', async () => {
    const c = new AbortController();
    c.abort(new Error('cancelled'));
    const r = recorder();
    const source = { kind: 'file' as const, name: 'a', file: new Blob([text]) };
    await expect(feedSource(source, r.sink, () => {}, c.signal, readWhole(source))).rejects.toThrow('cancelled');
    expect(r.ended()).toBe(0);
  });
});

describe('textChunks', () => {
  it('gives the decoded text of plain and gzip files, and of pasted text', async () => {
    expect(await collect(textChunks({ kind: 'file', name: 'a', file: new Blob([text]) }))).toBe(text);
    expect(await collect(textChunks({ kind: 'file', name: 'a.gz', file: new Blob([gzipSync(text)]) }))).toBe(text);
    expect(await collect(textChunks({ kind: 'text', name: 'p', text }))).toBe(text);
  });
});

describe('contentHead', () => {
  const bytes = new TextEncoder().encode(text);

  it('gives the first bytes of the content, gunzipped when the file is gzip', async () => {
    expect(await contentHead(new Blob([bytes]), 512)).toEqual(bytes.subarray(0, 512));
    expect(await contentHead(new Blob([new Uint8Array(gzipSync(bytes))]), 512)).toEqual(bytes.subarray(0, 512));
  });

  it('gives fewer when the content is shorter, or the gzip data are damaged, and never throws', async () => {
    const short = bytes.subarray(0, 100);
    expect(await contentHead(new Blob([new Uint8Array(gzipSync(short))]), 512)).toEqual(short);
    const damaged = new Uint8Array(gzipSync(bytes)).subarray(0, 40);
    const head = await contentHead(new Blob([damaged]), 512);
    expect(head.byteLength).toBeLessThan(512);
    expect(head).toEqual(bytes.subarray(0, head.byteLength));
  });
});
