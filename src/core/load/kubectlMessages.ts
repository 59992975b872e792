import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { KUBECTL_MESSAGE_MAX_LINE as MAX_LINE, type KubectlMessage, type MessageKind } from './wrappers.ts';

/**
 * Lines kubectl writes on stderr, saved into a file with its output (`kubectl get … -o yaml > f 2>&1`,
 * or pasted from a terminal): they are not part of the YAML/JSON and are taken out, line for line
 * (each becomes an empty line, so every other line keeps its number), with a note. Recognised:
 * - `Warning: <text>`: client-go's warning writer, which kubectl installs for the API server's
 *   299 warnings (deprecated apiVersions, unknown fields): staging/src/k8s.io/client-go/rest/warnings.go
 *   `warningWriter.HandleWarningHeader` writes `"Warning: %s\n"`, or with colour
 *   `"\u001b[33;1mWarning:\u001b[0m %s\n"`;
 * - klog lines, `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` (k8s.io/klog `formatHeader`), e.g.
 *   `E1206 10:15:00.123456   12345 memcache.go:265] couldn't get current server API group list`
 *   when an aggregated API is down, or client-go's default `WarningLogger` (klog.Warning);
 * - kubectl's errors, `Error from server (Forbidden): …` and `error: …`
 *   (kubectl/pkg/cmd/util/helpers.go `StandardErrorMessage` and `fatal`), printed after the output
 *   (`kubectl get` prints what it could get, then the errors), so they are also looked for at the end.
 * Only whole lines at the start (and, for YAML/JSON read whole, at the end) are looked at, each
 * matched by patterns without nested repetition: linear in what it reads. Only text whose first or
 * last line may be such a message (wrappers.ts `mayStartKubectlMessage`) needs this module: in the
 * browser it is in the chunk of rare readers (rareInputs.ts).
 * @internal
 */

const WARNING = /^(?:\u001b\[[0-9;]*m)?Warning:(?:\u001b\[0m)? \S/;
const KLOG = /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [^\s\]]+:\d+\] /;
const ERROR = /^(?:Error from server(?: \([A-Za-z]+\))?: |error: )\S/;

/** What kind of kubectl message a line (without its line end) is, or null. */
export function kubectlMessageKind(line: string): MessageKind | null {
  const l = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  if (WARNING.test(l)) return 'warning';
  if (ERROR.test(l)) return 'error';
  const k = KLOG.exec(l);
  if (k) return k[1] === 'E' || k[1] === 'F' ? 'error' : 'log';
  return null;
}

/**
 * Message lines at the end of text read whole (after its last document), blanked. `text` has LF
 * line ends. Returns the text unchanged (same string) when there are none.
 */
export function stripTrailingMessages(text: string): { text: string; messages: KubectlMessage[] } {
  const found: { start: number; end: number; kind: MessageKind; text: string }[] = [];
  let end = text.length;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
    if (end === 0) break;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const kind = kubectlMessageKind(line);
    // Only errors and warnings: a klog line is printed before the output, never after it.
    if (kind === null || kind === 'log') break;
    found.push({ start, end, kind, text: line });
    end = start;
  }
  if (found.length === 0) return { text, messages: [] };
  const cut = (found[found.length - 1] as { start: number }).start;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < cut; i = text.indexOf('\n', i + 1)) line++;
  const messages: KubectlMessage[] = [];
  const tail = text.slice(cut);
  let n = line;
  for (const part of tail.split('\n')) {
    const kind = part.trim() === '' ? null : kubectlMessageKind(part);
    if (kind !== null) messages.push({ line: n, kind, text: part });
    n++;
  }
  return { text: text.slice(0, cut) + tail.replace(/[^\n]/g, ''), messages };
}

/** Quoted, cut to a readable length, escape sequences (colour) removed. */
function quote(text: string): string {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return `"${plain.length > 160 ? `${plain.slice(0, 157)}…` : plain}"`;
}

/**
 * The notes for the messages of one file: one for warnings and logs, one per error (an error means
 * kubectl could not get some objects, which are then missing from the file).
 */
export function kubectlMessageDiagnostics(file: string, messages: readonly KubectlMessage[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const notes = messages.filter((m) => m.kind !== 'error');
  const first = notes[0];
  if (first) {
    const lines = notes.length === 1 ? `Line ${first.line} is` : `${notes.length} lines (first on line ${first.line}) are`;
    out.push(
      lineDiagnostic(file, -1, first.line, 1, 'info', 'kubectl-message', `${lines} kubectl's own message${notes.length === 1 ? '' : 's'} on stderr, saved with the output (2>&1), not part of it: skipped, the rest of the file is read. ${notes.length === 1 ? 'It says' : 'The first says'} ${quote(first.text)}.`),
    );
  }
  for (const m of messages) {
    if (m.kind !== 'error') continue;
    out.push(
      lineDiagnostic(file, -1, m.line, 1, 'warning', 'kubectl-error', `Line ${m.line} is an error kubectl printed on stderr, saved with the output (2>&1): ${quote(m.text)}. The objects kubectl could not get are not in this file; everything else in it is read.`),
    );
  }
  return out;
}
