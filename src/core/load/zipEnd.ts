/**
 * The end of a zip archive, kept while it streams by: its end-of-central-directory record (and
 * the zip64 one) says how many entries the archive has (APPNOTE.TXT 4.3.16, 4.3.14). Reading a
 * zip from its start (local headers, as streaming must) loses the entries after a damaged header
 * without any error; comparing with this count tells. A rare reader (rareReaders.ts).
 * @internal
 */

/** The record (22 bytes) plus the longest comment (65,535), and the zip64 record (56) and locator (20) before it. */
const KEEP = 22 + 65_535 + 56 + 20;

const u16 = (b: Uint8Array, i: number): number => (b[i] as number) | ((b[i + 1] as number) << 8);
const u32 = (b: Uint8Array, i: number): number => (u16(b, i) + u16(b, i + 2) * 0x10000) >>> 0;

function sig(b: Uint8Array, i: number, c: number, d: number): boolean {
  return i >= 0 && b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === c && b[i + 3] === d;
}

export class ZipEnd {
  private parts: Uint8Array[] = [];
  private kept = 0;

  push(chunk: Uint8Array): void {
    this.parts.push(chunk);
    this.kept += chunk.byteLength;
    while (this.parts.length > 1 && this.kept - (this.parts[0] as Uint8Array).byteLength >= KEEP) this.kept -= (this.parts.shift() as Uint8Array).byteLength;
  }

  /** How many entries the archive's directory lists; null when it has no end record (cut short) or says it does not know. */
  entries(): number | null {
    const b = new Uint8Array(this.kept);
    let o = 0;
    for (const p of this.parts) {
      b.set(p, o);
      o += p.byteLength;
    }
    for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 65_535; i--) {
      if (!sig(b, i, 0x05, 0x06) || i + 22 + u16(b, i + 20) !== b.length) continue;
      const total = u16(b, i + 10);
      if (total !== 0xffff) return total;
      // Zip64: the locator just before, the zip64 record (with no extensible data) before it.
      const rec = i - 20 - 56;
      if (!sig(b, i - 20, 0x06, 0x07) || !sig(b, rec, 0x06, 0x06)) return null;
      const n = u32(b, rec + 32) + u32(b, rec + 36) * 0x1_0000_0000;
      return Number.isSafeInteger(n) ? n : null;
    }
    return null;
  }
}
