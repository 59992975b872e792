import type { ViewState } from '../core/graph/types.ts';

/**
 * The content of a view as a string: key order does not matter, array order does, and a field
 * set to null is the same as a field left out (`filters.time`: the page's view has it, the one
 * the worker prebuilds from `initialViewState` does not).
 */
export function viewKey(view: ViewState): string {
  return JSON.stringify(view, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && v !== undefined) sorted[k] = v;
    }
    return sorted;
  });
}
