import type { Diagnostic } from '../model/diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import type { PathSegment } from './parseTypes.ts';
import type { SourceDocument } from './sourceDocument.ts';
import { readYaml } from './yamlDocuments.ts';
import { isObject } from '../k8s/fields.ts';

/**
 * YAML after JSON lines in one text (`cat flows.json policies.yaml`, a Hubble export with the
 * inventory appended): JsonLinesReader (jsonDocuments.ts) reads the JSON lines as they stream by,
 * and the lines from the first one that starts like YAML (`---`, `key:` at column 0, a `#`
 * comment) to the end are read here, as YAML. Their documents and diagnostics keep the file's
 * lines, and are numbered after the lines before them (a JSON line is a document: line n is
 * document n - 1), so no two documents of the file share a number.
 * @internal
 */

/** A document of the YAML part, with the file's line and document number. */
class ShiftedDocument implements SourceDocument {
  readonly file: string;
  readonly index: number;
  readonly pathPrefix: string;
  readonly value: unknown;

  constructor(
    private readonly inner: SourceDocument,
    private readonly lines: number,
    private readonly documents: number,
  ) {
    this.file = inner.file;
    this.index = inner.index + documents;
    this.pathPrefix = inner.pathPrefix;
    this.value = inner.value;
  }

  position(path: readonly PathSegment[]): { line: number; column: number } {
    const p = this.inner.position(path);
    return { line: p.line + this.lines, column: p.column };
  }

  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    return this.inner.children(path, values).map((c) => new ShiftedDocument(c, this.lines, this.documents));
  }

  withValue(value: unknown): SourceDocument {
    return new ShiftedDocument(this.inner.withValue(value), this.lines, this.documents);
  }
}

/** A diagnostic of the YAML part at the file's line (its message's `line N` too) and document number. */
function shiftDiagnostic(d: Diagnostic, lines: number, documents: number): Diagnostic {
  return {
    ...d,
    document: d.document < 0 ? d.document : d.document + documents,
    line: d.line > 0 ? d.line + lines : d.line,
    message: d.message.replace(/\b([Ll]ine )(\d+)/g, (_, w: string, n: string) => `${w}${Number(n) + lines}`),
  };
}

export interface YamlTail {
  readonly count: number;
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `lines` (without their line ends), the first being line `firstLine` of the file, read as YAML;
 * null when YAML cannot read them and a later line starts with `{` (JSON lines again after a
 * stray line), or when they hold no Kubernetes object (a stray line: `Error: …`): the caller reads
 * them as JSON lines, each broken line said at its own line.
 */
export function readYamlTail(file: string, lines: readonly string[], firstLine: number, limits: LoadLimits): YamlTail | null {
  const y = readYaml(file, lines.join('\n'), limits);
  if (y.diagnostics.some((d) => d.severity === 'error') && lines.some((l, i) => i > 0 && l.startsWith('{'))) return null;
  // YAML appended to flows is Kubernetes objects: with none, the lines only started like YAML
  // (`Error: …` from hubble at the end of an export) and are JSON lines that are broken.
  if (!y.documents.some((d) => isObject(d.value) && ('kind' in d.value || 'apiVersion' in d.value))) return null;
  const shift = firstLine - 1;
  return {
    count: y.count,
    documents: y.documents.map((d) => new ShiftedDocument(d, shift, shift)),
    diagnostics: y.diagnostics.map((d) => shiftDiagnostic(d, shift, shift)),
  };
}
