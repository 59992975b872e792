/**
 * The customer view's entry link: `?tenant=T&view=customer` (the form shared with customers)
 * and the app's own `customer=T` (written by the URL state, src/ui/state/urlState.ts). Read on
 * page load; the entry form is then replaced by the app's (one source of truth in the URL).
 * @public
 */
import type { UrlViewState } from '../state/urlState.ts';

export function customerTenantFromSearch(search: string): string | null {
  const params = new URLSearchParams(search);
  if (params.get('view') === 'customer') {
    const t = params.get('tenant');
    if (t !== null && t.trim() !== '') return t.trim();
  }
  const c = params.get('customer');
  return c !== null && c.trim() !== '' ? c.trim() : null;
}

/** The URL's view state with the customer tenant of either form. */
export function withCustomerFromUrl(url: UrlViewState, search: string): UrlViewState {
  const tenant = customerTenantFromSearch(search);
  if (tenant === null || tenant === url.view.customerTenant) return url;
  return { ...url, view: { ...url.view, customerTenant: tenant } };
}

/** The search string without the entry form's parameters. */
export function withoutEntryParams(search: string): string {
  const params = new URLSearchParams(search);
  if (params.get('view') !== 'customer') return search;
  params.delete('view');
  params.delete('tenant');
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function dropEntryParams(): void {
  const next = withoutEntryParams(window.location.search);
  if (next !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}${window.location.hash}`);
}
