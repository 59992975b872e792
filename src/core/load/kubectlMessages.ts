import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';

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
 * matched by patterns without nested repetition: linear in what it reads.
 * @internal
 */

export type MessageKind = 'warning' | 'error' | 'log';

/** Characters of a line matched (a warning longer than this is still recognised by its start). */
const MAX_LINE = 4096;

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

export interface KubectlMessage {
  readonly line: number;
  readonly kind: MessageKind;
  readonly text: string;
}

/** Characters that can start a kubectl message line. */
function mayStartMessage(c: string): boolean {
  return c === 'W' || c === 'E' || c === 'e' || c === 'I' || c === 'F' || c === '\u001b';
}

/**
 * The start of a stream, message lines taken out as they come: `push` returns the text to pass on
 * (the messages as empty lines) and passes everything through once a line that is not a message
 * (or blank) is met.
 */
export class KubectlPrelude {
  done = false;
  readonly messages: KubectlMessage[] = [];
  private pending = '';
  private lineNo = 1;

  push(text: string): string {
    if (this.done) return text;
    this.pending += text;
    let out = '';
    for (;;) {
      const p = this.pending;
      let i = 0;
      while (i < p.length && (p[i] === ' ' || p[i] === '\t' || p[i] === '\r')) i++;
      if (i < p.length && p[i] !== '\n' && !mayStartMessage(p[i] as string)) return this.finish(out);
      const nl = p.indexOf('\n');
      if (nl < 0) {
        // A line still arriving: a message is one line, so a long one is never a message.
        if (p.length > MAX_LINE * 4) return this.finish(out);
        return out;
      }
      const line = p.slice(0, nl).replace(/\r$/, '');
      if (line.trim() !== '') {
        const kind = kubectlMessageKind(line);
        if (kind === null) return this.finish(out);
        this.messages.push({ line: this.lineNo, kind, text: line });
      }
      out += '\n';
      this.pending = p.slice(nl + 1);
      this.lineNo++;
    }
  }

  /** The rest of a stream that ended while still in its prelude. */
  end(): string {
    if (this.done) return '';
    const line = this.pending.replace(/\r$/, '');
    if (line.trim() !== '') {
      const kind = kubectlMessageKind(line);
      if (kind === null) return this.finish('');
      this.messages.push({ line: this.lineNo, kind, text: line });
    }
    this.done = true;
    this.pending = '';
    return '';
  }

  private finish(out: string): string {
    this.done = true;
    const rest = this.pending;
    this.pending = '';
    return out + rest;
  }
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

/**
 * `cilium-dbg policy get` without `-o json` prints the rules as JSON, then `Revision: N`
 * (cilium/cilium cilium-dbg/cmd/policy_get.go: `fmt.Printf("%s\nRevision: %d\n", resp.Policy, resp.Revision)`):
 * the last line is blanked so the JSON reads. Text that ends otherwise is returned as it is.
 */
export function stripPolicyRevision(text: string): string {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  if (start === 0 || !/^Revision: \d+$/.test(text.slice(start, end))) return text;
  return text.slice(0, start) + text.slice(start).replace(/[^\n]/g, '');
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
