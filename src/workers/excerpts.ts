import type { Diagnostic } from '../core/model/diagnostic.ts';

/** Lines shown before and after the offending line. */
export const CONTEXT_LINES = 2;
/** Characters kept of one line (a 100 MB single-line file must not reach the DOM). */
export const MAX_LINE_CHARS = 240;
/** Diagnostics beyond this many get no excerpt (the list itself is paged in the UI). */
export const MAX_EXCERPTED_DIAGNOSTICS = 2000;

/** Line numbers (1-based) wanted per file: each diagnostic's line with its context. */
export function wantedLines(diagnostics: readonly Diagnostic[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const d of diagnostics.slice(0, MAX_EXCERPTED_DIAGNOSTICS)) {
    if (d.line <= 0) continue;
    let set = out.get(d.file);
    if (!set) out.set(d.file, (set = new Set()));
    for (let l = Math.max(1, d.line - CONTEXT_LINES); l <= d.line + CONTEXT_LINES; l++) set.add(l);
  }
  return out;
}

/** Drops a trailing CR and cuts lines longer than `maxChars`, saying how much was cut. */
function clip(text: string, hiddenBeyond: number, maxChars: number): string {
  const noCr = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (noCr.length <= maxChars && hiddenBeyond === 0) return noCr;
  const kept = noCr.slice(0, maxChars);
  const more = noCr.length - kept.length + hiddenBeyond;
  return `${kept}… (${more} more ${hiddenBeyond > 0 ? 'bytes' : 'characters'})`;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Picks the wanted lines out of a file's text or bytes in one pass, without splitting the
 * whole file (exports can be hundreds of megabytes). Lines past the end are omitted; lines
 * longer than `maxChars` are cut (the policy text view asks for a larger bound than excerpts).
 */
export function extractLines(data: Uint8Array | string, wanted: ReadonlySet<number>, maxChars = MAX_LINE_CHARS): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const last = Math.max(...wanted);
  const length = data.length;
  let start = 0;
  for (let line = 1; line <= last; line++) {
    let end = typeof data === 'string' ? data.indexOf('\n', start) : data.indexOf(10, start);
    if (end < 0) end = length;
    if (wanted.has(line)) {
      // Read a bounded slice only (UTF-8 needs at most 4 bytes per character).
      const sliceEnd = Math.min(end, start + maxChars * 4);
      const raw = typeof data === 'string' ? data.slice(start, sliceEnd) : decoder.decode(data.subarray(start, sliceEnd));
      let text = clip(raw, end - sliceEnd, maxChars);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      out.set(line, text);
    }
    if (end >= length) break;
    start = end + 1;
  }
  return out;
}

/**
 * `extractLines` over text pushed chunk by chunk: holds at most one wanted line (cut to
 * `maxChars`) at a time and is `done` after the last wanted line, so an excerpt near the
 * start of a 1 GB export costs a few chunks.
 */
export class LineCollector {
  readonly lines = new Map<number, string>();
  private readonly last: number;
  private line = 1;
  private kept = '';
  private length = 0;

  constructor(
    private readonly wanted: ReadonlySet<number>,
    private readonly maxChars = MAX_LINE_CHARS,
  ) {
    this.last = wanted.size === 0 ? 0 : Math.max(...wanted);
  }

  /** Every wanted line is in `lines`. */
  get done(): boolean {
    return this.line > this.last;
  }

  push(chunk: string): void {
    let start = 0;
    while (!this.done) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      this.keep(chunk, start, nl);
      this.finish();
      start = nl + 1;
    }
    if (!this.done && start < chunk.length) this.keep(chunk, start, chunk.length);
  }

  /** The text ended: a last line without a newline is taken. */
  end(): Map<number, string> {
    if (!this.done && this.length > 0) this.finish();
    return this.lines;
  }

  private keep(chunk: string, start: number, end: number): void {
    if (!this.wanted.has(this.line)) return;
    if (this.kept.length < this.maxChars + 1) this.kept += chunk.slice(start, Math.min(end, start + this.maxChars + 1 - this.kept.length));
    this.length += end - start;
  }

  private finish(): void {
    const { kept, length, line, maxChars } = this;
    if (this.wanted.has(line)) {
      let text = kept.endsWith('\r') && length === kept.length ? kept.slice(0, -1) : kept;
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      // `length` counts a trailing CR; so does `kept` when the line was short enough to keep whole.
      const hidden = length - kept.length;
      this.lines.set(line, hidden > 0 || text.length > maxChars ? `${text.slice(0, maxChars)}… (${hidden + Math.max(0, text.length - maxChars)} more characters)` : text);
    }
    this.line++;
    this.kept = '';
    this.length = 0;
  }
}

/** `extractLines` over a stream of text chunks (LineCollector), reading no further than the last wanted line. */
export async function extractLinesFromChunks(chunks: AsyncIterable<string>, wanted: ReadonlySet<number>, maxChars = MAX_LINE_CHARS): Promise<Map<number, string>> {
  const c = new LineCollector(wanted, maxChars);
  if (c.done) return c.lines;
  for await (const chunk of chunks) {
    c.push(chunk);
    if (c.done) return c.lines;
  }
  return c.end();
}
