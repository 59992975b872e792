import type { PathSegment } from './parseTypes.ts';
import { LineIndex } from './lineIndex.ts';
import { childPrefix, YamlSourceDocument, type SourceDocument } from './sourceDocument.ts';
import { carefulYaml } from './carefulYaml.ts';
import { blockPathOffset } from './blockPositions.ts';

/**
 * SourceDocuments for YAML read by the fast path (fastYaml.ts), which keeps no AST. The line of
 * an object (what every Workload, Pod and Policy records as its source) comes from offsets
 * recorded while parsing; any other position is exact, computed only when a diagnostic asks for
 * one: found in the text when the way there is plain block YAML (blockPositions.ts), else from
 * the `yaml` package (carefulYaml.ts: in the browser a chunk fetched only then), by re-parsing
 * just that List item when the document is an item, else the whole document once.
 * @internal
 */

/** The `yaml` options of the reference path (yamlDocuments.ts): same AST, same positions. */
/**
 * `uniqueKeys: false`: the package's own check compares each key with every earlier key of its map
 * (quadratic: minutes for a 20,000-key map); the careful parser finds repeated keys itself, in one
 * pass (yamlDocuments.ts `repeatedKeyOffsets`).
 */
export const YAML_OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: false, strict: true } as const;

/** One YAML document (a chunk of the file) read by the fast path, shared by its SourceDocuments. */
export class FastYamlChunk {
  private lines: LineIndex | null = null;
  private exactRoot: SourceDocument | null = null;
  private root = -1;

  constructor(
    readonly file: string,
    readonly index: number,
    readonly text: string,
    /** Lines before the chunk in the file. */
    readonly lineOffset: number,
    /** The document's value as parsed. */
    readonly value: unknown,
    readonly elementRanges: ReadonlyMap<unknown[], readonly (readonly [number, number])[]>,
  ) {}

  /** File line/column (1-based) of an offset in the chunk. */
  position(offset: number): { line: number; column: number } {
    this.lines ??= new LineIndex(this.text);
    const p = this.lines.position(offset);
    return { line: p.line + this.lineOffset, column: p.column };
  }

  /** The whole chunk parsed by `yaml` (once), as the reference path would have built it. */
  exact(): SourceDocument {
    if (!this.exactRoot) {
      const { LineCounter, parseDocument } = carefulYaml();
      const lc = new LineCounter();
      const doc = parseDocument(this.text, { ...YAML_OPTIONS, lineCounter: lc });
      this.exactRoot = new YamlSourceDocument(this.file, this.index, '', this.value, doc.contents, lc, this.lineOffset);
    }
    return this.exactRoot;
  }

  /** Offset of the document's root node: where `yaml` starts it (after `---`, comments, blank lines). */
  rootOffset(): number {
    if (this.root < 0) this.root = firstContentOffset(this.text);
    return this.root;
  }
}

function firstContentOffset(t: string): number {
  let pos = 0;
  while (pos < t.length) {
    const nl = t.indexOf('\n', pos);
    const end = nl < 0 ? t.length : nl;
    let i = pos;
    if (t.startsWith('---', i) && (i + 3 === end || t[i + 3] === ' ' || t[i + 3] === '\t')) i += 3;
    while (i < end && (t[i] === ' ' || t[i] === '\t')) i++;
    // Blank, comment and directive lines hold no content (the fast path refuses directives anyway).
    if (i < end && t[i] !== '#' && !(i === pos && t[i] === '%')) return i;
    pos = end + 1;
  }
  return 0;
}

export class FastYamlDocument implements SourceDocument {
  private exactDoc: SourceDocument | null = null;

  constructor(
    private readonly chunk: FastYamlChunk,
    readonly pathPrefix: string,
    readonly value: unknown,
    /** Path from the chunk's root to this node, and its [start, end) offsets; [] and null for the root. */
    private readonly rootPath: readonly PathSegment[],
    private readonly range: readonly [number, number] | null,
    /** The value as parsed (before `withValue`), to check a re-parse against. */
    private readonly parsed: unknown = value,
  ) {}

  get file(): string {
    return this.chunk.file;
  }

  get index(): number {
    return this.chunk.index;
  }

