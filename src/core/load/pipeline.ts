import { firstNulChar, normaliseText, SafeDecoder, type DecodeProblem } from './decode.ts';
import type { TextSink } from './documentSink.ts';
import { firstNonSpace, JsonLinesReader, readJson, refusedJson } from './jsonDocuments.ts';
import type { LoadLimits } from './limits.ts';
import { mayBeTextOutput, rareReaders } from './rareInputs.ts';
import { KubectlPrelude, mayEndWithKubectlMessage, policyRevisionOf, stripMarkdownFence, stripPolicyRevision, type KubectlMessage } from './wrappers.ts';
import { readYaml } from './yamlDocuments.ts';
import type { TextFacts } from './types.ts';

/**
 * The loading pipeline, stage by stage (every input takes this one path; the Loader in loader.ts
 * drives it):
 *
 *   source ── sourceEntries.ts ──▶ entries ── EntryReader (here) ──▶ documents ── parse ──▶ values ── loader.ts ──▶ objects
 *
 * 1. Source → entries (`SourceEntries`, from `Loader.openSource`; `Loader.addFile` pushes a whole
 *    file through the same path). The format is sniffed from the first bytes: a .zip/.tar/.tar.gz
 *    archive becomes one entry per member worth reading (inputNames.ts), gzip is inflated, anything
 *    else is one entry, the source itself.
 * 2. Entry → text → documents (`EntryReader`, from `Loader.openStream`). Bytes are decoded as they
 *    arrive (decode.ts: UTF-8, NUL and gzip refused); the text format is decided ONCE from the
 *    first lines (`detectFormat`): JSON lines stream through `JsonLinesReader` line by line (never
 *    held whole); YAML and JSON are buffered and split at `end()` (`readDocuments`): YAML on `---`
 *    (yamlDocuments.ts `splitYamlDocuments`), JSON as one value or a stream of values
 *    (jsonDocuments.ts). JSON text that `JSON.parse` refuses (and that is neither a JSON stream nor
 *    a trailing comma) is re-read as YAML (flow style), then reported as JSON. Text for people
 *    (`hubble observe` compact/dict/table, `kubectl get` tables: textOutputs.ts) is reported as such
 *    instead of being parsed as YAML. The readers only such text, archives and sysdump agent
 *    outputs need are a chunk of their own in the browser (rareInputs.ts), fetched like the careful parser.
 * 3. Document → value (the parse step), one parser chosen per document: YAML by the fast parser
 *    (js-yaml, fastYaml.ts) when it can, else the careful one (the `yaml` package), with the same
 *    output and diagnostics (yamlDocuments.ts, checked by yamlFastPath.test.ts); JSON by
 *    `JSON.parse`, with jsonScan.ts only for errors and positions. Every value then passes the same
 *    checks (shape.ts `checkDocumentValue`: depth, templated strings). Positions are computed only
 *    when asked (sourceDocument.ts, fastSourceDocument.ts; in plain block YAML from the text,
 *    blockPositions.ts). In the browser the careful parser is a chunk fetched only when a document
 *    needs it (carefulYaml.ts: the worker's pass stops, fetches it and reads again).
 * 4. Value → objects (loader.ts `acceptDocument`): the kind decides (Lists and arrays open into
 *    their items, flows go to the flow sink, policies wait for `finish()`), the per-kind parsers in
 *    k8s/, cilium/, netpol/ and tiers/ build the model.
 *
 * What a YAML document goes through now: one decode, one format decision, one split, one parse
 * (fast or careful), one check. Before this layout (issue #19), a whole file and a streamed one
 * took different paths (addFile decoded and called readText; streams decided the format, then
 * readText decided it again), the careful YAML reader itself called the fast one first, the JSON
 * reader called the YAML reader, and the loader called back into the reader to check JSON lines:
 * `fileReader.ts` was entered from five places and `readYaml` from three.
 * @internal
 */

/** A file fed in chunks (CLI streams, browser `File.stream()`). @public */
export interface InputStream {
  push(chunk: Uint8Array | string): void;
  end(): void;
}

export interface StreamHooks {
  bytes(n: number): void;
  problem(p: DecodeProblem): void;
}

export type TextFormat = 'yaml' | 'json' | 'jsonl';

/**
 * The format, from the first line(s): YAML unless the text starts with `[` or `{`; JSON lines
 * when the first line is a complete JSON value and another line follows. Never from the name
 * (hubble-otel's `.json` files are JSON lines).
 */
