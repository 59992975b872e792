/**
 * Bytes → text at the boundary: gzip and binary payloads are recognised and refused with a
 * reason (the core has no zlib: readers decompress before calling the loader), a UTF-8 BOM is
 * stripped and CRLF line ends are accepted.
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
 * Incremental UTF-8 decoder that reports the first problem instead of throwing. Feed chunks, then
 * call `end()`; after a problem every further chunk is ignored.
 */
export class SafeDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private offset = 0;
  problem: DecodeProblem | null = null;

  push(bytes: Uint8Array): string {
    if (this.problem) return '';
    if (this.offset === 0 && isGzip(bytes)) {
      this.problem = { kind: 'gzip' };
      return '';
    }
    const start = this.offset;
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      // A NUL byte says "binary" first, as it would before any decoding.
      this.problem = this.nulIn(bytes, start) ?? { kind: 'binary', reason: 'it is not valid UTF-8 text', offset: start };
      return '';
    }
    // Looked for in the text (a fast search: most inputs are one-byte strings); only when there is
    // one are the bytes searched, for its byte offset. A NUL byte is always a NUL character.
    if (text.includes('\u0000')) {
      this.problem = this.nulIn(bytes, start);
      return '';
    }
    this.offset += bytes.length;
    return text;
  }

  private nulIn(bytes: Uint8Array, start: number): DecodeProblem | null {
    const nul = firstNul(bytes);
    return nul < 0 ? null : { kind: 'binary', reason: 'it contains NUL bytes', offset: start + nul };
  }

  end(): string {
    if (this.problem) return '';
    try {
      return this.decoder.decode();
    } catch {
      this.problem = { kind: 'binary', reason: 'it ends in the middle of a UTF-8 character', offset: this.offset };
      return '';
    }
  }
}
