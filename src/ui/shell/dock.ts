/**
 * The panel dock: the canvas is the page, and every other view (sources, diagnostics, findings,
 * the workload list, the paths table, details, what-if, and whatever joins them) opens in ONE
 * slot beside it, one at a time, so the canvas always keeps at least half of the window.
 * Opening a panel from inside another one (a workload picked in the list, a row of the paths
 * table) remembers where it came from, so the dock offers the way back.
 */

/** Panels the app knows. Other parts may add their own ids (a drops inbox, …). */
export type PanelId = 'sources' | 'diagnostics' | 'findings' | 'workloads' | 'paths' | 'details' | 'whatif' | (string & {});

export interface DockState {
  /** The panel shown, or null when the canvas has the whole width. */
  readonly open: PanelId | null;
  /** The panel the shown one was opened from (offered as "Back"), or null. */
  readonly back: PanelId | null;
}

export type DockAction =
  /** The panel's toggle: open it, or close it when it is the one shown. */
  | { readonly type: 'toggle'; readonly panel: PanelId }
  /** Show a panel (no-op when shown). */
  | { readonly type: 'show'; readonly panel: PanelId }
  /**
   * Something happened that this panel answers (a selection, a path query): show it, unless the
   * dock shows one of `unless` (what-if answers selections and queries itself).
   */
  | { readonly type: 'reveal'; readonly panel: PanelId; readonly unless?: readonly PanelId[] }
  /** Close `panel` when it is the one shown (any panel without `panel`). */
  | { readonly type: 'close'; readonly panel?: PanelId }
  | { readonly type: 'back' };

export const closedDock: DockState = { open: null, back: null };

function show(state: DockState, panel: PanelId): DockState {
  if (state.open === panel) return state;
  return { open: panel, back: state.open };
}

export function dockReducer(state: DockState, action: DockAction): DockState {
  switch (action.type) {
    case 'toggle':
      return state.open === action.panel ? closedDock : { open: action.panel, back: null };
    case 'show':
      return show(state, action.panel);
    case 'reveal':
      if (state.open !== null && action.unless?.includes(state.open)) return state;
      return show(state, action.panel);
    case 'close':
      return action.panel === undefined || state.open === action.panel ? closedDock : state;
    case 'back':
      return state.back === null ? closedDock : { open: state.back, back: null };
  }
}
