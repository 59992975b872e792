/**
 * Offset → 1-based line/column for a text, built lazily (only when a diagnostic or a source
 * reference needs a line) and answered by binary search.
 * @internal
 */
export class LineIndex {
  /** Offset of the start of each line. A typed array: a 50 MB List has millions of lines. */
  private starts: Uint32Array | null = null;
  private asked = false;
  constructor(private readonly text: string) {}

  /** The index of `text` whose line starts were found already (`lineStarts`, by another thread). */
  static withStarts(text: string, starts: Uint32Array): LineIndex {
    const index = new LineIndex(text);
    index.starts = starts;
    return index;
  }

  position(offset: number): { line: number; column: number } {
    if (this.starts === null && !this.asked) {
      // Most texts are asked once (the line of a YAML document): count up to the offset instead.
      this.asked = true;
      let line = 1;
      let lineStart = 0;
      for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      return { line, column: offset - lineStart + 1 };
    }
    this.starts ??= lineStarts(this.text);
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }
}

/** Offset of the start of each line of `text` (0 first): one pass (a second one to count the lines first took as long again). */
export function lineStarts(text: string): Uint32Array {
  // kubectl's JSON and YAML run 30-40 characters a line: rarely grown more than once.
  let s = new Uint32Array(Math.max(16, text.length >>> 5));
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (k === s.length) {
      const grown = new Uint32Array(s.length * 2);
      grown.set(s);
      s = grown;
    }
    s[k++] = i + 1;
  }
  return s.subarray(0, k);
}
