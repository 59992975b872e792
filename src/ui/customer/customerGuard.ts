/**
 * The customer view's last line of defence in the app (core/graph/leaks.ts): before the redacted
 * graph is drawn, and before an export is saved or a link copied, their text is scanned for the
 * other tenants' identifiers. When one is found the output is withheld; the page says so without
 * naming anything, and the browser console (the support engineer's, not the customer's) names
 * each string and where it comes from.
 */
import type { ViewState } from '../../core/graph/types.ts';
import { indexSecrets, leakReport, leaksIn, otherTenantSecrets, type Secret, type SecretIndex } from '../../core/graph/leaks.ts';
import type { Cluster } from '../../core/model/cluster.ts';

const cache = new WeakMap<Cluster, Map<string, SecretIndex>>();

/** The other tenants' identifiers for a customer view, computed once per loaded cluster and tenant. */
function secretsFor(cluster: Cluster, groupingLabel: string, tenant: string): SecretIndex {
  let byView = cache.get(cluster);
  if (byView === undefined) cache.set(cluster, (byView = new Map()));
  const key = `${groupingLabel}\u0000${tenant}`;
  let index = byView.get(key);
  if (index === undefined) byView.set(key, (index = indexSecrets(otherTenantSecrets(cluster, groupingLabel, tenant))));
  return index;
}

/**
 * The other tenants' identifiers in `text` (none outside a customer view). When there are any,
 * they are reported on the console, with `what` (the output they were found in).
 */
export function customerLeaks(text: string, cluster: Cluster | null, view: ViewState, what: string): Secret[] {
  const tenant = view.customerTenant;
  if (tenant === null || cluster === null) return [];
  const leaks = leaksIn(text, secretsFor(cluster, view.groupingLabel, tenant));
  if (leaks.length > 0) {
    console.error(`netpol-viz: the customer view of tenant ${tenant} withheld ${what}: it would show ${leaks.length} string(s) of other tenants. This is a bug, please report it.\n${leakReport(leaks)}`);
  }
  return leaks;
}

/** What the page says when an output was withheld (no names: the customer may be watching). */
export function withheldText(what: string, count: number): string {
  return `${what} withheld: it would show ${count === 1 ? 'a name' : `${count} names`} of other tenants. This is a bug; the details for support are in the browser console.`;
}
