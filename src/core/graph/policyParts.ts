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
 * 5. A path with an end whose policy Cilium cannot compute (`notComputed`) is drawn where 1-4 draw
 *    it, but every part of it is `not-known`: the verdicts are what these policies would say, not
 *    what Cilium enforces. So is the stub of rule 4 from such a source to a carved-out range the
 *    engine listed no path to (its allowed path to the outer range is not known either).
 * Self-paths of a workload (its pods talking to each other) are not drawn from policy.
 * @internal
 */
import { fullPortSet, isEmpty, subtract, type PortSet } from '../engine/PortSet.ts';
import type { NearMiss, RuleRef } from '../engine/types.ts';
import type { EdgePart } from './edgeParts.ts';
import { workloadNodeId, type Registry } from './registry.ts';
import type { ConnPath, ConnSide, EdgeVerdict } from './types.ts';

/** Connectivity paths with both sides mapped to node ids: path `i` goes from `s[i]` to `t[i]`. */
export interface ResolvedPaths {
  readonly paths: readonly ConnPath[];
  readonly s: readonly string[];
  readonly t: readonly string[];
}

export function resolvePaths(paths: readonly ConnPath[], reg: Registry): ResolvedPaths {
  // connectivityInput shares side objects between paths; workloads, entities and names always
  // resolve to the same node, so each object is resolved once (ranges are cached by the catalog).
  const ids = new Map<ConnSide, string>();
  const idOf = (side: ConnSide): string => {
    if (side.kind === 'range' || side.kind === 'cidr') return reg.sideId(side);
    let id = ids.get(side);
    if (id === undefined) ids.set(side, (id = reg.sideId(side)));
    return id;
  };
  const s: string[] = [];
  const t: string[] = [];
  for (const path of paths) {
    s.push(idOf(path.source));
    t.push(idOf(path.destination));
  }
  return { paths, s, t };
}

const noNearMisses: readonly NearMiss[] = [];
const noFlowKeys: readonly string[] = [];

function part(source: string, target: string, pair: string, verdict: EdgeVerdict, ports: PortSet, rules: readonly RuleRef[], nearMisses: readonly NearMiss[], weight: number): EdgePart {
  const p: EdgePart = { source, target, verdict, ports, rules, nearMisses, policy: true, observed: null, mismatch: null, flowKeys: noFlowKeys, pair };
  return weight === 1 ? p : { ...p, weight };
}

/**
 * `skip(s, t)`: pairs the caller will not draw anyway (both ends inside one collapsed group), left
 * out before any part is made for them. Only in-cluster pairs may be skipped: the rules above look
 * at pairs towards outside nodes only, so skipping never changes another pair's parts.
 * `pathOf`: filled with the index of the path each part was made from (-1: an excepted range
 * no path was listed to), in the parts' order.
 */
export function policyParts(
  resolved: ResolvedPaths,
  reg: Registry,
  skip: ((s: string, t: string) => boolean) | null = null,
  pathOf: number[] | null = null,
  members: ReadonlyMap<string, number> | null = null,
): EdgePart[] {
  const parts: EdgePart[] = [];
  // Workloads standing for several (ConnectivityInput `members`): a part's pairs are its two ends'.
  const ofNode = members === null ? null : new Map([...members].map(([w, k]) => [workloadNodeId(w), k]));
  const weightOf = (s: string, t: string): number => (ofNode === null ? 1 : (ofNode.get(s) ?? 1) * (ofNode.get(t) ?? 1));
  const exceptOf = reg.outside.exceptOf;
  // Rule 4 needs to know where each source is allowed to go, but only towards ranges that have
  // carve-outs (`outers`), and which excepted ranges the engine listed a path to.
  // Both are keyed by target, then source (no pair strings: there is one lookup per path).
  const allowedTargets = new Map<string, Map<string, RuleRef[]>>();
  for (const set of exceptOf.values()) for (const o of set) allowedTargets.set(o, new Map());
  const listed = new Map<string, Set<string>>();
  for (const except of exceptOf.keys()) listed.set(except, new Set());
  const allowedTo = (s: string, outer: string): RuleRef[] | undefined => allowedTargets.get(outer)?.get(s);
  // Sources allowed to such a range by a policy Cilium cannot compute (rule 5): their stubs are not known too.
  const notComputed = new Set<string>();
  const sources = new Set<string>();
  let last: string | null = null;
  const { paths } = resolved;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as ConnPath;
    const s = resolved.s[i] as string;
    const t = resolved.t[i] as string;
    // Paths come grouped by source (the engine walks sources in order): skip the repeats cheaply.
    if (s !== last) sources.add((last = s));
    listed.get(t)?.add(s);
    const bySource = allowedTargets.get(t);
    if (bySource !== undefined && !path.unenforced && !isEmpty(path.allowed)) {
      const list = bySource.get(s);
      if (list) list.push(...path.allowRules);
      else bySource.set(s, [...path.allowRules]);
      if (path.notComputed) notComputed.add(s);
    }
  }

  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as ConnPath;
    const s = resolved.s[i] as string;
    const t = resolved.t[i] as string;
    if (s === t) continue;
    if (skip !== null && skip(s, t)) continue;
    const pair = `${s}|${t}`;
    const from = parts.length;
    const w = weightOf(s, t);
    if (!path.unenforced) {
      const plain = subtract(path.allowed, path.l7Filtered);
      if (!isEmpty(plain)) {
        parts.push(part(s, t, pair, 'allowed', plain, path.allowRules, noNearMisses, w));
        pathOf?.push(i);
      }
      if (!isEmpty(path.l7Filtered)) {
        parts.push(part(s, t, pair, 'l7-filtered', path.l7Filtered, path.allowRules, noNearMisses, w));
        pathOf?.push(i);
      }
    }
    if (!isEmpty(path.explicitDenied)) {
      parts.push(part(s, t, pair, 'explicit-deny', path.explicitDenied, path.denyRules, path.nearMisses, w));
      pathOf?.push(i);
    }
    if (path.authDenied !== undefined && !isEmpty(path.authDenied)) {
      parts.push(part(s, t, pair, 'auth-denied', path.authDenied, path.authRules ?? [], noNearMisses, w));
      pathOf?.push(i);
    }
    if (!isEmpty(path.defaultDenied)) {
      const named = path.nearMisses.some((n) => n.why === 'in-except');
      const outer = exceptOf.get(t);
      const carved = outer !== undefined && [...outer].some((o) => allowedTo(s, o) !== undefined);
      if (named || carved) {
        parts.push(part(s, t, pair, 'default-deny', path.defaultDenied, path.defaultDenyFrom, path.nearMisses, w));
        pathOf?.push(i);
      }
    }
    if (path.notComputed) for (let k = from; k < parts.length; k++) parts[k] = { ...(parts[k] as EdgePart), verdict: 'not-known' };
  }
  // Excepted ranges the engine listed no path to.
  for (const [except, outerIds] of exceptOf) {
    const seen = listed.get(except);
    const outerList = [...outerIds];
    for (const s of sources) {
      if (seen?.has(s)) continue;
      const rules = outerList.flatMap((o) => allowedTo(s, o) ?? []);
      if (rules.length === 0) continue;
      parts.push(part(s, except, `${s}|${except}`, notComputed.has(s) ? 'not-known' : 'default-deny', fullPortSet, rules, noNearMisses, weightOf(s, except)));
      pathOf?.push(-1);
    }
  }
  return parts;
}
