/**
 * Bytes → text at the boundary: gzip and binary payloads are recognised and refused with a
 * reason (the core has no zlib: readers decompress before calling the loader), UTF-16 is decoded
 * (SafeDecoder), a BOM is stripped and CRLF line ends are accepted.
 * @public
 */

/** True when the bytes start with the gzip magic number (1f 8b). Readers use it to gunzip first. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export type DecodeProblem =
  | { readonly kind: 'gzip' }
  | { readonly kind: 'binary'; readonly reason: string; readonly offset: number };

/** Offset of the first NUL byte, or -1. Text formats never contain NUL. */
export function firstNul(bytes: Uint8Array): number {
  return bytes.indexOf(0);
}

/** Offset of the first NUL character in text, or -1. */
export function firstNulChar(text: string): number {
  return text.indexOf('\u0000');
}

/** Removes a leading BOM and turns CRLF (and lone CR) line ends into LF; line numbers are kept. */
export function normaliseText(text: string): string {
  let t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  return t;
}

/**
 * The encoding of text from its first bytes (two, or four when one of those is zero): UTF-16 by its BOM (Windows PowerShell 5.1's
 * `kubectl get … > file` writes UTF-16LE with one), or without one when the text starts with
 * two ASCII characters (YAML and JSON do); else UTF-8.
 */
function encodingOf(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0)) return 'utf-16le';
  if ((b[0] === 0xfe && b[1] === 0xff) || (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0)) return 'utf-16be';
  return 'utf-8';
}

/**
 * Incremental decoder (UTF-8, or UTF-16 as `encodingOf` finds it in the first bytes) that reports
 * the first problem instead of throwing. Feed chunks, then call `end()`; after a problem every
 * further chunk is ignored.
 */
export class SafeDecoder {
  private decoder: TextDecoder | null = null;
  /** The first bytes, until there are enough to decide the encoding from. */
  private head: Uint8Array = new Uint8Array(0);
  private offset = 0;
  /** UTF-16: characters decoded so far, and the BOM's bytes (for a NUL's byte offset). */
  private chars = 0;
  private bom = 0;
  problem: DecodeProblem | null = null;

  push(bytes: Uint8Array): string {
    if (this.problem) return '';
    if (this.decoder === null) {
      const head = new Uint8Array(this.head.length + bytes.length);
      head.set(this.head);
      head.set(bytes, this.head.length);
      // Two bytes decide unless one is a zero (UTF-16 without a BOM, or binary): then four.
      if (head.length < 2 || (head.length < 4 && (head[0] === 0 || head[1] === 0))) {
        this.head = head;
        return '';
      }
      return this.start(head);
    }
    return this.decode(bytes);
  }

  private start(bytes: Uint8Array): string {
    this.head = new Uint8Array(0);
    if (isGzip(bytes)) {
      this.problem = { kind: 'gzip' };
      return '';
    }
    const encoding = encodingOf(bytes);
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
    this.bom = encoding !== 'utf-8' && (bytes[0] === 0xff || bytes[0] === 0xfe) ? 2 : 0;
    return this.decode(bytes);
  }

  private decode(bytes: Uint8Array): string {
    const start = this.offset;
    const utf16 = (this.decoder as TextDecoder).encoding !== 'utf-8';
    let text: string;
    try {
      text = (this.decoder as TextDecoder).decode(bytes, { stream: true });
    } catch {
      // A NUL byte says "binary" first, as it would before any decoding.
      this.problem = (utf16 ? null : this.nulIn(bytes, start)) ?? { kind: 'binary', reason: `it is not valid ${utf16 ? 'UTF-16' : 'UTF-8'} text`, offset: start };
      return '';
    }
    // Looked for in the text (a fast search: most inputs are one-byte strings); only when there is
    // one are the bytes searched, for its byte offset. A NUL byte is always a NUL character in UTF-8.
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      this.problem = utf16 ? { kind: 'binary', reason: 'it contains NUL characters', offset: this.bom + 2 * (this.chars + nul) } : this.nulIn(bytes, start);
      return '';
    }
    this.offset += bytes.length;
    this.chars += text.length;
    return text;
  }

  private nulIn(bytes: Uint8Array, start: number): DecodeProblem | null {
    const nul = firstNul(bytes);
    return nul < 0 ? null : { kind: 'binary', reason: 'it contains NUL bytes', offset: start + nul };
  }

  end(): string {
    if (this.problem) return '';
    const text = this.decoder === null ? this.start(this.head) : '';
    if (this.problem) return '';
    try {
      return text + (this.decoder as TextDecoder).decode();
    } catch {
      this.problem = { kind: 'binary', reason: `it ends in the middle of a ${(this.decoder as TextDecoder).encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} character`, offset: this.offset };
      return '';
    }
  }
}
