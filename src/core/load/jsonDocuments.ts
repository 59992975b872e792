import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { formatSize, type LoadLimits } from './limits.ts';
import { LineIndex } from './lineIndex.ts';
import { JsonSourceDocument } from './sourceDocument.ts';
import { checkDocumentValue, jsonMayHoldTemplate } from './shape.ts';
import { isInComment, templateOffsets, templateSnippet, TEMPLATE_ADVICE } from './templates.ts';
import type { TextSink } from './documentSink.ts';
import type { TextFacts } from './types.ts';
import { rareReaders } from './rareInputs.ts';

/**
 * The documents and parse steps of the pipeline (pipeline.ts) for JSON text: one value (object,
 * List or array), several values one after another (`kubectl cluster-info dump`), or JSON lines
 * (Hubble exports). `JSON.parse` is the fast parser; jsonScan.ts is the careful one, run only to
 * say where and why `JSON.parse` refused the text, and to find positions when a diagnostic asks.
 * @internal
 */

/** Offset of the first non-blank character, or -1. */
export function firstNonSpace(text: string): number {
  const m = /\S/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  if (m) return m.index;
  return text.search(/\S/);
}

/**
 * Reads text that starts like one JSON value: 'read' when its documents (or its one diagnostic)
 * went to the sink; 'refused' when the text is neither JSON nor a JSON stream nor a JSON value
 * with a trailing comma (the caller tries it as YAML, then reports `refusedJson`).
 */
export function readJson(file: string, text: string, limits: LoadLimits, sink: TextSink, facts: TextFacts | null = null): 'read' | 'refused' {
  // The facts are of this text (the caller checked): its line starts and List items found already.
  const lines = facts?.lineStarts ? LineIndex.withStarts(text, facts.lineStarts) : new LineIndex(text);
  const start = Math.max(0, firstNonSpace(text));
  if (text.length > limits.maxDocumentChars) {
    sink.documents(1);
    sink.diagnostic(lineDiagnostic(file, 0, lines.position(start).line, 1, 'error', 'document-too-large', `This JSON document is ${formatSize(text.length)}, over the ${formatSize(limits.maxDocumentChars)} limit per document: not loaded. Split the export (for example per namespace).`));
    return 'read';
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // kubectl decodes text starting with `{` as JSON (encoding/json): a trailing comma is refused
    // there, although YAML would read it. Reported where kubectl stops, not loaded.
    // JSON values one after another (`kubectl cluster-info dump`): kubectl's decoder reads a stream.
    if (readJsonStream(file, text, start, lines, limits, sink)) return 'read';
    // A List cut short or with a damaged item: its whole items (listSalvage.ts, a rare reader).
    const salvaged = text[start] === '{' && /^\{\s*"(?:apiVersion|items|kind)"/.test(text.slice(start, start + 64)) ? rareReaders.get().salvageJsonList(file, text, start, lines) : null;
    if (salvaged) {
      sink.documents(1);
      for (const d of salvaged.diagnostics) sink.diagnostic(d);
      for (const doc of salvaged.documents) if (checkDocumentValue(doc, limits, (d) => sink.diagnostic(d), { depthWalk: true, templateWalk: true })) sink.document(doc);
      return 'read';
    }
    const comma = trailingComma(text, start);
    if (comma !== null) {
      const p = lines.position(comma.close);
      sink.documents(1);
      sink.diagnostic(lineDiagnostic(file, 0, p.line, p.column, 'error', 'json-syntax', `JSON syntax error: a trailing comma before ${JSON.stringify(text[comma.close])} on line ${p.line} (kubectl refuses the file: "invalid character ${JSON.stringify(text[comma.close]).replace(/"/g, "'")} looking for beginning of ${text[comma.close] === '}' ? 'object key string' : 'value'}"). Not loaded.`));
      return 'read';
    }
    return 'refused';
  }
  sink.documents(1);
  const doc = new JsonSourceDocument(file, 0, '', value, text, start, lines, 0, facts?.listItems ?? null);
  if (checkDocumentValue(doc, limits, (d) => sink.diagnostic(d), { depthWalk: true, templateWalk: jsonMayHoldTemplate(text) })) sink.document(doc);
  return 'read';
}

/** The diagnostic for text `readJson` refused and YAML could not read either. */
export function refusedJson(file: string, text: string): Diagnostic {
  return jsonErrorDiagnostic(file, 0, text, 0, text.length, new LineIndex(text), 0);
}

/**
 * Several JSON values one after another, each complete: read as documents 0, 1, …; false (nothing
 * sent) when the text is not such a stream, so the caller reports the syntax error.
 */
function readJsonStream(file: string, text: string, start: number, lines: LineIndex, limits: LoadLimits, sink: TextSink): boolean {
  const docs: { value: unknown; at: number }[] = [];
  let pos = start;
  while (pos < text.length) {
    const err = rareReaders.get().jsonSyntaxError(text, pos, text.length);
    const end = err === null ? text.length : err.offset;
    if (err !== null && (err.truncated || !err.message.includes('after the end of the JSON value'))) return false;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(pos, end));
    } catch {
      return false;
    }
    docs.push({ value, at: pos });
    pos = end;
    while (pos < text.length && /\s/.test(text[pos] as string)) pos++;
    if (err === null) break;
  }
  if (docs.length < 2) return false;
  sink.documents(docs.length);
  docs.forEach((d, i) => {
    const doc = new JsonSourceDocument(file, i, '', d.value, text, d.at, lines, 0);
    if (checkDocumentValue(doc, limits, (x) => sink.diagnostic(x), { depthWalk: true, templateWalk: true })) sink.document(doc);
  });
  return true;
}

