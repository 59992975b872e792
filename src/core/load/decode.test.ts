import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { isGzip, normaliseText, SafeDecoder } from './decode.ts';

describe('decode', () => {
  it('recognises gzip by magic number', () => {
    expect(isGzip(gzipSync(Buffer.from('x')))).toBe(true);
    expect(isGzip(new TextEncoder().encode('{}'))).toBe(false);
  });
  it('strips a BOM and normalises CRLF and CR', () => {
    expect(normaliseText('\ufeffa\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
  it('decodes UTF-8 split across chunks and reports invalid bytes', () => {
    const bytes = new TextEncoder().encode('héllo');
    const d = new SafeDecoder();
    expect(d.push(bytes.subarray(0, 2)) + d.push(bytes.subarray(2)) + d.end()).toBe('héllo');
    const bad = new SafeDecoder();
    bad.push(new Uint8Array([0x61, 0xc3]));
    bad.end();
    expect(bad.problem).toMatchObject({ kind: 'binary' });
  });
  it('reports the byte offset of the first NUL, before invalid bytes after it, in any chunk', () => {
    const d = new SafeDecoder();
    expect(d.push(new TextEncoder().encode('é'))).toBe('é');
    d.push(new Uint8Array([0x61, 0x00, 0x62]));
    expect(d.problem).toEqual({ kind: 'binary', reason: 'it contains NUL bytes', offset: 3 });
    expect(d.push(new Uint8Array([0x63]))).toBe('');
    const both = new SafeDecoder();
    both.push(new Uint8Array([0x61, 0x00, 0xff]));
    expect(both.problem).toEqual({ kind: 'binary', reason: 'it contains NUL bytes', offset: 1 });
    const invalid = new SafeDecoder();
    invalid.push(new Uint8Array([0x61, 0xff, 0x62]));
    expect(invalid.problem).toEqual({ kind: 'binary', reason: 'it is not valid UTF-8 text', offset: 0 });
  });
});
