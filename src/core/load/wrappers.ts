/**
 * Text around the inputs, taken out before they are read, and the cheap checks that say whether a
 * text may carry any: kubectl's own stderr lines saved with its output (recognised by
 * kubectlMessages.ts, which only text starting or ending with a line that may be one needs: in the
 * browser a chunk of rare readers, rareInputs.ts) and the `Revision: N` line of `cilium-dbg policy get`.
 * @internal
 */

export type MessageKind = 'warning' | 'error' | 'log';

export interface KubectlMessage {
  readonly line: number;
  readonly kind: MessageKind;
  readonly text: string;
}

/** Characters of a line matched (a warning longer than this is still recognised by its start). */
export const KUBECTL_MESSAGE_MAX_LINE = 4096;
const MAX_LINE = KUBECTL_MESSAGE_MAX_LINE;

/** Characters that can start a kubectl message line (kubectlMessages.ts): only such lines need its patterns. */
export function mayStartKubectlMessage(c: string): boolean {
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

  /** `kind`: kubectlMessages.ts `kubectlMessageKind`, asked only for lines that may be a message (a chunk of its own in the browser). */
  constructor(private readonly kind: () => (line: string) => MessageKind | null) {}

  push(text: string): string {
    if (this.done) return text;
    this.pending += text;
    let out = '';
    for (;;) {
      const p = this.pending;
      let i = 0;
      while (i < p.length && (p[i] === ' ' || p[i] === '\t' || p[i] === '\r')) i++;
      if (i < p.length && p[i] !== '\n' && !mayStartKubectlMessage(p[i] as string)) return this.finish(out);
      const nl = p.indexOf('\n');
      if (nl < 0) {
        // A line still arriving: a message is one line, so a long one is never a message.
        if (p.length > MAX_LINE * 4) return this.finish(out);
        return out;
      }
      const line = p.slice(0, nl).replace(/\r$/, '');
      if (line.trim() !== '') {
        const kind = this.kind()(line);
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
      const kind = this.kind()(line);
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
 * Whether the last line with text of `text` (LF line ends) may be a kubectl message (then
 * kubectlMessages.ts `stripTrailingMessages` looks): a message starts at the line's first column.
 */
export function mayEndWithKubectlMessage(text: string): boolean {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  if (end === 0) return false;
  return mayStartKubectlMessage(text[text.lastIndexOf('\n', end - 1) + 1] as string);
}

/**
 * `cilium-dbg policy get` without `-o json` prints the rules as JSON, then `Revision: N`
 * (cilium/cilium cilium-dbg/cmd/policy_get.go: `fmt.Printf("%s\nRevision: %d\n", resp.Policy, resp.Revision)`):
 * the last line is blanked so the JSON reads. Text that ends otherwise is returned as it is.
 */
export function stripPolicyRevision(text: string): string {
  const r = policyRevisionOf(text);
  if (r === null) return text;
  return text.slice(0, r.start) + text.slice(r.start).replace(/[^\n]/g, '');
}

/**
 * The revision of `cilium-dbg policy get`'s last line `Revision: N` (the policy repository's
 * revision, which every rule change raises), its line (1-based) and where it starts; null when
 * the text ends otherwise.
 */
export function policyRevisionOf(text: string): { revision: number; line: number; start: number } | null {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  const m = start === 0 || end - start > 40 ? null : /^Revision: (\d{1,15})$/.exec(text.slice(start, end));
  if (m === null) return null;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) line++;
  return { revision: Number(m[1]), line, start };
}

/**
 * Text wrapped in one markdown code fence (a ```` ``` ```` or ```` ```json ```` line first, a ```` ``` ````
 * line last, as command output is pasted into markdown, cilium-bugtool's `.md` files among them):
 * the two fence lines blanked, so the output inside reads and keeps its line numbers. Other text
 * is returned as it is (same string).
 */
export function stripMarkdownFence(text: string): string {
  let start = text.search(/\S/);
  // bugtool before --enable-markdown (Cilium 1.10 and older), and with it: `# <command>`, a blank line, then the fence.
  const heading = start >= 0 && text.startsWith('# ', start) ? start : -1;
  if (heading >= 0) {
    start = text.indexOf('\n', heading);
    while (start >= 0 && start < text.length && /\s/.test(text[start] as string)) start++;
    if (start >= text.length) start = -1;
  }
  if (start < 0 || !text.startsWith('```', start)) return text;
  const open = text.indexOf('\n', start);
  if (open < 0 || !/^```[\w+-]*\s*$/.test(text.slice(start, open))) return text;
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  const close = text.lastIndexOf('\n', end - 1) + 1;
  if (close <= open || text.slice(close, end) !== '```') return text;
  const blank = (t: string): string => t.replace(/[^\n]/g, '');
  return blank(text.slice(0, open)) + text.slice(open, close) + blank(text.slice(close));
}
