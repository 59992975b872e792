/**
 * Switches between the support view (every tenant) and the customer view of one tenant. In the
 * customer view it shows only that tenant's name: the list of tenants is not in the page then.
 * The customer view is a presentation mode for screens and exports shared with a customer, not
 * an access control: whoever has the files can leave it.
 */
import { useEffect, useMemo } from 'react';
import { tenantOfGroup } from '../../core/graph/grouping.ts';
import type { ViewState } from '../../core/graph/types.ts';
import { groupIds, type ViewAction } from '../../core/graph/viewState.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { dropEntryParams } from './customerUrl.ts';
import './customer.css';

export interface CustomerToggleProps {
  readonly cluster: Cluster | null;
  readonly view: ViewState;
  readonly onViewAction: (action: ViewAction) => void;
  /** Called when the view switches: selection and path query may name other tenants, so they go. */
  readonly onSwitch: () => void;
}

export function CustomerToggle({ cluster, view, onViewAction, onSwitch }: CustomerToggleProps) {
  const tenant = view.customerTenant;
  const tenants = useMemo(() => (cluster && tenant === null ? groupIds(cluster, view.groupingLabel).map(tenantOfGroup).filter((t): t is string => t !== null) : []), [cluster, tenant, view.groupingLabel]);

  // The entry link's form (`tenant=T&view=customer`) gives way to the app's `customer=T`.
  useEffect(() => dropEntryParams(), [tenant]);

  const set = (t: string | null): void => {
    onSwitch();
    onViewAction({ type: 'set-customer-tenant', tenant: t });
  };

  if (tenant !== null) {
    return (
      <div className="customer-toggle" data-testid="customer-toggle">
        <span className="customer-badge" data-testid="customer-badge">
          Customer view · tenant <b>{tenant}</b>
        </span>
        <button type="button" className="btn small" onClick={() => set(null)} data-testid="customer-leave" title="Back to the support view (every tenant)">
          Leave
        </button>
      </div>
    );
  }
  if (tenants.length === 0) return null;
  return (
    <label className="customer-toggle" data-testid="customer-toggle">
      <span className="muted">Customer view</span>{' '}
      <select
        value=""
        onChange={(e) => {
          if (e.currentTarget.value !== '') set(e.currentTarget.value);
        }}
        data-testid="customer-select"
      >
        <option value="">off (all tenants)</option>
        {tenants.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
}
