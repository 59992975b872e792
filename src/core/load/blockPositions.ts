import type { PathSegment } from './parseTypes.ts';
import { coreScalar } from './fastYaml.ts';

/**
 * Positions inside a document the fast path read (fastYaml.ts: plain block YAML as kubectl
 * prints it), found in the text without a YAML AST: the offset the `yaml` package would report
 * for `path` (sourceDocument.ts `yamlLocate`: a map member's key, a sequence item's first
 * character, the nearest existing ancestor when the path goes further than the document), so a
 * diagnostic of a plain document never needs the careful parser (carefulYaml.ts).
 *
 * Only block mappings with plain keys and block sequences are walked; anything else on the way
 * (a flow collection, a quoted or unusual key, an item that starts on the next line) answers
 * null and the caller asks the `yaml` package. Checked against it on every node of the corpora,
 * generated clusters and mutated documents (yamlFastPath.test.ts).
 * @internal
 */

/** Keys read here: what Kubernetes and label keys look like, and never a number, bool or null for `yaml`. */
const PLAIN_KEY = /^[A-Za-z_][\w./-]*$/;

/** Largest document (or List item) scanned here. */
const MAX_SCAN_CHARS = 1024 * 1024;

const SPACE = 0x20;
const NL = 0x0a;
const TAB = 0x09;

/** Offset of the first character of the line holding `o`. */
function lineStart(text: string, o: number): number {
  return text.lastIndexOf('\n', o - 1) + 1;
}

/** First non-space offset at or after `o` on its line (the line's end if none). */
function skipSpaces(text: string, o: number): number {
  while (text.charCodeAt(o) === SPACE) o++;
  return o;
}

/** Whether offset `o` (after spaces) ends its line: end of line, end of text or a comment. */
function lineEmptyAt(text: string, o: number, end: number): boolean {
  return o >= end || text.charCodeAt(o) === NL || text.charCodeAt(o) === 0x23;
}

/** Whether a sequence entry starts at `o` (`-` then a space or end of line). */
function isDash(text: string, o: number, end: number): boolean {
  if (text.charCodeAt(o) !== 0x2d) return false;
  const c = text.charCodeAt(o + 1);
  return o + 1 >= end || c === SPACE || c === NL;
}

/**
 * Whether `o` starts `-` then a tab: `yaml` takes it for a sequence entry (a tab separates, as
 * after a key's colon), which is not read here (the caller answers null and asks `yaml`).
 */
function isDashTab(text: string, o: number): boolean {
  return text.charCodeAt(o) === 0x2d && text.charCodeAt(o + 1) === TAB;
}

/**
 * The content lines after the line holding `o`, up to `end`: offset of each line's first
 * non-space character and its indentation. Blank and comment-only lines are skipped.
 */
function* linesAfter(text: string, o: number, end: number): Generator<{ content: number; indent: number }> {
  let nl = text.indexOf('\n', o);
  while (nl >= 0 && nl + 1 < end) {
    const start = nl + 1;
    const content = skipSpaces(text, start);
    if (!lineEmptyAt(text, content, end)) yield { content, indent: content - start };
    nl = text.indexOf('\n', start);
  }
}

/**
 * The plain key starting at `o` (`key:` then a space or end of line), null when there is none, or
 * 'tab' when the line holds a tab before its end: a tab separates a key from its value in YAML
 * (`key:\tvalue`) and may sit anywhere in a scalar, so such a line is left to `yaml`.
 */
function keyAt(text: string, o: number, end: number): { key: string; after: number } | null | 'tab' {
  let i = o;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === NL) return null;
    if (c === TAB) return 'tab';
    if (c === 0x3a) {
      const n = text.charCodeAt(i + 1);
      if (i + 1 >= end || n === SPACE || n === NL) break;
    }
    i++;
  }
  if (i >= end) return null;
  return { key: text.slice(o, i), after: i + 1 };
}

type Node = { readonly kind: 'map' | 'seq'; readonly at: number } | { readonly kind: 'leaf' } | null;

