/**
 * The customer view's leak check (src/core/graph/leaks.ts) for one loaded cluster: the other
 * tenants' identifiers, computed once per grouping label and tenant (0.15-0.6 s at 5,000
 * workloads, 1.9-2.6 s at 20,000: `npm run bench -- customer`), and the scan of an output for
 * them. Runs in the load worker (its graph session checks each customer-view graph it builds and
 * answers `leaks` requests); on the main thread only when the load has no worker.
 * @internal
 */
import { indexSecrets, leaksIn, otherTenantSecrets, type Secret, type SecretIndex } from '../core/graph/leaks.ts';
import type { GraphModel, ViewState } from '../core/graph/types.ts';
import type { Cluster } from '../core/model/cluster.ts';

export class SecretsTask {
  private readonly byView = new Map<string, SecretIndex>();

  constructor(private readonly cluster: Cluster) {}

  secrets(groupingLabel: string, tenant: string): SecretIndex {
    const key = `${groupingLabel}\u0000${tenant}`;
    let index = this.byView.get(key);
    if (index === undefined) this.byView.set(key, (index = indexSecrets(otherTenantSecrets(this.cluster, groupingLabel, tenant))));
    return index;
  }

  /** The other tenants' identifiers in `text`, for the customer view of `tenant`. */
  leaks(text: string, groupingLabel: string, tenant: string): Secret[] {
    return leaksIn(text, this.secrets(groupingLabel, tenant));
  }
}

/** What a `graph` answer carries for `view`: a customer view's model goes out checked (`leaks`), others as they are. */
export function graphCheck(task: SecretsTask, model: GraphModel, view: ViewState): { readonly leaks?: readonly Secret[] } {
  const tenant = view.customerTenant;
  return tenant === null ? {} : { leaks: task.leaks(JSON.stringify(model), view.groupingLabel, tenant) };
}