export function detectFormat(text: string, maxLine: number): TextFormat {
  const i = firstNonSpace(text);
  if (i < 0) return 'yaml';
  const c = text[i];
  if (c === '[') return 'json';
  if (c !== '{') return 'yaml';
  const nl = text.indexOf('\n', i);
  if (nl < 0) return 'json';
  const rest = text.slice(nl + 1, nl + 4096).trim();
  if (rest === '') return 'json';
  if (nl - i > maxLine) return rest.startsWith('{') ? 'jsonl' : 'json';
  try {
    JSON.parse(text.slice(i, nl));
    return 'jsonl';
  } catch {
    return 'json';
  }
}

/**
 * A JSON line, then a `---` at column 0 on the next non-blank line (`cat a.json b.yaml`): buffered
 * and read as one YAML stream (YAML reads JSON), else as the JSON lines it starts as (readDocuments).
 */
function yamlAfterJsonLine(text: string, nl: number): boolean {
  return /^(?:[ \t\r]*\n)*---(?:[ \t\r\n]|$)/.test(text.slice(nl + 1, nl + 4096));
}

/** Text still undecided at its end (one short line, or blank): never JSON lines. */
function bufferedFormat(text: string, limits: LoadLimits): 'yaml' | 'json' {
  return detectFormat(text, limits.maxDocumentChars) === 'yaml' ? 'yaml' : 'json';
}

/** Only YAML this small is re-tried when JSON.parse refuses text that starts like JSON. */
const YAML_FALLBACK_CHARS = 8 * 1024 * 1024;

/**
 * Stage 2 for buffered text: its documents, parsed (stage 3), to the sink. `facts`: what another
 * thread found in this very text (textFacts.ts), used for JSON.
 */
export function readDocuments(file: string, text: string, format: 'yaml' | 'json' | 'jsonl', limits: LoadLimits, sink: TextSink, facts: TextFacts | null = null): void {
  if (format === 'jsonl') {
    // A JSON line, then `---` (yamlAfterJsonLine): one YAML stream when YAML reads it all.
    const y = text.length <= YAML_FALLBACK_CHARS ? readYaml(file, text, limits) : null;
    if (y && !y.diagnostics.some((d) => d.severity === 'error')) return yamlToSink(y, sink);
    const lines = new JsonLinesReader(file, limits, sink);
    for (let pos = 0, n = 1; pos <= text.length; n++) {
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl;
      lines.line(text, pos, end, n);
      pos = end + 1;
    }
    return lines.end();
  }
  if (format === 'json') {
    if (readJson(file, text, limits, sink, facts) === 'read') return;
    // Flow-style YAML, or JSON documents separated by `---`, before calling the text broken.
    const y = text.length <= YAML_FALLBACK_CHARS ? readYaml(file, text, limits) : null;
    if (!y || y.diagnostics.some((d) => d.severity === 'error')) {
      sink.documents(1);
      sink.diagnostic(refusedJson(file, text));
      return;
    }
    return yamlToSink(y, sink);
  }
  const agent = mayBeTextOutput(text) ? rareReaders.get().agentTextDocuments(file, text) : null;
  if (agent) {
    // The agent's output for people that netpol-viz reads (agentText.ts): its rows as documents.
    sink.documents(agent.documents.length);
    for (const d of agent.diagnostics) sink.diagnostic(d);
    for (const d of agent.documents) sink.document(d);
    return;
  }
  const pasted = mayBeTextOutput(text) ? rareReaders.get().textOutputDiagnostic(file, text) : null;
  if (pasted) {
    sink.documents(1);
    sink.diagnostic(pasted);
    return;
  }
  yamlToSink(readYaml(file, text, limits), sink);
}

function yamlToSink(y: ReturnType<typeof readYaml>, sink: TextSink): void {
  sink.documents(y.count);
  for (const d of y.diagnostics) sink.diagnostic(d);
  for (const d of y.documents) sink.document(d);
}

/** How much text is looked at before deciding the format. */
const DECIDE_AFTER = 64 * 1024;

/**
 * Stage 2: one entry's bytes → text → documents. JSON lines: each complete line is parsed and
 * handed on at once, so a multi-GB Hubble export is never held as one string; a line over the
 * size limit is skipped while it streams by. YAML and JSON are buffered and read whole at `end()`.
 * @internal
 */
export class EntryReader implements InputStream {
  private mode: 'undecided' | 'jsonl' | 'buffer' | 'dead' = 'undecided';
  /** The format decided for buffered text. */
  private format: 'yaml' | 'json' | 'jsonl' | null = null;
  private readonly decoder = new SafeDecoder();
  /** Characters pushed as strings so far (for the offset of a NUL). */
  private charsSeen = 0;
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
  /** kubectl's stderr lines before the output (kubectlMessages.ts), taken out before the format is decided. */
  private readonly prelude = new KubectlPrelude(() => rareReaders.get().kubectlMessageKind);

