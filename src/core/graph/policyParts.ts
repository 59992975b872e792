/**
 * Which policy paths become edges. The rule, in order:
 *
 * 1. Allowed ports are drawn only when some side enforces policy (`!path.unenforced`). When
 *    neither side is selected by any policy everything passes: drawing that would be an n²
 *    hairball that says nothing, so nothing is drawn (unless flows saw it, see flowParts) and the
 *    node carries an "unrestricted" summary instead.
 * 2. L7-filtered ports are drawn as their own edge (same condition as 1).
 * 3. Explicitly denied ports are always drawn: a deny rule names this path.
 * 4. Default-denied ports are drawn only when a policy names the path as a near miss of the
 *    excepted-range kind (`in-except`), or when the destination is a range carved out (`except`)
 *    of a range the same source is allowed to reach: that is the "0.0.0.0/0 except private
 *    ranges" picture. Other default-denied pairs (every pair a default-deny policy does not
 *    allow) are not drawn unless flows saw them, for the same n² reason as 1.
 * Self-paths of a workload (its pods talking to each other) are not drawn from policy.
 * @internal
 */
import { fullPortSet, isEmpty, subtract } from '../engine/PortSet.ts';
import type { RuleRef } from '../engine/types.ts';
import type { EdgePart } from './edgeParts.ts';
import type { Registry } from './registry.ts';
import type { ConnPath } from './types.ts';

/** A connectivity path with both sides mapped to node ids. */
export interface ResolvedPath {
  readonly path: ConnPath;
  readonly s: string;
  readonly t: string;
}

export function resolvePaths(paths: readonly ConnPath[], reg: Registry): ResolvedPath[] {
  return paths.map((path) => ({ path, s: reg.sideId(path.source), t: reg.sideId(path.destination) }));
}

export function policyParts(resolved: readonly ResolvedPath[], reg: Registry): EdgePart[] {
  const parts: EdgePart[] = [];
  // Rule 4 needs to know where each source is allowed to go.
  const allowedTargets = new Map<string, RuleRef[]>();
  const listed = new Set<string>();
  for (const { path, s, t } of resolved) {
    listed.add(`${s}|${t}`);
    if (!path.unenforced && !isEmpty(path.allowed)) allowedTargets.set(`${s}|${t}`, [...(allowedTargets.get(`${s}|${t}`) ?? []), ...path.allowRules]);
  }

  for (const { path, s, t } of resolved) {
    if (s === t) continue;
    const pair = `${s}|${t}`;
    const base = { source: s, target: t, policy: true, observed: null, mismatch: null, flowKeys: [], pair };
    if (!path.unenforced) {
      const plain = subtract(path.allowed, path.l7Filtered);
      if (!isEmpty(plain)) parts.push({ ...base, verdict: 'allowed', ports: plain, rules: path.allowRules, nearMisses: [] });
      if (!isEmpty(path.l7Filtered)) parts.push({ ...base, verdict: 'l7-filtered', ports: path.l7Filtered, rules: path.allowRules, nearMisses: [] });
    }
    if (!isEmpty(path.explicitDenied)) {
      parts.push({ ...base, verdict: 'explicit-deny', ports: path.explicitDenied, rules: path.denyRules, nearMisses: path.nearMisses });
    }
    if (!isEmpty(path.defaultDenied)) {
      const named = path.nearMisses.some((n) => n.why === 'in-except');
      const carved = [...(reg.outside.exceptOf.get(t) ?? [])].some((outer) => allowedTargets.has(`${s}|${outer}`));
      if (named || carved) {
        parts.push({ ...base, verdict: 'default-deny', ports: path.defaultDenied, rules: path.defaultDenyFrom, nearMisses: path.nearMisses });
      }
    }
  }
  // Excepted ranges the engine listed no path to.
  const sources = new Set(resolved.map((r) => r.s));
  for (const [except, outers] of reg.outside.exceptOf) {
    for (const s of sources) {
      if (listed.has(`${s}|${except}`)) continue;
      const rules = [...outers].flatMap((o) => allowedTargets.get(`${s}|${o}`) ?? []);
      if (rules.length === 0) continue;
      parts.push({ source: s, target: except, verdict: 'default-deny', ports: fullPortSet, rules, nearMisses: [], policy: true, observed: null, mismatch: null, flowKeys: [], pair: `${s}|${except}` });
    }
  }
  return parts;
}
