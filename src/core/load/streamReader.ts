import { normaliseText, SafeDecoder, type DecodeProblem } from './decode.ts';
import { detectFormat, JsonLinesReader, readText, type TextSink } from './fileReader.ts';
import type { LoadLimits } from './limits.ts';

/** A file fed in chunks (CLI streams, browser `File.stream()`). @public */
export interface InputStream {
  push(chunk: Uint8Array | string): void;
  end(): void;
}

export interface StreamHooks {
  bytes(n: number): void;
  problem(p: DecodeProblem): void;
  end(): void;
}

/** How much text is looked at before deciding the format. */
const DECIDE_AFTER = 64 * 1024;

/**
 * Streams JSON lines: each complete line is parsed and handed on at once, so a multi-GB Hubble
 * export is never held as one string; a line over the size limit is skipped while it streams by.
 * Any other format (YAML, one JSON document) is buffered and read whole at `end()`.
 * @internal
 */
export class StreamReader implements InputStream {
  private mode: 'undecided' | 'jsonl' | 'buffer' | 'dead' = 'undecided';
  private readonly decoder = new SafeDecoder();
  /** Text seen while the format is undecided (kept as parts: joining on every chunk is quadratic). */
  private head: string[] = [];
  private headLength = 0;
  private firstChar: string | null = null;
  private sawNewline = false;
  private buffered: string[] = [];
  /** Parts of the unfinished current line in JSON-lines mode. */
  private lineParts: string[] = [];
  private lineLength = 0;
  /** True while an oversized line streams by (its text is dropped, only its length counted). */
  private skipping = false;
  private lineNo = 1;
  private readonly lines: JsonLinesReader;
  private first = true;

  constructor(
    private readonly file: string,
    private readonly limits: LoadLimits,
    private readonly sink: TextSink,
    private readonly hooks: StreamHooks,
  ) {
    this.lines = new JsonLinesReader(file, limits, sink);
  }

  push(chunk: Uint8Array | string): void {
    if (this.mode === 'dead') return;
    this.hooks.bytes(typeof chunk === 'string' ? chunk.length : chunk.byteLength);
    let text = typeof chunk === 'string' ? chunk : this.decoder.push(chunk);
    if (this.decoder.problem) return this.die(this.decoder.problem);
    if (typeof chunk === 'string' && chunk.includes('\u0000')) return this.die({ kind: 'binary', reason: 'it contains NUL characters', offset: 0 });
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    this.feed(text);
  }

  end(): void {
    if (this.mode !== 'dead') {
      const tail = this.decoder.end();
      if (this.decoder.problem) this.die(this.decoder.problem);
      else {
        this.feed(tail);
        if (this.mode === 'undecided') {
          this.mode = 'buffer';
          this.buffered = this.head;
          this.head = [];
        }
        if (this.mode === 'buffer') {
          const text = this.buffered.join('');
          this.buffered = [];
          readText(this.file, normaliseText(text), this.limits, this.sink);
        } else if (this.mode === 'jsonl') {
          this.finishLine();
          this.lines.end();
        }
      }
    }
    this.hooks.end();
  }

  private die(p: DecodeProblem): void {
    this.mode = 'dead';
    this.head = [];
    this.buffered = [];
    this.lineParts = [];
    this.hooks.problem(p);
  }

  private feed(text: string): void {
    if (text === '') return;
    if (this.mode === 'buffer') {
      this.buffered.push(text);
      return;
    }
    if (this.mode === 'jsonl') return this.feedLines(text);
    this.head.push(text);
    this.headLength += text.length;
    if (this.firstChar === null) {
      const i = text.search(/\S/);
      if (i < 0) return;
      this.firstChar = text[i] as string;
    }
    if (this.firstChar !== '{') return this.decide('buffer');
    if (!this.sawNewline && text.includes('\n')) this.sawNewline = true;
    if (!this.sawNewline) {
      // One line so far; past the size limit it can only be an oversized first line.
      if (this.headLength > this.limits.maxDocumentChars) return this.decide('jsonl');
      return;
    }
    const joined = this.head.join('');
    this.head = [joined];
    const start = joined.search(/\S/);
    const nl = joined.indexOf('\n', start);
    if (this.headLength < DECIDE_AFTER && joined.slice(nl + 1).trim() === '') return;
    this.decide(detectFormat(joined, this.limits.maxDocumentChars) === 'jsonl' ? 'jsonl' : 'buffer');
  }

  private decide(mode: 'jsonl' | 'buffer'): void {
    const head = this.head;
    this.head = [];
    this.mode = mode;
    if (mode === 'buffer') {
      this.buffered = head;
      return;
    }
    for (const part of head) this.feedLines(part);
  }

  private feedLines(text: string): void {
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      this.appendToLine(text.slice(pos, nl));
      this.finishLine();
      this.lineNo++;
      pos = nl + 1;
    }
    if (pos < text.length) this.appendToLine(pos === 0 ? text : text.slice(pos));
  }

  private appendToLine(part: string): void {
    this.lineLength += part.length;
    if (this.skipping) return;
    if (this.lineLength > this.limits.maxDocumentChars) {
      // An unfinished line over the limit is dropped as it streams by; only its length is kept.
      this.skipping = true;
      this.lineParts = [];
      return;
    }
    if (part !== '') this.lineParts.push(part);
  }

  private finishLine(): void {
    if (this.skipping) this.lines.oversizedLine(this.lineLength, this.lineNo);
    else if (this.lineParts.length > 0) {
      const line = this.lineParts.length === 1 ? (this.lineParts[0] as string) : this.lineParts.join('');
      this.lines.line(line, 0, line.length, this.lineNo);
    }
    this.lineParts = [];
    this.lineLength = 0;
    this.skipping = false;
  }
}
