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
 * own line and `items[i]` path, and each part that is not is said where it is. Only the List's
 * `items` are looked at: `kind` and `metadata` come after them in kubectl's output (keys in
 * alphabetical order), so typed items without a kind of their own (an API server's PodList) are
 * not told what they are, and say so when loaded.
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
    if (ok) documents.push(new JsonSourceDocument(file, 0, `items[${n}]`, value, text, i, lines, 0));
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
