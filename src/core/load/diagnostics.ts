import type { Diagnostic, Severity } from '../model/diagnostic.ts';
import { plural } from '../util/plural.ts';

/** Builds a diagnostic at a line (no field path); `document` -1 = the whole file. @internal */
export function lineDiagnostic(
  file: string,
  document: number,
  line: number,
  column: number,
  severity: Severity,
  code: string,
  message: string,
  path = '',
): Diagnostic {
  return { file, document, line, column, path, severity, code, message };
}

/**
 * Keeps at most `perCode` diagnostics of each code per file so that a million broken lines make
 * fifty diagnostics and one summary, not a million.
 * @internal
 */
export class DiagnosticCollector {
  readonly all: Diagnostic[] = [];
  private readonly perFile = new Map<string, Map<string, { kept: number; dropped: number; first: Diagnostic }>>();

  constructor(private readonly perCode: number) {}

  add(d: Diagnostic): void {
    let m = this.perFile.get(d.file);
    if (!m) this.perFile.set(d.file, (m = new Map()));
    const c = m.get(d.code);
    if (!c) {
      m.set(d.code, { kept: 1, dropped: 0, first: d });
      this.all.push(d);
    } else if (c.kept < this.perCode) {
      c.kept++;
      this.all.push(d);
    } else {
      c.dropped++;
    }
  }

  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.add(d);
  }

  /** Appends one summary per code that overflowed in `file`. */
  closeFile(file: string): void {
    const m = this.perFile.get(file);
    if (!m) return;
    for (const [code, c] of m) {
      if (c.dropped === 0) continue;
      this.all.push(
        lineDiagnostic(file, -1, 0, 0, c.first.severity, code, `${plural(c.dropped, 'more diagnostic', 'more diagnostics')} of this kind (${code}) in this file ${c.dropped === 1 ? 'is' : 'are'} not listed; ${c.kept === 1 ? 'the first is' : `the first ${c.kept} are`}.`),
      );
    }
  }
}
