/**
 * The careful YAML parser's document reader (the reference path of yamlDocuments.ts: exact
 * positions, syntax, duplicate-key, control-character, alias and template diagnostics). It runs
 * only on documents the fast path declines, after the `yaml` package is loaded, so in the browser
 * it is fetched with that package (carefulReader.ts).
 * @internal
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { YamlSourceDocument } from './sourceDocument.ts';
import { checkDocumentValue } from './shape.ts';
import { isInComment, templateOffsets, templateSnippet, TEMPLATE_ADVICE } from './templates.ts';
import { YAML_OPTIONS } from './fastSourceDocument.ts';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { LoadLimits } from './limits.ts';
import type { SourceDocument } from './sourceDocument.ts';

/** A document's text as yamlDocuments.ts cuts it (its YamlChunk). */
interface Chunk {
  readonly text: string;
  readonly startLine: number;
  readonly firstContentLine: number;
}

/**
 * Characters YAML does not allow (c-printable: none of C0 but tab, LF and CR, nor DEL; NUL is
 * refused earlier, decode.ts). js-yaml refuses them, so such a document reaches the careful
 * parser, which would read them as they are.
 */
const NON_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** The `yaml` package (carefulYaml.ts): every document, with exact positions and every diagnostic (yamlDocuments.ts's careful YamlParser). */
export const carefulParser: { parse(file: string, index: number, chunk: Chunk, limits: LoadLimits, out: Diagnostic[]): SourceDocument | null | 'declined' } = {
  parse(file, index, chunk, limits, out) {
    const at = (line: number, column: number, severity: Diagnostic['severity'], code: string, message: string): void => {
      out.push(lineDiagnostic(file, index, line, column, severity, code, message));
    };
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
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('{{') && node.range) out.push([node.range[0], node.range[1]]);
    },
  });
  return out;
}
