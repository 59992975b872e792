import type { Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import { formatSize } from './limits.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { YamlSourceDocument, type SourceDocument } from './sourceDocument.ts';
import { checkDocumentValue } from './shape.ts';
import { isInComment, templateOffsets, templateSnippet, TEMPLATE_ADVICE } from './templates.ts';
import { FAST_MAX_DEPTH, fastYaml } from './fastYaml.ts';
import { FastYamlChunk, FastYamlDocument, YAML_OPTIONS } from './fastSourceDocument.ts';
import { carefulYaml } from './carefulYaml.ts';

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
interface YamlParser {
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
    if (doc === 'declined') doc = carefulParser.parse(file, index, chunk, limits, diagnostics);
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

/**
 * Characters YAML does not allow (c-printable: none of C0 but tab, LF and CR, nor DEL; NUL is
 * refused earlier, decode.ts). js-yaml refuses them, so such a document reaches the careful
 * parser, which would read them as they are.
 */
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

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

/** The `yaml` package (carefulYaml.ts): every document, with exact positions and every diagnostic. */
const carefulParser: YamlParser = {
  parse(file, index, chunk, limits, out) {
    const at = (line: number, column: number, severity: Diagnostic['severity'], code: string, message: string): void => {
      out.push(lineDiagnostic(file, index, line, column, severity, code, message));
    };
    // Throws before the parser is loaded (browser): the pipeline loads it and reads again (carefulYaml.ts).
    const { LineCounter, parseDocument } = carefulYaml();
    const lc = new LineCounter();
    let doc: Document.Parsed;
    try {
      doc = parseDocument(chunk.text, { ...YAML_OPTIONS, lineCounter: lc });
    } catch (e) {
      at(chunk.firstContentLine, 1, 'error', 'yaml-syntax', `The YAML parser gave up on this document (${e instanceof Error ? e.message : String(e)}): not loaded.`);
      return null;
    }
    const pos = (offset: number): { line: number; column: number } => {
      const p = lc.linePos(offset);
      return { line: p.line + chunk.startLine, column: p.col };
    };
    // Templates first: their YAML errors are a consequence, and the advice is what helps.
    const templates = templateOffsets(chunk.text).filter((o) => !isInComment(chunk.text, o));
    const ranges = templates.length > 0 ? templatedScalarRanges(doc) : [];
    const structural = templates.filter((o) => !ranges.some(([a, b]) => o >= a && o < b));
    const fatal = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    if (structural.length > 0 || (templates.length > 0 && fatal.length > 0)) {
      const first = structural[0] ?? templates[0] ?? 0;
      const p = pos(first);
      at(p.line, p.column, 'error', 'go-template', `Unrendered Go template \`${templateSnippet(chunk.text, first)}\` on line ${p.line}: this document was not loaded. ${TEMPLATE_ADVICE}`);
      return null;
    }
    if (fatal.length > 0) {
      const e = fatal[0] as (typeof fatal)[number];
      const end = chunk.text.trimEnd().length;
      // An error at the very end means the text stopped early: point at the last line with text.
      const p = pos(Math.min(e.pos[0], Math.max(0, end - 1)));
      if (e.code === 'RESOURCE_EXHAUSTION') {
        at(p.line, p.column, 'error', 'too-deep', `This document nests too deeply for the YAML parser (${e.message}): not loaded. No Kubernetes object nests this deep; the file is probably generated or hostile.`);
      } else {
        const truncated = e.pos[0] >= end - 1;
        const more = fatal.length > 1 ? ` (${fatal.length - 1} more YAML errors follow from it)` : '';
        at(p.line, p.column, 'error', truncated ? 'truncated' : 'yaml-syntax', `${truncated ? 'The document ends in the middle of a value (truncated file?)' : 'YAML syntax error'}: ${e.message}${more}. kubectl would refuse the file; this document was not loaded.`);
      }
      return null;
    }
    const control = NON_PRINTABLE.exec(chunk.text);
    if (control !== null) {
      const p = pos(control.index);
      const hex = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      at(p.line, p.column, 'error', 'control-character', `A control character (U+${hex}) on line ${p.line}, column ${p.column}: YAML allows none (kubectl refuses the file) and kubectl never prints one (it writes "\\x${hex.slice(2)}"), so the file was damaged or edited by hand (a file in a tar archive has no checksum to tell). This document was not loaded; the others are.`);
      return null;
    }
    for (const offset of repeatedKeyOffsets(doc)) {
      const p = pos(offset);
      at(p.line, p.column, 'warning', 'duplicate-key', 'Duplicate key: Map keys must be unique. kubectl (strict decoding) refuses the object; older clients silently keep the last value. netpol-viz keeps the last value.');
    }
    for (const w of doc.warnings) {
      const p = pos(w.pos[0]);
      at(p.line, p.column, 'warning', 'yaml-warning', `${w.message} (the value is read as plain data).`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      const isAliasBomb = e instanceof Error && /alias/i.test(e.message);
      at(chunk.firstContentLine, 1, 'error', isAliasBomb ? 'yaml-alias-bomb' : 'yaml-syntax', isAliasBomb
        ? `YAML aliases in this document expand beyond ${limits.maxAliasCount} nodes (a "billion laughs" alias bomb): refused, not loaded. kubectl refuses such documents too.`
        : `This document could not be converted to data (${e instanceof Error ? e.message : String(e)}): not loaded.`);
      return null;
    }
    if (value === null || value === undefined) return null;
    const src = new YamlSourceDocument(file, index, '', value, doc.contents, lc, chunk.startLine);
    return checkDocumentValue(src, limits, (d) => out.push(d), { depthWalk: true, templateWalk: true }) ? src : null;
  },
};

/**
 * Offsets of the keys that repeat an earlier key of the same map (what the `yaml` package's
 * `uniqueKeys` reports: equal scalar values), in document order. One set per map: linear in the
 * document, where the package's check is quadratic in a map's size.
 */
function repeatedKeyOffsets(doc: Document.Parsed): number[] {
  const { isMap, isPair, isScalar, isSeq } = carefulYaml();
  const out: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const { key } of node.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) out.push(key.range?.[0] ?? 0);
        else seen.add(key.value);
      }
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Source ranges of string scalars (keys or values) that contain `{{`. */
function templatedScalarRanges(doc: Document.Parsed): [number, number][] {
  const out: [number, number][] = [];
  if (!doc.contents) return out;
  carefulYaml().visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('{{') && node.range) out.push([node.range[0], node.range[1]]);
    },
  });
  return out;
}