/** Where JSON.parse stopped, when it stopped at the `}` or `]` right after a trailing comma. */
function trailingComma(text: string, start: number): { close: number } | null {
  const err = rareReaders.get().jsonSyntaxError(text, start, text.length);
  if (err === null || err.truncated) return null;
  const c = text[err.offset];
  if (c !== '}' && c !== ']') return null;
  let i = err.offset - 1;
  while (i >= start && /\s/.test(text[i] as string)) i--;
  return text[i] === ',' ? { close: err.offset } : null;
}

/** The diagnostic for JSON text in [start, end) that JSON.parse refused. */
function jsonErrorDiagnostic(file: string, document: number, text: string, start: number, end: number, lines: LineIndex, lineOffset: number): Diagnostic {
  const slice = text.slice(start, Math.min(end, start + 1_000_000));
  const tpl = templateOffsets(slice).find((o) => !isInComment(slice, o));
  if (tpl !== undefined) {
    const p = lines.position(start + tpl);
    return lineDiagnostic(file, document, p.line + lineOffset, p.column, 'error', 'go-template', `Unrendered Go template \`${templateSnippet(slice, tpl)}\` on line ${p.line + lineOffset}: not valid JSON, not loaded. ${TEMPLATE_ADVICE}`);
  }
  const err = rareReaders.get().jsonSyntaxError(text, start, end) ?? { offset: start, message: 'not valid JSON', truncated: false };
  const p = lines.position(Math.max(start, Math.min(err.offset, Math.max(start, end - 1))));
  return err.truncated
    ? lineDiagnostic(file, document, p.line + lineOffset, p.column, 'error', 'truncated', `The JSON ends before the value is complete (truncated file or cut-off line): ${err.message}. Not loaded.`)
    : lineDiagnostic(file, document, p.line + lineOffset, p.column, 'error', 'json-syntax', `JSON syntax error: ${err.message}. Not loaded.`);
}

/**
 * JSON lines, one at a time (also fed chunk by chunk by streaming readers). Each non-empty line
 * is one document; a broken line is reported and the next one still loads.
 */
