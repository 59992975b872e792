import type { PathSegment } from './parseTypes.ts';

/**
 * Iterative walks over parsed JSON values (no recursion, so hostile nesting cannot overflow the
 * stack): nesting depth and string values holding unrendered Go templates.
 * @internal
 */

/** Path of the first node nested deeper than `max`, or null. */
export function firstTooDeep(value: unknown, max: number): PathSegment[] | null {
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
