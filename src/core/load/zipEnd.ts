/**
 * The end of a zip archive, kept while it streams by: its end-of-central-directory record (and
 * the zip64 one) says how many entries the archive has (APPNOTE.TXT 4.3.16, 4.3.14). Reading a
 * zip from its start (local headers, as streaming must) loses the entries after a damaged header
 * without any error; comparing with this count tells. The central directory before it gives each
 * entry's CRC-32 (4.3.12), compared with the CRC of the bytes read (fflate does not check it, and
 * Go's archive/zip, which cilium-cli's sysdump uses, writes it only there and in the data
 * descriptor). A rare reader (rareReaders.ts).
 * @internal
 */

/** Bytes of the archive's end kept: the central directory of up to about 100,000 entries (46 bytes and the name each) fits. */
const KEEP = 16 * 1024 * 1024;

/** The CRC-32 of each entry as the central directory lists them, by name, in order (a name may repeat). */
export type ZipDirectory = Map<string, number[]>;

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
    return this.end()?.total ?? null;
  }

  /**
   * The central directory's CRC-32s by entry name; null when the archive has no end record, the
   * directory is larger than the bytes kept (`KEEP`), or it is not where the end record says.
   */
  directory(): ZipDirectory | null {
    const e = this.end();
    if (!e || e.size === null) return null;
    const b = e.bytes;
    const start = e.at - e.size;
    if (start < 0) return null;
    const out: ZipDirectory = new Map();
    let i = start;
    const utf8 = new TextDecoder('utf-8');
    while (i < e.at) {
      if (i + 46 > e.at || !sig(b, i, 0x01, 0x02)) return null;
      const flags = u16(b, i + 8);
      const crc = u32(b, i + 16);
      const nameLength = u16(b, i + 28);
      const next = i + 46 + nameLength + u16(b, i + 30) + u16(b, i + 32);
      if (next > e.at) return null;
      const raw = b.subarray(i + 46, i + 46 + nameLength);
      // Bit 11: the name is UTF-8; otherwise each byte one character, as fflate reads it.
      const name = flags & 0x800 ? utf8.decode(raw) : String.fromCharCode(...raw);
      const list = out.get(name);
      if (list) list.push(crc);
      else out.set(name, [crc]);
      i = next;
    }
    return out;
  }

  /** The bytes kept, where the directory ends in them (the zip64 record or the end record), its size and the entry count. */
  private end(): { bytes: Uint8Array; at: number; size: number | null; total: number | null } | null {
    const b = new Uint8Array(this.kept);
    let o = 0;
    for (const p of this.parts) {
      b.set(p, o);
      o += p.byteLength;
    }
    for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 65_535; i--) {
      if (!sig(b, i, 0x05, 0x06) || i + 22 + u16(b, i + 20) !== b.length) continue;
      const total = u16(b, i + 10);
      if (total !== 0xffff) return { bytes: b, at: i, size: u32(b, i + 12), total };
      // Zip64: the locator just before, the zip64 record (with no extensible data) before it.
      const rec = i - 20 - 56;
      if (!sig(b, i - 20, 0x06, 0x07) || !sig(b, rec, 0x06, 0x06)) return null;
      const n = u32(b, rec + 32) + u32(b, rec + 36) * 0x1_0000_0000;
      const size = u32(b, rec + 40) + u32(b, rec + 44) * 0x1_0000_0000;
      return { bytes: b, at: rec, size: Number.isSafeInteger(size) ? size : null, total: Number.isSafeInteger(n) ? n : null };
    }
    return null;
  }
}
