import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { jsonSyntaxError } from './jsonScan.ts';
import { formatSize, type LoadLimits } from './limits.ts';
import { LineIndex } from './lineIndex.ts';
import { JsonSourceDocument, type SourceDocument } from './sourceDocument.ts';
import { firstTooDeep, jsonMayHoldTemplate, templatedStrings } from './shape.ts';
import { isInComment, templateOffsets, templateSnippet, TEMPLATE_ADVICE } from './templates.ts';
import { readYaml } from './yamlDocuments.ts';
import { diagnosticAt, formatPath } from './parseTypes.ts';

/**
 * One file's text → documents, whatever the format: YAML (multi-document), one JSON value
 * (object, List or array) or JSON lines (Hubble exports, `kubectl get -o json | jq -c`). The
 * format is decided from the content, not the file name (hubble-otel's `.json` files are JSON
 * lines). JSON lines are handed over one by one (`onLine`) so flows never become documents.
 * @internal
 */
export interface TextSink {
  document(doc: SourceDocument): void;
  /** A parsed JSON line; `makeDocument` builds its SourceDocument only if needed. */
  jsonLine(value: unknown, line: number, makeDocument: () => SourceDocument): void;
  /** Offered a JSON line's text before it is parsed; true: taken (a flow), nothing more to do. */
  jsonLineText?(text: string, line: number): boolean;
  diagnostic(d: Diagnostic): void;
  /** Number of top-level documents (YAML documents, JSON values, JSON lines). */
  documents(n: number): void;
}

export type TextFormat = 'yaml' | 'json' | 'jsonl';

/** Only YAML this small is re-tried when JSON.parse refuses text that starts like JSON. */
const YAML_FALLBACK_CHARS = 8 * 1024 * 1024;

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  if (m) return m.index;
  return text.search(/\S/);
}

/** Decides the format from the first line(s). */
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
  // JSON lines when the first line is a complete JSON value and another line follows.
  if (nl - i > maxLine) return rest.startsWith('{') ? 'jsonl' : 'json';
  try {
    JSON.parse(text.slice(i, nl));
    return 'jsonl';
  } catch {
    return 'json';
  }
}

export function readText(file: string, text: string, limits: LoadLimits, sink: TextSink): void {
  const format = detectFormat(text, limits.maxDocumentChars);
  if (format === 'yaml') return readYamlText(file, text, limits, sink);
  if (format === 'json') return readJsonText(file, text, limits, sink);
  const reader = new JsonLinesReader(file, limits, sink);
  let pos = 0;
  let line = 1;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    reader.line(text, pos, end, line);
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  reader.end();
}

function readYamlText(file: string, text: string, limits: LoadLimits, sink: TextSink): void {
  const res = readYaml(file, text, limits);
  sink.documents(res.count);
  for (const d of res.diagnostics) sink.diagnostic(d);
  for (const d of res.documents) sink.document(d);
}

function readJsonText(file: string, text: string, limits: LoadLimits, sink: TextSink): void {
  const lines = new LineIndex(text);
  const start = Math.max(0, firstNonSpace(text));
  if (text.length > limits.maxDocumentChars) {
    sink.documents(1);
    sink.diagnostic(lineDiagnostic(file, 0, lines.position(start).line, 1, 'error', 'document-too-large', `This JSON document is ${formatSize(text.length)}, over the ${formatSize(limits.maxDocumentChars)} limit per document: not loaded. Split the export (for example per namespace).`));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // kubectl decodes text starting with `{` as JSON (encoding/json): a trailing comma is refused
    // there, although YAML would read it. Reported where kubectl stops, not loaded.
    // JSON values one after another (`kubectl cluster-info dump`): kubectl's decoder reads a stream.
    if (readJsonStream(file, text, start, lines, limits, sink)) return;
    const comma = trailingComma(text, start);
    if (comma !== null) {
      const p = lines.position(comma.close);
      sink.documents(1);
      sink.diagnostic(lineDiagnostic(file, 0, p.line, p.column, 'error', 'json-syntax', `JSON syntax error: a trailing comma before ${JSON.stringify(text[comma.close])} on line ${p.line} (kubectl refuses the file: "invalid character ${JSON.stringify(text[comma.close]).replace(/"/g, "'")} looking for beginning of ${text[comma.close] === '}' ? 'object key string' : 'value'}"). Not loaded.`));
      return;
    }
    // Other JSON-like text is re-read as YAML before calling it broken (flow-style YAML, several
    // JSON documents separated by `---`).
    if (text.length <= YAML_FALLBACK_CHARS) {
      const y = readYaml(file, text, limits);
      if (y.diagnostics.every((d) => d.severity !== 'error')) {
        sink.documents(y.count);
        for (const d of y.diagnostics) sink.diagnostic(d);
        for (const d of y.documents) sink.document(d);
        return;
      }
    }
    sink.documents(1);
    sink.diagnostic(jsonErrorDiagnostic(file, 0, text, 0, text.length, lines, 0));
    return;
  }
  sink.documents(1);
  const doc = new JsonSourceDocument(file, 0, '', value, text, start, lines, 0);
  if (!checkJsonValue(doc, value, limits, sink, text)) return;
  sink.document(doc);
}

