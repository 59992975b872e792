import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSource } from './readSource.ts';

const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'.repeat(200);
const decode = (d: Uint8Array | string): string => (typeof d === 'string' ? d : new TextDecoder().decode(d));

describe('readSource', () => {
  it('reads a plain file as bytes and counts every byte read', async () => {
    let counted = 0;
    const r = await readSource({ kind: 'file', name: 'a.yaml', file: new Blob([text]) }, (n) => (counted += n));
    expect(decode(r.input.data)).toBe(text);
    expect(counted).toBe(text.length);
    expect(r.file).toEqual({ name: 'a.yaml', bytes: text.length, decodedBytes: text.length, gzip: false });
    expect(r.diagnostics).toEqual([]);
  });

  it('detects gzip by magic number (not by name) and decompresses it', async () => {
    const gz = gzipSync(text);
    const r = await readSource({ kind: 'file', name: 'flows.txt', file: new Blob([gz]) }, () => {});
    expect(decode(r.input.data)).toBe(text);
    expect(r.file.gzip).toBe(true);
    expect(r.file.bytes).toBe(gz.length);
  });

  it('keeps what decompressed before the damage of a truncated gzip, with a diagnostic', async () => {
    const gz = gzipSync(text);
    const r = await readSource({ kind: 'file', name: 'cut.gz', file: new Blob([gz.subarray(0, gz.length - 10)]) }, () => {});
    expect(r.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([['cut.gz', 'gzip-corrupt', 'error']]);
    expect(text.startsWith(decode(r.input.data))).toBe(true);
  });

  it('passes pasted text through unchanged', async () => {
    const r = await readSource({ kind: 'text', name: '<paste>', text: 'kind: Pod' }, () => {});
    expect(r.input).toEqual({ name: '<paste>', data: 'kind: Pod' });
  });

  it('stops when cancelled', async () => {
    const c = new AbortController();
    c.abort(new Error('cancelled'));
    await expect(readSource({ kind: 'file', name: 'a', file: new Blob([text]) }, () => {}, c.signal)).rejects.toThrow('cancelled');
  });
});
