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
  it('decodes UTF-16 by its BOM, or without one when the text starts with two ASCII characters, split anywhere', () => {
    const text = 'kind: Namespace # é\n';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le, be]) {
      for (const size of [1, 3, 5, bytes.length]) {
        const d = new SafeDecoder();
        let out = '';
        for (let i = 0; i < bytes.length; i += size) out += d.push(new Uint8Array(bytes.subarray(i, i + size)));
        expect(out + d.end()).toBe(text);
        expect(d.problem).toBeNull();
      }
    }
    const odd = new SafeDecoder();
    odd.push(new Uint8Array([0xff, 0xfe, 0x61]));
    odd.end();
    expect(odd.problem).toEqual({ kind: 'binary', reason: 'it ends in the middle of a UTF-16 character', offset: 3 });
    const nul = new SafeDecoder();
    nul.push(new Uint8Array([0xff, 0xfe, 0x61]));
    nul.push(new Uint8Array([0, 0x62, 0, 0, 0]));
    expect(nul.problem).toEqual({ kind: 'binary', reason: 'it contains NUL characters', offset: 6 });
  });
  it('reports the byte offset of the first NUL, before invalid bytes after it, in any chunk', () => {
    const d = new SafeDecoder();
    expect(d.push(new TextEncoder().encode('é'))).toBe('é');
    d.push(new Uint8Array([0x61, 0x00, 0x62]));
    expect(d.problem).toEqual({ kind: 'binary', reason: 'it contains NUL bytes', offset: 3 });
    expect(d.push(new Uint8Array([0x63]))).toBe('');
    const both = new SafeDecoder();
    // Three first bytes with a zero among them: UTF-16 or not is decided at a fourth byte or at the end.
    both.push(new Uint8Array([0x61, 0x00, 0xff]));
    expect(both.problem).toBeNull();
    both.end();
    expect(both.problem).toEqual({ kind: 'binary', reason: 'it contains NUL bytes', offset: 1 });
    const invalid = new SafeDecoder();
    invalid.push(new Uint8Array([0x61, 0xff, 0x62]));
    expect(invalid.problem).toEqual({ kind: 'binary', reason: 'it is not valid UTF-8 text', offset: 0 });
  });
});
