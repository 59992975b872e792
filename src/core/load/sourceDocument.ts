import type { LineCounter, Node as YamlNode } from 'yaml';
import { formatPath, type PathSegment } from './parseTypes.ts';
import type { RawDocument } from './types.ts';
import { arrayItemOffsets, jsonPathOffset } from './jsonScan.ts';
import type { LineIndex } from './lineIndex.ts';
import { carefulYaml } from './carefulYaml.ts';
import type { TextFacts } from './types.ts';

/**
 * RawDocument implementations that know how to find a line for a field path: one over the YAML
 * AST (exact, from the `yaml` package's node ranges) and one over JSON text (computed lazily by
 * re-scanning the text, since `JSON.parse` keeps no positions). Both can hand out child
 * documents for List items and top-level array elements.
 * @internal
 */
export interface SourceDocument extends RawDocument {
  /** Documents for the elements of the array at `path` (values given by the caller). */
  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[];
  /** Same document, other value (e.g. with a mis-cased `apiversion` key repaired). */
  withValue(value: unknown): SourceDocument;
}

/** Path prefix of element `i` of the array at `path` in a document with prefix `prefix`. */
export function childPrefix(prefix: string, path: readonly PathSegment[], i: number): string {
  const rel = formatPath([...path, i]);
  if (prefix === '') return rel;
  return rel.startsWith('[') ? `${prefix}${rel}` : `${prefix}.${rel}`;
}

type AnyNode = YamlNode | null | undefined;

/** The node at `path`, and the offset to report for it (a map member's key). */
function yamlLocate(root: AnyNode, path: readonly PathSegment[]): { node: AnyNode; offset: number; exact: boolean } {
  // A YamlSourceDocument exists only once the `yaml` package is loaded (it built the AST).
  const { isAlias, isMap, isScalar, isSeq } = carefulYaml();
  let node: AnyNode = root;
  let offset = root?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return { node, offset, exact: false };
      const key = pair.key as YamlNode;
      offset = key.range?.[0] ?? offset;
      node = pair.value as AnyNode;
      if (!node) return { node: null, offset, exact: true };
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as AnyNode;
      if (!item) return { node, offset, exact: false };
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return { node, offset, exact: false };
    }
    if (isAlias(node)) return { node, offset, exact: false };
  }
  return { node, offset, exact: true };
}

export class YamlSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    readonly pathPrefix: string,
    readonly value: unknown,
    private readonly root: AnyNode,
    private readonly lines: LineCounter,
    /** Lines before the YAML chunk this AST was parsed from. */
    private readonly lineOffset: number,
  ) {}

  position(path: readonly PathSegment[]): { line: number; column: number } {
    const { offset } = yamlLocate(this.root, path);
    const p = this.lines.linePos(offset);
    return { line: p.line + this.lineOffset, column: p.col };
  }

  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    const { node, exact } = yamlLocate(this.root, path);
    const items = exact && carefulYaml().isSeq(node) ? node.items : [];
    return values.map(
      (v, i) => new YamlSourceDocument(this.file, this.index, childPrefix(this.pathPrefix, path, i), v, (items[i] as AnyNode) ?? null, this.lines, this.lineOffset),
    );
  }

  withValue(value: unknown): SourceDocument {
    return new YamlSourceDocument(this.file, this.index, this.pathPrefix, value, this.root, this.lines, this.lineOffset);
  }
}

export class JsonSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    readonly pathPrefix: string,
    readonly value: unknown,
    private readonly text: string,
    /** Offset of this document's value in `text`. */
    private readonly base: number,
    private readonly lines: LineIndex,
    /** Lines before `text` (for one JSON line: its line number - 1). */
    private readonly lineOffset: number,
    /** The element offsets of the `items` array of this value, found already (textFacts.ts `listItems`), or null. */
    private readonly listItems: TextFacts['listItems'] = null,
  ) {}

  position(path: readonly PathSegment[]): { line: number; column: number } {
    const p = this.lines.position(jsonPathOffset(this.text, this.base, path));
    return { line: p.line + this.lineOffset, column: p.column };
  }

  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    const arrayStart = jsonPathOffset(this.text, this.base, path, true);
    const known = this.listItems;
    // Found by the same scan of the same text (textFactsOf): the same offsets.
    const offsets = known !== null && path.length === 1 && path[0] === 'items' && known.at === arrayStart && known.offsets.length === values.length ? known.offsets : arrayItemOffsets(this.text, arrayStart);
    return values.map(
      (v, i) => new JsonSourceDocument(this.file, this.index, childPrefix(this.pathPrefix, path, i), v, this.text, offsets[i] ?? arrayStart, this.lines, this.lineOffset),
    );
  }

  withValue(value: unknown): SourceDocument {
    return new JsonSourceDocument(this.file, this.index, this.pathPrefix, value, this.text, this.base, this.lines, this.lineOffset, this.listItems);
  }
}