  position(path: readonly PathSegment[]): { line: number; column: number } {
    const start = this.range ? this.range[0] : this.chunk.rootOffset();
    if (path.length === 0) return this.chunk.position(start);
    // Plain block YAML: found in the text; anything else from the `yaml` AST.
    const offset = blockPathOffset(this.chunk.text, start, path, this.range ? this.range[1] : this.chunk.text.length);
    return offset === null ? this.exact().position(path) : this.chunk.position(offset);
  }

  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    const array = valueAt(this.parsed, path);
    const ranges = Array.isArray(array) ? this.chunk.elementRanges.get(array) : undefined;
    if (!ranges || ranges.length !== values.length) return this.exact().children(path, values);
    return values.map((v, i) => new FastYamlDocument(this.chunk, childPrefix(this.pathPrefix, path, i), v, [...this.rootPath, ...path, i], ranges[i] as readonly [number, number]));
  }

  withValue(value: unknown): SourceDocument {
    const doc = new FastYamlDocument(this.chunk, this.pathPrefix, value, this.rootPath, this.range, this.parsed);
    doc.exactDoc = this.exactDoc?.withValue(value) ?? null;
    return doc;
  }

  /** This node as the `yaml` package sees it (exact positions, exact children). */
  private exact(): SourceDocument {
    if (!this.exactDoc) this.exactDoc = (this.range && this.reparseElement(this.range)) || this.fromChunk();
    return this.exactDoc;
  }

  private fromChunk(): SourceDocument {
    const root = this.chunk.exact();
    if (this.rootPath.length === 0) return root.withValue(this.value);
    // Walk the chunk's AST down to this node (children of children, as the loader made them).
    let doc: SourceDocument = root;
    let i = 0;
    while (i < this.rootPath.length) {
      // The remaining path ends in an element index; split at the first number after i.
      let j = i;
      while (j < this.rootPath.length && typeof this.rootPath[j] !== 'number') j++;
      if (j >= this.rootPath.length) break;
      const arrayPath = this.rootPath.slice(i, j);
      const k = this.rootPath[j] as number;
      const arr = valueAt(doc.value, arrayPath);
      const vals = Array.isArray(arr) ? arr : [];
      const child = doc.children(arrayPath, vals)[k];
      if (!child) break;
      doc = child;
      i = j + 1;
    }
    return new PrefixedDocument(doc.withValue(this.value), this.pathPrefix);
  }

  /** Re-parses only this element's text (a List item): a few KB instead of the whole List. */
  private reparseElement([start, end]: readonly [number, number]): SourceDocument | null {
    const text = this.chunk.text;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    // Spaces in place of the `- ` before the element: same columns, the element becomes the root.
    const slice = ' '.repeat(start - lineStart) + text.slice(start, end);
    const { LineCounter, parseDocument } = carefulYaml();
    const lc = new LineCounter();
    const doc = parseDocument(slice, { ...YAML_OPTIONS, lineCounter: lc });
    if (doc.errors.length > 0 || doc.warnings.length > 0) return null;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 0 });
    } catch {
      return null;
    }
    if (!sameValue(value, this.parsed)) return null;
    const lineBefore = this.chunk.position(lineStart).line - 1;
    return new YamlSourceDocument(this.chunk.file, this.chunk.index, this.pathPrefix, this.value, doc.contents, lc, lineBefore);
  }
}

/** A document with another path prefix (the chunk's AST knows the positions; the loader named the path). */
class PrefixedDocument implements SourceDocument {
  constructor(
    private readonly doc: SourceDocument,
    readonly pathPrefix: string,
  ) {}
  get file(): string {
    return this.doc.file;
  }
  get index(): number {
    return this.doc.index;
  }
  get value(): unknown {
    return this.doc.value;
  }
  position(path: readonly PathSegment[]): { line: number; column: number } {
    return this.doc.position(path);
  }
  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    return this.doc.children(path, values);
  }
  withValue(value: unknown): SourceDocument {
    return new PrefixedDocument(this.doc.withValue(value), this.pathPrefix);
  }
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/** Structural equality of two parsed YAML values (NaN equals NaN), without recursion. */
function sameValue(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [unknown, unknown];
    if (Object.is(x, y)) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (let i = 0; i < kx.length; i++) {
      const k = kx[i] as string;
      if (k !== ky[i]) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}
