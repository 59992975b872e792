import type { Diagnostic } from '../model/diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import { formatSize } from './limits.ts';
import { lineDiagnostic } from './diagnostics.ts';
import type { SourceDocument } from './sourceDocument.ts';
import { checkDocumentValue } from './shape.ts';
import { FAST_MAX_DEPTH, fastYaml } from './fastYaml.ts';
import { FastYamlChunk, FastYamlDocument } from './fastSourceDocument.ts';
import { carefulParser } from './carefulReader.ts';

/**
 * YAML multi-document input → SourceDocuments. Documents are split on `---` lines before any
 * parsing, so that size limits apply per document and one broken document never hides the next.
 * @internal
 */
export interface YamlChunk {
  readonly text: string;
  /** 0-based line of the chunk's first line in the file. */
  readonly startLine: number;
  /** 1-based line of the first line with content (for diagnostics about the whole document). */
  readonly firstContentLine: number;
  readonly longestLine: { readonly line: number; readonly length: number };
}

const MARKER = /^(---|\.\.\.)(?=\s|$)/;

function isContentLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || line.startsWith('%')) return false;
  const m = MARKER.exec(line);
  if (m) {
    const rest = line.slice(3).trim();
    return rest !== '' && !rest.startsWith('#');
  }
  return true;
}

/** Splits a YAML stream into documents that have content (comments-only parts are dropped). */
export function splitYamlDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let start = 0;
  let startLine = 0;
  let firstContent = -1;
  let longest = { line: 0, length: 0 };
  let pos = 0;
  let lineNo = 0;
  const flush = (end: number): void => {
    if (firstContent >= 0) chunks.push({ text: text.slice(start, end), startLine, firstContentLine: firstContent + 1, longestLine: longest });
  };
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const len = end - pos;
    // Only look at the start of the line: a 100 MB line is never copied here.
    const head = text.slice(pos, pos + Math.min(len, 64));
    const isMarker = MARKER.test(head);
    // A `---` starts a new document; a part before it with no content (helm template's
    // `# Source:` comments, empty documents) is dropped rather than glued to the next one.
    if (isMarker && head.startsWith('---')) {
      flush(pos);
      start = pos;
      startLine = lineNo;
      firstContent = -1;
      longest = { line: 0, length: 0 };
    }
    if (len > longest.length) longest = { line: lineNo + 1, length: len };
    if (firstContent < 0 && isContentLine(len > 64 ? `${head}x` : head)) firstContent = lineNo;
    if (isMarker && head.startsWith('...')) {
      flush(nl < 0 ? text.length : nl + 1);
      start = nl < 0 ? text.length : nl + 1;
      startLine = lineNo + 1;
      firstContent = -1;
      longest = { line: 0, length: 0 };
    }
    if (nl < 0) break;
    pos = nl + 1;
    lineNo++;
  }
  flush(text.length);
  return chunks;
}

export interface YamlReadResult {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
  /** Number of documents with content, loaded or not. */
  readonly count: number;
}

/**
 * The parse step of the pipeline for one YAML document (pipeline.ts), with two implementations.
 * `careful` (the `yaml` package) always answers and is the reference: exact positions, syntax,
 * duplicate-key, alias and template diagnostics. `fast` (js-yaml, fastYaml.ts) either answers
 * with exactly what `careful` would, or declines (null) before reporting anything: neither calls
 * the other. Its documents find positions lazily from the `yaml` AST (fastSourceDocument.ts).
 */
export interface YamlParser {
  parse(file: string, index: number, chunk: YamlChunk, limits: LoadLimits, out: Diagnostic[]): SourceDocument | null | 'declined';
}

let fastPath = true;

/**
 * Turns the js-yaml fast path (fastYaml.ts) on or off; returns the previous setting. Only for
 * tests and benchmarks that compare it with the `yaml` path, which is the reference.
 * @internal
 */
export function setYamlFastPath(on: boolean): boolean {
  const was = fastPath;
  fastPath = on;
  return was;
}

/** Reads every document of a YAML file (numbered from 0 in file order). */
export function readYaml(file: string, text: string, limits: LoadLimits): YamlReadResult {
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const chunks = splitYamlDocuments(text);
  chunks.forEach((chunk, index) => {
    if (!withinLimits(file, index, chunk, limits, diagnostics)) return;
    // The parser is chosen once per document: the fast one when it can, else the careful one.
    let doc = fastPath ? fastParser.parse(file, index, chunk, limits, diagnostics) : 'declined';
    // The careful parser (carefulParser.ts) is a chunk with the `yaml` package: before it is loaded, a miss (carefulReader.ts).
    if (doc === 'declined') doc = carefulParser().parse(file, index, chunk, limits, diagnostics);
    if (doc !== 'declined' && doc !== null) documents.push(doc);
  });
  return { documents, diagnostics, count: chunks.length };
}

/** Size limits, checked on the text before either parser sees it. */
function withinLimits(file: string, index: number, chunk: YamlChunk, limits: LoadLimits, out: Diagnostic[]): boolean {
  if (chunk.text.length > limits.maxDocumentChars) {
    out.push(lineDiagnostic(file, index, chunk.firstContentLine, 1, 'error', 'document-too-large', `This document is ${formatSize(chunk.text.length)}, over the ${formatSize(limits.maxDocumentChars)} limit per document: not loaded. Split the export (for example per namespace).`));
    return false;
  }
  if (chunk.longestLine.length > limits.maxYamlLineChars) {
    out.push(lineDiagnostic(file, index, chunk.longestLine.line, 1, 'error', 'line-too-long', `Line ${chunk.longestLine.line} is ${formatSize(chunk.longestLine.length)} long, over the ${formatSize(limits.maxYamlLineChars)} limit for one YAML line: this document was not loaded (no Kubernetes object has such a field).`));
    return false;
  }
  return true;
}

/** js-yaml (fastYaml.ts): plain documents as kubectl prints them, about ten times faster. */
const fastParser: YamlParser = {
  parse(file, index, chunk, limits, out) {
    // Templates need the AST (is `{{` inside a scalar or structure?): only the careful parser has one.
    if (chunk.text.includes('{{')) return 'declined';
    const fast = fastYaml(chunk.text);
    if (!fast) return 'declined';
    if (fast.value === null || fast.value === undefined) return null;
    const src = new FastYamlDocument(new FastYamlChunk(file, index, chunk.text, chunk.startLine, fast.value, fast.elementRanges), '', fast.value, [], null);
    // Both walks cost a tenth of the parse on a big List: skipped where they cannot find anything.
    // js-yaml refuses nesting over FAST_MAX_DEPTH nodes, so only a lower limit needs the walk; YAML
    // makes a new `{{` only from escapes in double-quoted scalars (`"\x7b\x7b"`, `"{\` line break `{"`).
    const ok = checkDocumentValue(src, limits, (d) => out.push(d), { depthWalk: limits.maxDepth < FAST_MAX_DEPTH, templateWalk: chunk.text.includes('\\') });
    return ok ? src : null;
  },
};
