/**
 * Splits a stream of text or UTF-8 byte chunks into lines, as they arrive (browser worker and CLI
 * feed chunks of whatever size their reader gives). Handles CRLF, lines spanning chunks, a final
 * line without newline and a leading BOM. A line longer than `maxLineLength` is refused: its
 * text is discarded as it streams in (never held whole) and reported once it ends.
 * @public
 */

/** Default longest line accepted: 16 Mi characters (≥ 16 MiB of UTF-8). A Hubble flow is ~1–3 kB. */
export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** Bytes decoded at once (below V8's large-object threshold of 128 KiB of characters). */
const DECODE_PIECE = 64 * 1024;

/**
 * Longest run of non-ASCII bytes held back at the end of a piece (see `decodePiece`); a longer one
 * switches that input to the streaming decoder.
 */
const MAX_CARRY = 4096;

export interface LineHandler {
  /** A line without its terminator; `line` is 1-based. Blank lines are skipped (still numbered). */
  line(text: string, line: number): void;
  /** A line over the limit was skipped; `length` is its length in characters. */
  oversized(line: number, length: number): void;
}

export class LineSplitter {
  /** BOM kept: one-shot decodes would each drop a leading one; the stream's own is dropped here. */
  private decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /** Bytes after the last ASCII byte of the previous piece (most often none). */
  private carry: Uint8Array | null = null;
  /** Whether the first bytes of the input were looked at for a byte-order mark. */
  private bomChecked = false;
  /** Set once a run of non-ASCII bytes longer than MAX_CARRY ends a piece: stream-decode from there on. */
  private streaming = false;
  private readonly maxLineLength: number;
  /** Pieces of the current unfinished line, and their total length. */
  private parts: string[] = [];
  private partLength = 0;
  /** Length of an oversized line being skipped, or -1. */
  private skipping = -1;
  private lineNo = 0;
  private started = false;

  constructor(
    private readonly handler: LineHandler,
    options: { maxLineLength?: number } = {},
  ) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Lines completed so far (including skipped ones). */
  get lines(): number {
    return this.lineNo;
  }

  pushBytes(chunk: Uint8Array): void {
    // Decoded in pieces: a string of a whole 1 MiB read lands in the large-object space, where it
    // counts towards the next full GC (which marks every edge and sample); small ones die young.
    for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
      this.decodePiece(at === 0 && chunk.length <= DECODE_PIECE ? chunk : chunk.subarray(at, at + DECODE_PIECE));
    }
  }

  /**
   * One-shot decodes instead of `{ stream: true }`: Node decodes a one-shot call with its SIMD
   * UTF-8 path, a streaming one with ICU, six times slower (a tenth of the whole ingest). The
   * text is the same: the piece is cut after its last ASCII byte, where a UTF-8 decoder is always
   * in its initial state (a pending partial sequence ends at an ASCII byte with one U+FFFD, as it
   * does at the end of a one-shot input), and the bytes after the cut go in front of the next piece.
   */
  private decodePiece(piece: Uint8Array): void {
    if (this.streaming) {
      this.text(this.decoder.decode(piece, { stream: true }));
      return;
    }
    let bytes = piece;
    if (this.carry !== null) {
      bytes = new Uint8Array(this.carry.length + piece.length);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.length);
      this.carry = null;
    }
    let cut = bytes.length;
    const floor = Math.max(0, bytes.length - MAX_CARRY);
    while (cut > floor && (bytes[cut - 1] as number) >= 0x80) cut--;
    if (cut === floor && floor > 0 && (bytes[cut - 1] as number) >= 0x80) {
      // No ASCII byte near the end: the decoder starts here in its initial state and streams on.
      this.startStreaming(bytes);
      return;
    }
    // A copy: the caller may reuse its buffer for the next read.
    if (cut < bytes.length) this.carry = bytes.slice(cut);
    if (cut > 0) this.text(this.decoder.decode(this.withoutBom(cut === bytes.length ? bytes : bytes.subarray(0, cut))));
  }

  /** From `bytes` on (where a decoder is in its initial state), one streaming decoder as before. */
  private startStreaming(bytes: Uint8Array): void {
    this.streaming = true;
    // Nothing decoded yet: a default decoder looks for the byte-order mark itself, even split over calls.
    if (!this.bomChecked) {
      this.bomChecked = true;
      this.decoder = new TextDecoder('utf-8');
    }
    this.text(this.decoder.decode(bytes, { stream: true }));
  }

  /** The input's first bytes without a UTF-8 byte-order mark (what the default decoder drops). */
  private withoutBom(bytes: Uint8Array): Uint8Array {
    if (this.bomChecked) return bytes;
    this.bomChecked = true;
    return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  }

  pushText(chunk: string): void {
    if (this.carry !== null) {
      // Text between byte chunks: a streaming decoder would have given the whole characters of the
      // held bytes already. It takes over from here (its state is the initial one at the carry).
      const held = this.carry;
      this.carry = null;
      this.startStreaming(held);
    }
    this.text(chunk);
  }

  private text(chunk: string): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      this.finishLine(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk, start);
  }

  /** Flushes the last line (no newline at the end of input). */
  end(): void {
    if (this.carry !== null) {
      const rest = this.carry;
      this.carry = null;
      this.text(this.decoder.decode(this.withoutBom(rest)));
    }
    if (this.streaming) this.text(this.decoder.decode());
    if (this.skipping >= 0 || this.partLength > 0) this.finishLine('', 0, 0);
  }

  private keep(chunk: string, start: number): void {
    const n = chunk.length - start;
    if (this.skipping >= 0) {
      this.skipping += n;
      return;
    }
    if (this.partLength + n > this.maxLineLength) {
      this.skipping = this.partLength + n;
      this.parts = [];
      this.partLength = 0;
      return;
    }
    this.parts.push(start === 0 ? chunk : chunk.slice(start));
    this.partLength += n;
  }

  private finishLine(chunk: string, start: number, end: number): void {
    this.lineNo++;
    if (this.skipping >= 0) {
      const length = this.skipping + (end - start);
      this.skipping = -1;
      this.handler.oversized(this.lineNo, length);
      return;
    }
    let text: string;
    if (this.partLength === 0) {
      if (end - start > this.maxLineLength) {
        this.handler.oversized(this.lineNo, end - start);
        return;
      }
      text = chunk.slice(start, end);
    } else {
      if (this.partLength + (end - start) > this.maxLineLength) {
        const length = this.partLength + (end - start);
        this.parts = [];
        this.partLength = 0;
        this.handler.oversized(this.lineNo, length);
        return;
      }
      this.parts.push(chunk.slice(start, end));
      text = this.parts.join('');
      this.parts = [];
      this.partLength = 0;
    }
    // CRLF: the CR may have arrived at the end of the previous chunk; it is part of `text` now.
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (isBlank(text)) return;
    this.handler.line(text, this.lineNo);
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
