import { isNode, LineCounter, parseAllDocuments } from 'yaml';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import type { Policy } from '../model/policy.ts';
import { parseNetworkPolicy } from '../netpol/NetworkPolicy.ts';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';

/**
 * Test helper (used by the parser tests only, until the loader lands): YAML text →
 * `RawDocument`s with real line/column positions; `List` items are expanded with `items[i]`.
 * @internal
 */
export function rawDocs(text: string, file = 'test.yaml'): RawDocument[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const out: RawDocument[] = [];
  docs.forEach((d, index) => {
    const value: unknown = d.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) return;
    const at = (prefix: readonly (string | number)[]) => (path: readonly (string | number)[]) => {
      const full = [...prefix, ...path];
      for (let n = full.length; n >= 0; n--) {
        const node: unknown = n === 0 ? d.contents : d.getIn(full.slice(0, n), true);
        if (isNode(node) && node.range) {
          const p = lc.linePos(node.range[0]);
          return { line: p.line, column: p.col };
        }
      }
      return { line: 0, column: 0 };
    };
    const isList = typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>)['kind'] === 'List';
    const items = isList ? (value as Record<string, unknown>)['items'] : undefined;
    if (Array.isArray(items)) {
      items.forEach((item: unknown, i) => out.push({ file, index, pathPrefix: `items[${i}]`, value: item, position: at(['items', i]) }));
    } else {
      out.push({ file, index, pathPrefix: '', value, position: at([]) });
    }
  });
  return out;
}

/** One document (the first) from YAML text. */
export function rawDoc(text: string, file = 'test.yaml'): RawDocument {
  const d = rawDocs(text, file)[0];
  if (!d) throw new Error('no document in test YAML');
  return d;
}

/** A RawDocument for a plain value (no positions). */
export function valueDoc(value: unknown, file = 'value.json'): RawDocument {
  return { file, index: 0, pathPrefix: '', value, position: () => ({ line: 0, column: 0 }) };
}

export const testCtx: ParseContext = { defaultNamespace: 'default', clusterName: 'default' };

/** Parses one document with the parser its `kind` calls for (test dispatch; the loader does this for real). */
export function parseAnyPolicy(doc: RawDocument, ctx: ParseContext = testCtx): ParseResult<Policy> | null {
  const v = doc.value;
  const kind = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)['kind'] : undefined;
  if (kind === 'CiliumNetworkPolicy' || kind === 'CiliumClusterwideNetworkPolicy') return parseCiliumPolicy(doc, ctx);
  if (kind === 'NetworkPolicy') return parseNetworkPolicy(doc, ctx);
  return null;
}
