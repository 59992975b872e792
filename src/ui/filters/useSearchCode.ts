/**
 * The search's code on the page (core/search/searchCode.ts, a chunk of its own, not on the default
 * screen): `prepare` fetches it, called when the search box is hovered or focused (`/` too), so
 * it is usually there before the first key; until it has come the box's results are pending and
 * the keys typed meanwhile wait for them (shell/useCombobox.ts). `failed`: it could not be
 * fetched; the box then lists nothing and Enter applies the text as the graph's filter.
 * @internal
 */
import { useCallback, useState } from 'react';
import { searchCode } from '../../core/search/searchCode.ts';

export type SearchCodeStatus = 'not-yet' | 'ready' | 'failed';

export function useSearchCode(): { readonly status: SearchCodeStatus; readonly prepare: () => void } {
  const [status, setStatus] = useState<SearchCodeStatus>(() => (searchCode.loaded() ? 'ready' : 'not-yet'));
  const prepare = useCallback(() => {
    void searchCode.load().then(
      () => setStatus('ready'),
      () => setStatus('failed'),
    );
  }, []);
  return { status, prepare };
}
