/**
 * An inverted index from labels to identities, so that a selector is evaluated only on the
 * identities that can possibly match it (namespace-scoped selectors touch one namespace).
 * @internal
 */
import type { LabelSet } from '../model/labels.ts';
import { selectorMatches, type Selector } from '../model/selector.ts';

export interface LabelIndex {
  readonly size: number;
  /** key → value → identity indices (sorted ascending). */
  readonly byValue: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** key → identity indices having the key. */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
}

export function buildLabelIndex(sets: readonly LabelSet[]): LabelIndex {
  const byValue = new Map<string, Map<string, number[]>>();
  const byKey = new Map<string, number[]>();
  sets.forEach((labels, i) => {
    for (const l of labels.values()) {
      let vals = byValue.get(l.key);
      if (!vals) byValue.set(l.key, (vals = new Map()));
      const list = vals.get(l.value);
      if (list) list.push(i);
      else vals.set(l.value, [i]);
      const keyed = byKey.get(l.key);
      if (keyed) keyed.push(i);
      else byKey.set(l.key, [i]);
    }
  });
  return { size: sets.length, byValue, byKey };
}

/**
 * The index of `base`'s sets followed by `more` (their indices from `base.size` on): equal to
 * `buildLabelIndex([...baseSets, ...more])` when `base` indexes `baseSets`. `base`'s lists are
 * shared, copied where `more` adds to them: `base` is left as it was. The
 * connectivity matrix indexes the identities (compile's index) and a few outside peers.
 */
export function extendLabelIndex(base: LabelIndex, more: readonly LabelSet[]): LabelIndex {
  // New maps and lists only where `more` adds (a few outside peers, with labels mostly their own).
  const byValue = new Map(base.byValue);
  const byKey = new Map(base.byKey);
  more.forEach((labels, k) => {
    const i = base.size + k;
    for (const l of labels.values()) {
      const vals = new Map(byValue.get(l.key));
      vals.set(l.value, [...(vals.get(l.value) ?? []), i]);
      byValue.set(l.key, vals);
      byKey.set(l.key, [...(byKey.get(l.key) ?? []), i]);
    }
  });
  return { size: base.size + more.length, byValue, byKey };
}

/** A superset of the identities the selector can match, or null when it may match anything. */
function candidates(index: LabelIndex, selector: Selector): readonly number[] | null {
  let best: readonly number[] | null = null;
  for (const r of selector.requirements) {
    let cand: readonly number[] | null = null;
    if (r.operator === 'In') {
      const vals = index.byValue.get(r.key);
      if (r.values.length === 1) cand = vals?.get(r.values[0] as string) ?? [];
      else {
        const merged = new Set<number>();
        for (const v of r.values) for (const i of vals?.get(v) ?? []) merged.add(i);
        cand = [...merged].sort((a, b) => a - b);
      }
    } else if (r.operator === 'Exists') cand = index.byKey.get(r.key) ?? [];
    if (cand !== null && (best === null || cand.length < best.length)) best = cand;
  }
  return best;
}

/** Indices (ascending) of the label sets the selector matches. */
export function selectIndices(index: LabelIndex, sets: readonly LabelSet[], selector: Selector): number[] {
  const cand = candidates(index, selector);
  const out: number[] = [];
  if (cand === null) {
    for (let i = 0; i < sets.length; i++) if (selectorMatches(selector, sets[i] as LabelSet)) out.push(i);
  } else {
    for (const i of cand) if (selectorMatches(selector, sets[i] as LabelSet)) out.push(i);
  }
  return out;
}
