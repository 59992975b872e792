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

export interface LineHandler {
  /** A line without its terminator; `line` is 1-based. Blank lines are skipped (still numbered). */
  line(text: string, line: number): void;
  /** A line over the limit was skipped; `length` is its length in characters. */
  oversized(line: number, length: number): void;
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
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
      this.pushText(this.decoder.decode(at === 0 && chunk.length <= DECODE_PIECE ? chunk : chunk.subarray(at, at + DECODE_PIECE), { stream: true }));
    }
  }

  pushText(chunk: string): void {
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
    this.pushText(this.decoder.decode());
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
