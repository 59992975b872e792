import type { Diagnostic } from '../model/diagnostic.ts';
import { diagnosticAt, formatPath, type PathSegment } from './parseTypes.ts';
import type { LoadLimits } from './limits.ts';
import type { SourceDocument } from './sourceDocument.ts';

/**
 * Iterative walks over parsed JSON values (no recursion, so hostile nesting cannot overflow the
 * stack): nesting depth and string values holding unrendered Go templates.
 * @internal
 */

/** Path of the first node nested deeper than `max`, or null. */
export function firstTooDeep(value: unknown, max: number): PathSegment[] | null {
  // A 50 MB List has millions of nodes: check without building a path per node (a tenth of the
  // time, and no garbage); only a document that is too deep pays for the walk that names the path.
  return nestsDeeper(value, max) ? firstTooDeepPath(value, max) : null;
}

/** Whether any node is nested `max` or more levels below the root. */
function nestsDeeper(value: unknown, max: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() as number;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x !== 'object' || x === null) continue;
        values.push(x);
        depths.push(depth + 1);
      }
    } else {
      for (const k in v) {
        const x: unknown = (v as Record<string, unknown>)[k];
        if (typeof x !== 'object' || x === null) continue;
        values.push(x);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

function firstTooDeepPath(value: unknown, max: number): PathSegment[] | null {
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: PathSegment[] };
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= max) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return null;
}

/**
 * Whether JSON text can hold a string with `{{` (templatedStrings finds nothing otherwise): JSON
 * strings hold `{` as itself or as the escape `\u007b`, and valid JSON has no `{{` outside strings.
 */
export function jsonMayHoldTemplate(text: string): boolean {
  return text.includes('{{') || (text.includes('\\u') && /\\u007[bB]/.test(text));
}

/** Paths of string values (and map keys) containing `{{`, in document order, at most `limit`. */
export function templatedStrings(value: unknown, limit = 20): { path: PathSegment[]; text: string }[] {
  const out: { path: PathSegment[]; text: string }[] = [];
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && out.length < limit) {
    const { v, path } = stack.pop() as { v: unknown; path: PathSegment[] };
    if (typeof v === 'string') {
      if (v.includes('{{')) out.push({ path, text: v });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const entries: [PathSegment, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i] as [PathSegment, unknown];
      if (typeof k === 'string' && k.includes('{{')) out.push({ path: [...path, k], text: k });
      stack.push({ v: x, path: [...path, k] });
    }
  }
  return out;
}

/**
 * The checks every parsed document passes, whichever parser read it (documents stage, see
 * pipeline.ts): nesting depth (too deep: not loaded, false), then string values holding
 * unrendered Go templates (warnings). A parser that knows a walk cannot find anything says so
 * (`depthWalk`/`templateWalk` false): js-yaml refuses deep nesting itself, and text without `{{`
 * (or an escape that makes one) holds no template.
 */
export function checkDocumentValue(doc: SourceDocument, limits: LoadLimits, report: (d: Diagnostic) => void, walks: { readonly depthWalk: boolean; readonly templateWalk: boolean }): boolean {
  const deep = walks.depthWalk ? firstTooDeep(doc.value, limits.maxDepth) : null;
  if (deep) {
    report(diagnosticAt(doc, deep.slice(0, 8), 'error', 'too-deep', `This document nests more than ${limits.maxDepth} levels deep (at ${formatPath(deep.slice(0, 8))}…): not loaded. No Kubernetes object nests this deep.`));
    return false;
  }
  for (const t of walks.templateWalk ? templatedStrings(doc.value) : []) {
    report(diagnosticAt(doc, t.path, 'warning', 'template-value', `This value is an unrendered Go template (${JSON.stringify(t.text.length > 60 ? `${t.text.slice(0, 57)}...` : t.text)}): loaded as literal text, which is not what the cluster would see. Render the template first.`));
  }
  return true;
}
