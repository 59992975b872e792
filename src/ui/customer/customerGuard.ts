/**
 * The customer view's last line of defence in the app (core/graph/leaks.ts): before the redacted
 * graph is drawn, and before an export is saved or a link copied, their text is scanned for the
 * other tenants' identifiers. When one is found the output is withheld; the page says so without
 * naming anything, and the browser console (the support engineer's, not the customer's) names
 * each string and where it comes from.
 *
 * The identifiers (seconds of work on a big cluster) and the scans run in the load's worker
 * (workers/secretsTask.ts): a customer view's graph arrives from it checked, and exports and
 * links are sent to it to be checked. Only a load without a worker (none could be started, or it
 * stopped) is checked here, on the main thread.
 */
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { Secret } from '../../core/graph/leaks.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { plural } from '../../core/util/plural.ts';
import { graphSessionOf, workerCheckOf } from '../../workers/graphSession.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import type { SecretsTask } from '../../workers/secretsTask.ts';
import { recordSecrets } from '../testApi.ts';

/** Without a worker: the identifiers computed here, once per loaded cluster and tenant. */
const here = new WeakMap<Cluster, SecretsTask>();

async function leaksHere(text: string, data: LoadedData, groupingLabel: string, tenant: string): Promise<readonly Secret[]> {
  let task = here.get(data.cluster);
  if (task === undefined) here.set(data.cluster, (task = new (await import('../../workers/secretsTask.ts')).SecretsTask(data.cluster)));
  // Let the page paint its waiting state first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  recordSecrets('main-thread');
  return task.leaks(text, groupingLabel, tenant);
}

/** Names the leaks on the console (for support), with `what` (the output they were found in). */
function report(leaks: readonly Secret[], tenant: string, what: string): void {
  if (leaks.length === 0) return;
  // The leak check's code is a chunk the default screen does not load (no customer view there).
  void import('../../core/graph/leaks.ts').then(({ leakReport }) =>
    console.error(`netpol-viz: the customer view of tenant ${tenant} withheld ${what}: it would show ${plural(leaks.length, 'string')} of other tenants. This is a bug, please report it.\n${leakReport(leaks)}`),
  );
}

/**
 * The other tenants' identifiers in `text`, an output of the customer view `view` shows (none
 * outside a customer view, or when nothing is loaded): checked in the load's worker when it has
 * one. Any found are reported on the console.
 */
export async function customerLeaks(text: string, data: LoadedData | null, view: ViewState, what: string): Promise<readonly Secret[]> {
  const tenant = view.customerTenant;
  if (tenant === null || data === null) return [];
  let leaks: readonly Secret[] | null = null;
  const session = graphSessionOf(data);
  if (session?.live) {
    try {
      leaks = await session.leaks(text, view.groupingLabel, tenant);
      if (leaks !== null) recordSecrets('worker');
    } catch {
      // The worker stopped: check here instead.
    }
  }
  leaks ??= await leaksHere(text, data, view.groupingLabel, tenant);
  report(leaks, tenant, what);
  return leaks;
}

/**
 * The check of a customer view's graph model: the worker's, at once, when it built the model (it
 * checks every customer-view model it sends); else made as `customerLeaks` makes it.
 */
export function graphLeaks(model: GraphModel, data: LoadedData, view: ViewState, what: string): Promise<readonly Secret[]> | readonly Secret[] {
  const fromWorker = workerCheckOf(model);
  if (fromWorker === undefined) return customerLeaks(JSON.stringify(model), data, view, what);
  recordSecrets('worker');
  if (view.customerTenant !== null) report(fromWorker, view.customerTenant, what);
  return fromWorker;
}

/** What the page says when an output was withheld (no names: the customer may be watching). */
export function withheldText(what: string, count: number): string {
  return `${what} withheld: it would show ${count === 1 ? 'a name' : `${count} names`} of other tenants. This is a bug; the details for support are in the browser console.`;
}