/** What starts at `o`: a block mapping with plain keys, a block sequence, a leaf (scalar), or null (not read here). */
function nodeAt(text: string, o: number, end: number): Node {
  if (o >= end) return null;
  const c = text[o] as string;
  if (isDash(text, o, end)) return { kind: 'seq', at: o };
  if (isDashTab(text, o)) return null;
  // Flow collections, properties, reserved indicators; quotes (a quoted key is not read here).
  if ('{[&*!%@`?"\''.includes(c)) return null;
  if (c === '|' || c === '>') return { kind: 'leaf' };
  const k = keyAt(text, o, end);
  if (k === 'tab') return null;
  if (k === null) return { kind: 'leaf' };
  return PLAIN_KEY.test(k.key) && coreScalar(k.key) === undefined ? { kind: 'map', at: o } : null;
}

/** Where the value of the key whose `:` ends at `after` starts, 'none' for an empty value, or null (not read here). */
function valueStart(text: string, after: number, keyColumn: number, end: number): number | 'none' | null {
  const inline = skipSpaces(text, after);
  if (!lineEmptyAt(text, inline, end)) return inline;
  for (const line of linesAfter(text, after, end)) {
    if (line.indent > keyColumn) return line.content;
    // A sequence may sit at its key's own indentation (`key:` then `- a`).
    if (line.indent === keyColumn && isDash(text, line.content, end)) return line.content;
    if (line.indent === keyColumn && isDashTab(text, line.content)) return null;
    return 'none';
  }
  return 'none';
}

/**
 * The offset `yaml` reports for `path` in the block node starting at `start` (a document's root
 * or a List item), or null when the way there is not plain block YAML.
 */
export function blockPathOffset(text: string, start: number, path: readonly PathSegment[], end = text.length): number | null {
  // Each call scans lines: a huge document is left to `yaml`, which parses it once for all its positions.
  if (end - start > MAX_SCAN_CHARS) return null;
  let offset = start;
  let at = start;
  for (const seg of path) {
    const node = nodeAt(text, at, end);
    if (node === null) return null;
    if (node.kind === 'leaf') return offset;
    const column = at - lineStart(text, at);
    if (node.kind === 'map') {
      if (typeof seg !== 'string') return offset;
      const found = findKey(text, at, column, seg, end);
      if (found === null) return null;
      if (found === 'absent') return offset;
      offset = found.key;
      const v = valueStart(text, found.after, column, end);
      if (v === null) return null;
      // An empty value: nothing further down (`yaml`: the key's position).
      if (v === 'none') return offset;
      at = v;
      continue;
    }
    if (typeof seg !== 'number') return offset;
    const item = findItem(text, at, column, seg, end);
    if (item === null) return null;
    if (item === 'absent') return offset;
    offset = item;
    at = item;
  }
  return offset;
}

/** The key `name` of the block mapping whose first key is at `first` (column `column`). */
function findKey(text: string, first: number, column: number, name: string, end: number): { key: number; after: number } | 'absent' | null {
  const check = (o: number): { key: number; after: number } | 'absent' | null | 'next' => {
    const k = keyAt(text, o, end);
    if (k === null || k === 'tab' || !PLAIN_KEY.test(k.key) || coreScalar(k.key) !== undefined) return null;
    return k.key === name ? { key: o, after: k.after } : 'next';
  };
  const r = check(first);
  if (r !== 'next') return r;
  for (const line of linesAfter(text, first, end)) {
    if (line.indent > column) continue;
    if (line.indent < column) return 'absent';
    // A sequence at a key's own indentation belongs to that key's value.
    if (isDash(text, line.content, end)) continue;
    if (line.indent === 0 && (text.startsWith('---', line.content) || text.startsWith('...', line.content))) return 'absent';
    const k = check(line.content);
    if (k !== 'next') return k;
  }
  return 'absent';
}

/** Item `index` of the block sequence whose first `-` is at `first` (column `column`): its first character. */
function findItem(text: string, first: number, column: number, index: number, end: number): number | 'absent' | null {
  const itemAt = (dash: number): number | null => {
    const o = skipSpaces(text, dash + 1);
    // An item that starts on the next line (`-` alone), or after a tab: left to `yaml`.
    return lineEmptyAt(text, o, end) || text.charCodeAt(o) === TAB ? null : o;
  };
  if (index === 0) return itemAt(first);
  let n = 0;
  for (const line of linesAfter(text, first, end)) {
    if (line.indent > column) continue;
    if (line.indent === column && isDashTab(text, line.content)) return null;
    if (line.indent < column || !isDash(text, line.content, end)) return 'absent';
    if (++n === index) return itemAt(line.content);
  }
  return 'absent';
}
