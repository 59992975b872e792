import { describe, expect, it } from 'vitest';
import { defaultUrlViewState } from '../state/urlState.ts';
import { customerTenantFromSearch, withCustomerFromUrl, withoutEntryParams } from './customerUrl.ts';

describe('customer view URL', () => {
  it('reads ?tenant=T&view=customer and ?customer=T', () => {
    expect(customerTenantFromSearch('?tenant=acme&view=customer')).toBe('acme');
    expect(customerTenantFromSearch('?customer=acme')).toBe('acme');
    expect(customerTenantFromSearch('?tenant=acme')).toBeNull();
    expect(customerTenantFromSearch('?view=customer')).toBeNull();
    expect(withCustomerFromUrl(defaultUrlViewState, '?view=customer&tenant=acme').view.customerTenant).toBe('acme');
  });

  it('drops the entry form once the app writes its own', () => {
    expect(withoutEntryParams('?tenant=acme&view=customer&demo=0')).toBe('?demo=0');
    expect(withoutEntryParams('?tenant=acme')).toBe('?tenant=acme');
  });
});
