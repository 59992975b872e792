/**
 * The level a load opens at. The first model of a load is not drawn until it is decided: a model
 * too big to draw expanded opens with every group collapsed, or every tenant as one node where
 * only that is readable in the canvas; otherwise `chooseOpening` (core)
 * picks the most detail whose names are all readable when fitted into the canvas as it is now,
 * and a coarser level is dispatched as collapsed groups (the user expands them again by click),
 * down to every tenant as one node.
 * Nothing is decided when the user's link chose the collapsed groups (`enabled` false).
 */
import { useEffect, useState, type RefObject } from 'react';
import { chooseOpening } from '../../core/graph/opening.ts';
import type { ViewAction } from '../../core/graph/viewState.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import { tooBigToOpen } from './canvasOptions.ts';
import { graphTestApiEnabled } from './testApi.ts';

/** Browser tests about other things open graphs as loaded (e2e/fixtures.ts `openAsLoaded`). */
const openAsLoaded = (): boolean => graphTestApiEnabled && (window as { __netpolOpenAsLoaded?: boolean }).__netpolOpenAsLoaded === true;

type Opening = 'undecided' | 'done' | { readonly held: GraphModel };

/**
 * Groups to collapse before `model` is first drawn in `canvas`, or null to draw it as it is. A big
 * cluster's default view (every group collapsed, the tenants as one node when even the biggest
 * canvas cannot show them readably: `initialViewState`) is decided again for this canvas: the
 * tenants as one node or one node each, whichever is readable here.
 */
function openingCollapse(model: GraphModel, view: ViewState, canvas: HTMLElement | null): readonly string[] | null {
  if (model.groups.length === 0) return null;
  // Too big to draw expanded: every group collapsed, or the tenants as one node where only that is readable.
  const big = view.collapsed.length === 0 && tooBigToOpen(model);
  if (openAsLoaded()) return big ? model.groups : null;
  const box = canvas?.getBoundingClientRect();
  if (!box) return big ? model.groups : null;
  const level = chooseOpening(model, { w: box.width, h: box.height }, big);
  if (level === null) return big ? model.groups : null;
  const now = [...view.collapsed].sort();
  return level.collapsed.length === now.length && level.collapsed.every((g, i) => g === now[i]) ? null : level.collapsed;
}

/** Returns the model to draw (null: wait for the level decided). */
export function useOpening(model: GraphModel | null, view: ViewState, dispatch: (a: ViewAction) => void, enabled: boolean, canvas: RefObject<HTMLElement | null>): GraphModel | null {
  const [opening, setOpening] = useState<Opening>(enabled ? 'undecided' : 'done');
  useEffect(() => {
    if (opening !== 'undecided' || model === null) return;
    const collapse = openingCollapse(model, view, canvas.current);
    if (collapse !== null) {
      setOpening({ held: model });
      dispatch({ type: 'open-at', collapsed: collapse });
    } else {
      setOpening('done');
    }
  }, [opening, model, view, dispatch, canvas]);
  if (opening === 'done') return model;
  if (opening === 'undecided') return null;
  return model === opening.held ? null : model;
}
