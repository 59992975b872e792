/**
 * Writes tar archives (POSIX ustar; pax headers for long names), for tests and the fixture
 * scripts that build sysdump-like archives. Not used by the app.
 * @internal
 */
const enc = new TextEncoder();

function header(name: string, size: number, type: string): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number, len: number): void => {
    h.set(enc.encode(text).subarray(0, len), at);
  };
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put(`${(0).toString(8).padStart(11, '0')}\0`, 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

function padded(data: Uint8Array): Uint8Array[] {
  const pad = (512 - (data.length % 512)) % 512;
  return [data, new Uint8Array(pad)];
}

export function tarArchive(files: readonly { name: string; data: Uint8Array | string }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    const data = typeof f.data === 'string' ? enc.encode(f.data) : f.data;
    if (enc.encode(f.name).length > 99) {
      const rec = (len: number): string => `${len} path=${f.name}\n`;
      let len = rec(0).length;
      while (rec(len).length !== len) len = rec(len).length;
      const pax = enc.encode(rec(len));
      parts.push(header('PaxHeader', pax.length, 'x'), ...padded(pax));
    }
    parts.push(header(f.name.slice(0, 99), data.length, '0'), ...padded(data));
  }
  parts.push(new Uint8Array(1024));
  return concatBytes(parts);
}

/** The parts one after another in one array (the archive writers' output, here and in scripts/). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
