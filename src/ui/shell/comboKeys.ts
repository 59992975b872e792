/**
 * What ↓, ↑ and Enter do in a combobox's list (useCombobox.ts), as data: the same steps for a
 * key pressed over the list shown and for keys kept while the list's items were pending (the
 * search's code still on its way), replayed once they come.
 * @internal
 */

export type ComboKey = 'down' | 'up' | 'enter';

/** Where a key leaves the list: the highlighted index, and what Enter did (nothing for ↓/↑). */
export type ComboStep<T> = { readonly active: number; readonly done: null } | { readonly active: -1; readonly done: { readonly kind: 'pick'; readonly item: T } | { readonly kind: 'enter' } };

/** One key over `items` with `active` highlighted (-1: none). */
export function comboKey<T>(active: number, key: ComboKey, items: readonly T[]): ComboStep<T> {
  switch (key) {
    case 'down':
      return { active: items.length === 0 ? -1 : Math.min(active + 1, items.length - 1), done: null };
    case 'up':
      return { active: Math.max(active - 1, -1), done: null };
    case 'enter': {
      const item = active >= 0 ? items[active] : undefined;
      return { active: -1, done: item !== undefined ? { kind: 'pick', item } : { kind: 'enter' } };
    }
  }
}

/** Keys kept while the items were pending, in the order typed, over the items that came: up to the first Enter. */
export function replayComboKeys<T>(active: number, keys: readonly ComboKey[], items: readonly T[]): ComboStep<T> {
  let step: ComboStep<T> = { active, done: null };
  for (const key of keys) {
    step = comboKey(step.active, key, items);
    if (step.done !== null) return step;
  }
  return step;
}
