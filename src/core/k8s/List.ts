import type { RawDocument } from '../load/types.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { FieldReader, isObject } from './fields.ts';

/**
 * `kind: List` (what `kubectl get a,b -o yaml` prints) and typed lists (`PodList`,
 * `NamespaceList`…). Each item is loaded as a document of its own, with `items[i]` as path
 * prefix; one broken item does not affect the others.
 * @public
 */
export interface ListItems {
  readonly items: readonly unknown[];
  readonly diagnostics: readonly Diagnostic[];
}

export function listItems(doc: RawDocument, listKind: string): ListItems {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { items: [], diagnostics: [] };
  const items = doc.value['items'];
  if (items === undefined || items === null) {
    r.report([], 'info', 'empty-list', `This ${listKind} has no items.`);
    return { items: [], diagnostics: r.diagnostics };
  }
  if (!Array.isArray(items)) {
    r.wrongType(['items'], 'a list', items, 'kubectl cannot read this list; nothing in it was loaded');
    return { items: [], diagnostics: r.diagnostics };
  }
  return { items, diagnostics: r.diagnostics };
}
