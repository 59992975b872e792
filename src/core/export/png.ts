/**
 * Text metadata in PNG files (iTXt chunks, UTF-8): an exported PNG carries its title, the view,
 * the input digest, the legend and the highlighted path as text, so the picture can be traced to
 * its data (and tested) without reading pixels. Pure byte manipulation.
 * @public
 */

import { crc32 } from '../util/crc32.ts';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function readU32(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function itxtChunk(keyword: string, text: string): Uint8Array {
  const enc = new TextEncoder();
  // Keywords are 1-79 Latin-1 characters; ours are fixed ASCII words.
  const key = enc.encode(keyword.replace(/[^\x20-\x7e]/g, '').slice(0, 79));
  const data = new Uint8Array([...key, 0, 0, 0, 0, 0, ...enc.encode(text)]);
  const typeAndData = new Uint8Array([...enc.encode('iTXt'), ...data]);
  return new Uint8Array([...u32(data.length), ...typeAndData, ...u32(crc32(typeAndData))]);
}

/** The PNG with text chunks inserted right after IHDR; unchanged when it is not a PNG. */
export function withPngText(png: Uint8Array, entries: readonly (readonly [string, string])[]): Uint8Array {
  if (!isPng(png) || png.length < 33) return png;
  const ihdrEnd = 8 + 12 + readU32(png, 8);
  const chunks = entries.map(([k, v]) => itxtChunk(k, v));
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + size);
  out.set(png.subarray(0, ihdrEnd), 0);
  let at = ihdrEnd;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

export interface PngInfo {
  readonly width: number;
  readonly height: number;
  /** iTXt and tEXt entries, in file order. */
  readonly text: readonly (readonly [string, string])[];
  /** Every chunk's CRC matched. */
  readonly crcOk: boolean;
}

/** Reads size and text chunks (for tests and for checking a file), or null when it is not a PNG. */
export function readPng(png: Uint8Array): PngInfo | null {
  if (!isPng(png) || png.length < 33) return null;
  const dec = new TextDecoder();
  const text: [string, string][] = [];
  let crcOk = true;
  let at = 8;
  while (at + 12 <= png.length) {
    const len = readU32(png, at);
    const type = dec.decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    if (crc32(png.subarray(at + 4, at + 8 + len)) !== readU32(png, at + 8 + len)) crcOk = false;
    if (type === 'iTXt' || type === 'tEXt') {
      const z = data.indexOf(0);
      const key = dec.decode(data.subarray(0, z));
      if (type === 'tEXt') text.push([key, dec.decode(data.subarray(z + 1))]);
      else {
        // keyword\0 flag method language\0 translated\0 text
        let p = z + 3;
        p = data.indexOf(0, p) + 1;
        p = data.indexOf(0, p) + 1;
        text.push([key, dec.decode(data.subarray(p))]);
      }
    }
    if (type === 'IEND') break;
    at += 12 + len;
  }
  return { width: readU32(png, 16), height: readU32(png, 20), text, crcOk };
}
