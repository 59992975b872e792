/**
 * Lint checks only some inputs need (rareRules.ts: the policy tiers, conflicting authentication
 * modes, conflicting L7 parsers), and the cheap check that says when a load needs them. Policies
 * without tiers, without `authentication` and without two kinds of L7 rules on one port (the demo,
 * most clusters) need none of them: the checks find nothing there.
 *
 * In the browser they are a chunk of their own (util/lazyModule.ts), fetched by `lintReport`
 * (src/workers/lintTask.ts) before it lints a cluster that needs them; `lint()` on such a cluster
 * before that throws `LazyModuleNotLoaded`. In Node (CLI, tests, benches) it is loaded with this
 * module.
 * @internal
 */
import type { Cluster } from '../model/cluster.ts';
import type { Entry } from '../model/policy.ts';
import { mayHaveL7ParserConflict } from '../engine/mayConflict.ts';
import type { LintContext } from './context.ts';
import type { Finding } from './types.ts';
import type * as RareRules from './rareRules.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const rareLintRules = new LazyModule<typeof RareRules>('the lint checks of policy tiers, authentication modes and L7 parsers', () => import('./rareRules.ts'));
if (inNode) await rareLintRules.load();

const withAuthMode = (e: Entry): boolean => e.authMode !== undefined;

/**
 * Whether linting `cluster` (its policies as `policies` holds them: the engine model's cluster)
 * needs the rare checks: tier policies are loaded, an allow item sets `authentication.mode`, or
 * two allow items (of any subjects and peers) put different L7 parsers on one port and direction
 * (engine/l7Conflict.ts mayHaveL7ParserConflict).
 */
export function needsRareLint(cluster: Cluster, policies: Cluster['policies'] = cluster.policies): boolean {
  if ((cluster.tierPolicies?.length ?? 0) > 0) return true;
  if (policies.some((p) => p.rules.some((r) => r.ingress.some(withAuthMode) || r.egress.some(withAuthMode)))) return true;
  return mayHaveL7ParserConflict(policies.flatMap((p) => p.rules));
}

/** The rare checks' findings: none without tier policies, authentication modes and mixed L7 parsers. */
export function rareFindings(ctx: LintContext): Finding[] {
  if (!needsRareLint(ctx.cluster, ctx.model.cluster.policies)) return [];
  const rules = rareLintRules.get();
  return [...rules.tierFindings(ctx), ...rules.authModeConflict(ctx), ...rules.l7ParserConflict(ctx)];
}
