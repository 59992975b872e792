/**
 * The linter's share of a load: compile and lint the loaded policies, with the subjects of the
 * policies that have findings. Runs in the load worker on request (and on the main thread only
 * as the no-worker fallback); returns plain data.
 */
import { compile } from '../core/engine/compile.ts';
import { findingsReport, type FindingsReport } from '../core/findings/targets.ts';
import { lint } from '../core/lint/lint.ts';
import type { Cluster } from '../core/model/cluster.ts';

export function lintReport(cluster: Cluster): FindingsReport {
  const model = compile(cluster);
  return findingsReport(model, lint(cluster, model));
}
