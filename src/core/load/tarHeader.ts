/**
 * Tar header blocks: whether bytes start a tar archive (the format is sniffed from the first
 * bytes, sourceEntries.ts) and the fields the reader (tar.ts) takes from a header. Kept apart from
 * the reader, which is a chunk fetched only for archives (rareInputs.ts).
 * @internal
 */

export const BLOCK = 512;

/** Whether a 512-byte block is a tar header (ustar magic, or a valid checksum for old tars). */
export function isTarHeader(b: Uint8Array): boolean {
  if (b.length < BLOCK) return false;
  const magic = ascii(b, 257, 5);
  if (magic === 'ustar') return true;
  return checksumOk(b) && b[0] !== 0;
}

export function ascii(b: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len && b[i] !== 0; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

export function utf8(b: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(start, end));
}

export function octal(b: Uint8Array, start: number, len: number): number {
  // GNU base-256 for sizes over 8 GiB.
  if (((b[start] as number) & 0x80) !== 0) {
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + (b[i] as number);
    return n;
  }
  const t = ascii(b, start, len).trim();
  return t === '' ? 0 : parseInt(t, 8);
}

export function checksumOk(b: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (b[i] as number);
  return sum === octal(b, 148, 8);
}
