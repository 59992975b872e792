import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { jsonPathOffset, skipWs } from './jsonScan.ts';
import { jsonSyntaxError, stringEnd } from './jsonSyntax.ts';
import type { LineIndex } from './lineIndex.ts';
import { JsonSourceDocument, type SourceDocument } from './sourceDocument.ts';

/**
 * The complete items of a JSON List that JSON.parse refused as a whole (`kubectl get … -o json`
 * cut short, or one item damaged): kubectl refuses such a file whole, but the items that are
 * whole JSON are what the cluster held, so they are loaded, each as a document of its own at its
 * own line and `items[i]` path, and each part that is not is said where it is. A typed List's
 * `kind` (`PodList`) and `apiVersion` go to its items without their own, as for a whole List
 * (k8s/kinds.ts detectKind), when they can be read: before the items (the API server's order) or
 * after them (kubectl's, keys sorted) when the text reaches them. Otherwise such items say they
 * have no kind when loaded.
 * @internal
 */

export interface SalvagedList {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * End (exclusive) of the value starting at `i`: an object or array by its brackets outside
 * strings, a string by its quotes, anything else up to `,`, `]`, `}` or a blank; -1 when the
 * text ends first. Not a check that the value is JSON (JSON.parse does that).
 */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    const m = /[,\]}\s]/g;
    m.lastIndex = i;
    const r = m.exec(text);
    return r ? r.index : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text.charCodeAt(j);
    if (ch === 0x22) {
      const e = stringEnd(text, j);
      if (e < 0) return -1;
      j = e - 1;
    } else if (ch === 0x7b || ch === 0x5b) depth++;
    else if (ch === 0x7d || ch === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** The string value of the List's top-level `key`, or null (absent, not a string, not reached). */
function topString(text: string, start: number, key: string): string | null {
  const at = jsonPathOffset(text, start, [key], true);
  if (at === start || text[at] !== '"') return null;
  const end = stringEnd(text, at);
  if (end < 0) return null;
  try {
    const v: unknown = JSON.parse(text.slice(at, end));
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/**
 * The kind and apiVersion the List gives items without a kind (as detectKind gives them): null
 * for `kind: List`, an unread kind, or one that is no List's (an item's `kind` met after damage).
 */
function inheritedKind(text: string, start: number): { kind: string; apiVersion: string | null } | null {
  const kind = topString(text, start, 'kind');
  if (kind === null || kind === 'List' || !kind.endsWith('List')) return null;
  return { kind: kind.slice(0, -'List'.length), apiVersion: topString(text, start, 'apiVersion') };
}

/** The item as a typed List's item: the List's kind (and apiVersion) when it has no kind of its own. */
function typedItem(value: unknown, inherited: { kind: string; apiVersion: string | null } | null): unknown {
  if (inherited === null || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (typeof v['kind'] === 'string' && v['kind'] !== '') return value;
  return { ...(v['apiVersion'] === undefined && inherited.apiVersion !== null ? { apiVersion: inherited.apiVersion } : {}), ...v, kind: inherited.kind };
}

/**
 * The List in `text` (its value at `start`) item by item; null when it is not a List whose items
 * begin before the damage, or none of them is whole.
 */
export function salvageJsonList(file: string, text: string, start: number, lines: LineIndex): SalvagedList | null {
  const open = jsonPathOffset(text, start, ['items'], true);
  if (text[start] !== '{' || open === start || text[open] !== '[') return null;
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): { line: number; column: number } => lines.position(Math.min(offset, Math.max(0, text.length - 1)));
  const kubectl = 'kubectl refuses the whole file; netpol-viz loads the List\'s complete items';
  const inherited = inheritedKind(text, start);
  let i = skipWs(text, open + 1);
  let n = 0;
  for (; i < text.length && text[i] !== ']'; n++) {
    const end = valueEnd(text, i);
    if (end < 0) {
      const p = at(i);
      diagnostics.push(lineDiagnostic(file, 0, p.line, p.column, 'error', 'truncated', `The JSON ends in the middle of items[${n}] (line ${p.line}): a truncated file. ${kubectl}: the ${documents.length} before it are loaded, this one and any after it are missing.`, `items[${n}]`));
      return documents.length > 0 ? { documents, diagnostics } : null;
    }
    const slice = text.slice(i, end);
    let value: unknown;
    let ok = true;
    try {
      value = JSON.parse(slice);
    } catch {
      ok = false;
      const err = jsonSyntaxError(text, i, end);
      const p = at(err?.offset ?? i);
      diagnostics.push(lineDiagnostic(file, 0, p.line, p.column, 'error', 'json-syntax', `JSON syntax error in items[${n}] of this List: ${err?.message ?? 'not valid JSON'}. ${kubectl}: this item is not loaded, the items around it are.`, `items[${n}]`));
    }
    if (ok) documents.push(new JsonSourceDocument(file, 0, `items[${n}]`, typedItem(value, inherited), text, i, lines, 0));
    i = skipWs(text, end);
    if (text[i] === ',') i = skipWs(text, i + 1);
    else if (text[i] !== ']') {
      const p = at(i);
      const what = i >= text.length ? 'the text ends' : `${JSON.stringify(text[i])} follows it`;
      diagnostics.push(lineDiagnostic(file, 0, p.line, p.column, 'error', i >= text.length ? 'truncated' : 'json-syntax', `After items[${n}] of this List ${what} (line ${p.line}), not a comma or the List's end. ${kubectl}: the ${documents.length} before are loaded, the rest is not.`, `items[${n}]`));
      return documents.length > 0 ? { documents, diagnostics } : null;
    }
  }
  if (documents.length === 0 || diagnostics.length === 0) return null;
  return { documents, diagnostics };
}
