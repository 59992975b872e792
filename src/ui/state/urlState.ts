/**
 * View state kept in the URL. Only view state: never names, labels or anything else from the
 * loaded data (URLs end up in tickets, browser history and screenshots).
 * @public
 */
export interface UrlViewState {
  /** Start on the built-in demo (default), or empty (`?demo=0`). */
  readonly demo: boolean;
}

export function readUrlViewState(search: string): UrlViewState {
  const params = new URLSearchParams(search);
  return { demo: params.get('demo') !== '0' };
}

/** The search string for `state`, keeping parameters owned by other parts of the app. */
export function writeUrlViewState(search: string, state: UrlViewState): string {
  const params = new URLSearchParams(search);
  if (state.demo) params.delete('demo');
  else params.set('demo', '0');
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function replaceUrlViewState(state: UrlViewState): void {
  const next = writeUrlViewState(window.location.search, state);
  if (next !== window.location.search) {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}${window.location.hash}`);
  }
}