  constructor(
    private readonly file: string,
    private readonly limits: LoadLimits,
    private readonly sink: TextSink,
    private readonly hooks: StreamHooks,
    /** The entry's whole text with its facts, when it comes so (`Loader.addScanned`): used only if the text read is that text. */
    private readonly facts: TextFacts | null = null,
  ) {
    this.lines = new JsonLinesReader(file, limits, sink);
  }

  push(chunk: Uint8Array | string): void {
    if (this.mode === 'dead') return;
    this.hooks.bytes(typeof chunk === 'string' ? (chunk === this.facts?.text ? this.facts.bytes : chunk.length) : chunk.byteLength);
    let text = typeof chunk === 'string' ? chunk : this.decoder.push(chunk);
    if (this.decoder.problem) return this.die(this.decoder.problem);
    if (typeof chunk === 'string') {
      const nul = firstNulChar(chunk);
      if (nul >= 0) return this.die({ kind: 'binary', reason: 'it contains NUL characters', offset: this.charsSeen + nul });
      this.charsSeen += chunk.length;
    }
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    if (!this.prelude.done) text = this.prelude.push(text);
    this.feed(text);
  }

  end(): void {
    if (this.mode !== 'dead') {
      const tail = this.decoder.end();
      if (this.decoder.problem) this.die(this.decoder.problem);
      else {
        this.feed(this.prelude.done ? tail : this.prelude.push(tail) + this.prelude.end());
        const messages: KubectlMessage[] = [...this.prelude.messages];
        // A JSON line, then a line that may begin `---` (feed): decided now.
        const whole = this.mode === 'undecided' && this.sawNewline ? this.head.join('') : '';
        if (whole !== '' && detectFormat(whole, this.limits.maxDocumentChars) === 'jsonl') {
          this.head = [whole];
          this.decide('jsonl');
        }
        if (this.mode === 'undecided') {
          this.mode = 'buffer';
          this.buffered = this.head;
          this.head = [];
        }
        if (this.mode === 'buffer') {
          const whole = normaliseText(this.buffered.join(''));
          this.buffered = [];
          const { text, messages: after } = mayEndWithKubectlMessage(whole) ? rareReaders.get().stripTrailingMessages(whole) : { text: whole, messages: [] };
          messages.push(...after);
          this.messageNotes(messages);
          // Output in a markdown code fence: its format is the text's inside the fence.
          const unfenced = stripMarkdownFence(text);
          const format = unfenced !== text ? bufferedFormat(unfenced, this.limits) : (this.format ?? bufferedFormat(text, this.limits));
          const read = format === 'json' ? stripPolicyRevision(unfenced) : unfenced;
          const revision = read !== unfenced ? policyRevisionOf(unfenced) : null;
          if (revision !== null) this.sink.policyRevision?.(revision.revision, revision.line);
          // Equal strings: the same one unless something above took a part of it (then a length differs, or a compare says no).
          const facts = this.facts !== null && this.facts.text === read ? this.facts : null;
          readDocuments(this.file, read, format, this.limits, this.sink, facts);
        } else if (this.mode === 'jsonl') {
          this.messageNotes(messages);
          this.finishLine();
          this.lines.end();
        }
      }
    }
  }

  /** The notes for kubectl's messages taken out of this entry (none: kubectlMessages.ts not needed). */
  private messageNotes(messages: readonly KubectlMessage[]): void {
    if (messages.length === 0) return;
    for (const d of rareReaders.get().kubectlMessageDiagnostics(this.file, messages)) this.sink.diagnostic(d);
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
    if (this.firstChar !== '{') return this.decide(this.firstChar === '[' ? 'json' : 'yaml');
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
    // Wait for a whole second line when it may be a `---` (yamlAfterJsonLine).
    if (this.headLength < DECIDE_AFTER && /^\s*-{0,3}$/.test(joined.slice(nl + 1))) return;
    this.decide(detectFormat(joined, this.limits.maxDocumentChars));
  }

  private decide(format: TextFormat): void {
    const head = this.head;
    this.head = [];
    // Only after a newline is the head one part (feed).
    const text = format === 'jsonl' && this.sawNewline ? (head[0] as string) : '';
    if (format !== 'jsonl' || (text !== '' && yamlAfterJsonLine(text, text.indexOf('\n', firstNonSpace(text))))) {
      this.mode = 'buffer';
      this.format = format;
      this.buffered = head;
      return;
    }
    this.mode = 'jsonl';
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
