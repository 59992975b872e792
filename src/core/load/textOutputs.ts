import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';

/**
 * Text meant for people, pasted or saved where netpol-viz expects YAML, JSON or JSON lines:
 * `hubble observe` without `-o json` (compact, dict or table, as hubble/pkg/printer/printer.go
 * writes them) and `kubectl get` without `-o` (its table). YAML would read them as a string or
 * fail with a syntax error that blames the file; this says what the text is and which command
 * writes what netpol-viz reads. Only the first lines are looked at, each cut to a bounded length
 * and matched by patterns without nested repetition, so the check is linear in what it reads.
 * @internal
 */

/** Characters of a line looked at. */
const MAX_LINE = 1000;

/** Hubble's timestamps: `--time-format` StampMilli (the default, `Jan _2 15:04:05.000`) and the RFC 3339 ones. */
const HUBBLE_TIME = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))/;

type What = 'hubble-compact' | 'hubble-dict' | 'hubble-table' | 'kubectl-table';

function firstLines(text: string, n: number): string[] {
  const out: string[] = [];
  let pos = 0;
  while (out.length < n && pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, Math.min(end, pos + MAX_LINE)).replace(/\r$/, '');
    if (line.trim() !== '') out.push(line);
    pos = end + 1;
  }
  return out;
}

/** A compact line: `<time>[ [node]]: <src> <src id> -> | <- | <> <dst> …`. */
function isCompactLine(line: string): boolean {
  const t = HUBBLE_TIME.exec(line);
  if (!t) return false;
  const rest = line.slice(t[0].length);
  const colon = rest.indexOf(': ');
  if (colon < 0 || (colon > 0 && !/^ \[[^\]]*\]$/.test(rest.slice(0, colon)))) return false;
  return rest.includes(' -> ') || rest.includes(' <- ') || rest.includes(' <> ');
}

/** A table header: upper-case column names separated by two spaces or more, NAME among them (kubectl's). */
function isKubectlHeader(line: string): boolean {
  const cols = line.trim().split(/ {2,}|\t+/);
  return cols.length >= 2 && cols.includes('NAME') && cols.every((c) => /^[A-Z][A-Z0-9 _()%./-]*$/.test(c));
}

function whatIs(text: string): What | null {
  const lines = firstLines(text, 2);
  const [a, b] = lines;
  if (a === undefined) return null;
  if (isCompactLine(a)) return 'hubble-compact';
  if (/^ {2}TIMESTAMP: /.test(a) && (b === undefined || /^ +(?:NODE|SOURCE): /.test(b))) return 'hubble-dict';
  if (/^TIMESTAMP {2,}(?:NODE {2,})?SOURCE {2,}DESTINATION {2,}TYPE {2,}VERDICT {2,}SUMMARY\s*$/.test(a) || /^TIMESTAMP\t/.test(a)) return 'hubble-table';
  if (isKubectlHeader(a)) return 'kubectl-table';
  return null;
}

const HUBBLE_ADVICE = 'netpol-viz reads flows as `hubble observe -o jsonpb` (or `-o json`) writes them, one JSON object per line, or the Hubble exporter\'s files: run the command again with `-o jsonpb`';

/** The diagnostic for text output, or null when the text is not recognised as such. */
export function textOutputDiagnostic(file: string, text: string): Diagnostic | null {
  const what = whatIs(text);
  if (what === null) return null;
  const message =
    what === 'kubectl-table'
      ? 'This is the table `kubectl get` prints without `-o`, not YAML or JSON: it names objects but has no labels or specs. netpol-viz reads objects as `kubectl get … -o yaml` (or `-o json`) writes them: run the command again with `-o yaml`. Nothing in this file was loaded.'
      : `This is \`hubble observe\` text output (${what === 'hubble-compact' ? 'compact' : what === 'hubble-dict' ? 'dict' : 'table'}, the format for people), not JSON: ${HUBBLE_ADVICE}. Nothing in this file was loaded.`;
  return lineDiagnostic(file, 0, 1, 1, 'error', 'text-output', message);
}