/**
 * Depth limit and templated strings of a parsed JSON value; false when it must not load. With
 * the value's text, the walk for templates is skipped when the text cannot hold one.
 */
function checkJsonValue(doc: SourceDocument, value: unknown, limits: LoadLimits, sink: TextSink, text: string | null = null): boolean {
  const deep = firstTooDeep(value, limits.maxDepth);
  if (deep) {
    sink.diagnostic(diagnosticAt(doc, deep.slice(0, 8), 'error', 'too-deep', `This document nests more than ${limits.maxDepth} levels deep (at ${formatPath(deep.slice(0, 8))}…): not loaded. No Kubernetes object nests this deep.`));
    return false;
  }
  for (const t of text === null || jsonMayHoldTemplate(text) ? templatedStrings(value) : []) {
    sink.diagnostic(diagnosticAt(doc, t.path, 'warning', 'template-value', `This value is an unrendered Go template (${JSON.stringify(t.text.length > 60 ? `${t.text.slice(0, 57)}...` : t.text)}): loaded as literal text, which is not what the cluster would see. Render the template first.`));
  }
  return true;
}

/**
 * Several JSON values one after another, each complete: read as documents 0, 1, …; false (nothing
 * sent) when the text is not such a stream, so the caller reports the syntax error.
 */
function readJsonStream(file: string, text: string, start: number, lines: LineIndex, limits: LoadLimits, sink: TextSink): boolean {
  const docs: { value: unknown; at: number }[] = [];
  let pos = start;
  while (pos < text.length) {
    const err = jsonSyntaxError(text, pos, text.length);
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
    if (checkJsonValue(doc, d.value, limits, sink)) sink.document(doc);
  });
  return true;
}

/** Where JSON.parse stopped, when it stopped at the `}` or `]` right after a trailing comma. */
function trailingComma(text: string, start: number): { close: number } | null {
  const err = jsonSyntaxError(text, start, text.length);
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
  const err = jsonSyntaxError(text, start, end) ?? { offset: start, message: 'not valid JSON', truncated: false };
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
  constructor(
    private readonly file: string,
    private readonly limits: LoadLimits,
    private readonly sink: TextSink,
  ) {}

  /** The line is text[start, end) (without its newline); `lineNo` is 1-based. */
  line(text: string, start: number, end: number, lineNo: number): void {
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
    this.sink.jsonLine(value, lineNo, () => new JsonSourceDocument(this.file, index, '', value, lineText, 0, new LineIndex(lineText), lineNo - 1));
  }

  /** A line longer than the limit, seen only as its length (streaming readers never hold it). */
  oversizedLine(length: number, lineNo: number): void {
    this.count++;
    this.sink.diagnostic(lineDiagnostic(this.file, lineNo - 1, lineNo, 1, 'error', 'document-too-large', `Line ${lineNo} is over ${formatSize(length)} long, over the ${formatSize(this.limits.maxDocumentChars)} limit for one JSON line: skipped. A Hubble flow line is a few KB.`));
  }

  end(): void {
    this.sink.documents(this.count);
  }
}

/** Checks a document parsed from a JSON line before it is used (depth, templates). */
export function acceptJsonLineDocument(doc: SourceDocument, limits: LoadLimits, sink: TextSink): boolean {
  return checkJsonValue(doc, doc.value, limits, sink);
}
