/**
 * Offset → 1-based line/column for a text, built lazily (only when a diagnostic or a source
 * reference needs a line) and answered by binary search.
 * @internal
 */
export class LineIndex {
  private starts: number[] | null = null;
  constructor(private readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      const s = [0];
      let i = this.text.indexOf('\n');
      while (i >= 0) {
        s.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.starts = s;
    }
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
