/**
 * CRC-32 (ISO-HDLC: zip, gzip and PNG use it), by hand: fflate computes it but keeps it internal.
 * One place for the zip and gzip checks (core/load) and the PNG chunks (core/export).
 * @internal
 */

/** CRC-32 tables for four bytes at a time (slicing-by-4): table k is a byte's CRC followed by k zero bytes. */
const CRC_TABLES = (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 4; k++) t[k * 256 + n] = ((t[(k - 1) * 256 + n] as number) >>> 8) ^ (t[(t[(k - 1) * 256 + n] as number) & 0xff] as number);
  return t;
})();

/** CRC-32 (ISO-HDLC, as zip uses) of `data`, continuing `prev` (the CRC of the bytes before it; 0 to start). */
export function crc32(data: Uint8Array, prev = 0): number {
  const t = CRC_TABLES;
  let c = ~prev;
  let i = 0;
  const n = data.length;
  for (; i + 4 <= n; i += 4) {
    c ^= (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    c = (t[768 + (c & 0xff)] as number) ^ (t[512 + ((c >>> 8) & 0xff)] as number) ^ (t[256 + ((c >>> 16) & 0xff)] as number) ^ (t[c >>> 24] as number);
  }
  for (; i < n; i++) c = (t[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}