export class JsonLinesReader {
  private count = 0;
  /** The lines from the first that starts like YAML on (yamlTail.ts), read at `end()`; null before one. */
  private yaml: string[] | null = null;
  private yamlFrom = 0;
  constructor(
    private readonly file: string,
    private readonly limits: LoadLimits,
    private readonly sink: TextSink,
  ) {}

  /** The line is text[start, end) (without its newline); `lineNo` is 1-based. */
  line(text: string, start: number, end: number, lineNo: number): void {
    if (this.yaml === null && text.charCodeAt(start) !== 123 && YAML_START.test(text.slice(start, Math.min(end, start + 256)))) {
      // YAML after the JSON lines (`cat flows.json policies.yaml`): the rest is read as YAML.
      rareReaders.get();
      this.yaml = [];
      this.yamlFrom = lineNo;
    }
    if (this.yaml !== null) {
      // Blank lines are not handed in (EntryReader): put back for the lines after them.
      while (this.yamlFrom + this.yaml.length < lineNo) this.yaml.push('');
      this.yaml.push(text.slice(start, text[end - 1] === '\r' ? end - 1 : end));
      return;
    }
    this.parseLine(text, start, end, lineNo);
  }

  private parseLine(text: string, start: number, end: number, lineNo: number): void {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] as string)) s++;
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    if (s === e) return;
    this.count++;
    const index = lineNo - 1;
    if (e - s > this.limits.maxDocumentChars) {
      this.sink.diagnostic(lineDiagnostic(this.file, index, lineNo, 1, 'error', 'document-too-large', `Line ${lineNo} is ${formatSize(e - s)} long, over the ${formatSize(this.limits.maxDocumentChars)} limit for one JSON line: skipped. A Hubble flow line is a few KB.`));
      return;
    }
    const lineText = text.slice(s, e);
    if (this.sink.jsonLineText?.(lineText, lineNo)) return;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch {
      const d = jsonErrorDiagnostic(this.file, index, lineText, 0, lineText.length, new LineIndex(lineText), lineNo - 1);
      this.sink.diagnostic({ ...d, column: d.column + (s - start), message: `Line ${lineNo}: ${d.message} The other lines still load.` });
      return;
    }
    // Columns inside the document are relative to its first non-blank character.
    this.sink.jsonLine(value, lineNo, () => {
      const doc = new JsonSourceDocument(this.file, index, '', value, lineText, 0, new LineIndex(lineText), lineNo - 1);
      return checkDocumentValue(doc, this.limits, (d) => this.sink.diagnostic(d), { depthWalk: true, templateWalk: true }) ? doc : null;
    });
  }

  /** A line longer than the limit, seen only as its length (streaming readers never hold it). */
  oversizedLine(length: number, lineNo: number): void {
    this.count++;
    this.sink.diagnostic(lineDiagnostic(this.file, lineNo - 1, lineNo, 1, 'error', 'document-too-large', `Line ${lineNo} is over ${formatSize(length)} long, over the ${formatSize(this.limits.maxDocumentChars)} limit for one JSON line: skipped. A Hubble flow line is a few KB.`));
  }

  end(): void {
    const yaml = this.yaml;
    if (yaml !== null) {
      this.yaml = null;
      const tail = rareReaders.get().readYamlTail(this.file, yaml, this.yamlFrom, this.limits);
      if (tail === null) yaml.forEach((l, i) => this.parseLine(l, 0, l.length, this.yamlFrom + i));
      else {
        this.count += tail.count;
        for (const d of tail.diagnostics) this.sink.diagnostic(d);
        for (const d of tail.documents) this.sink.document(d);
      }
    }
    this.sink.documents(this.count);
  }
}

/**
 * A line that starts YAML at column 0 (a `---`, a `key:` such as `apiVersion:`, a `#` comment):
 * never the start of a JSON value, so of the YAML after JSON lines.
 */
const YAML_START = /^(?:---(?:\s|$)|#|[A-Za-z_][\w.\/-]*:(?:\s|$))/;
