/**
 * The linter's share of a load: compile and lint the loaded policies, with the subjects of the
 * policies that have findings. Runs in the load worker on request (and on the main thread only
 * as the no-worker fallback); returns plain data.
 */
import { compile } from '../core/engine/compile.ts';
import { findingsReport, type FindingsReport } from '../core/findings/targets.ts';
import { lint } from '../core/lint/lint.ts';
import { needsRareLint, rareLintRules } from '../core/lint/rareLint.ts';
import type { Cluster } from '../core/model/cluster.ts';

/** The report; fetches the rare lint checks first when the cluster needs them (rareLint.ts). */
export async function lintReport(cluster: Cluster): Promise<FindingsReport> {
  const model = compile(cluster);
  if (needsRareLint(cluster, model.cluster.policies)) await rareLintRules.load();
  return findingsReport(model, lint(cluster, model));
}
