/**
 * Whether one side of a connection is decided by the same inputs in two policy sets over the
 * same inventory and settings (a what-if's loaded and proposed sets): the same rules (by
 * object) select the subject in that direction, and the same tier rules. A side's decision
 * depends on nothing else of the policy set (side.ts: the subject's rules in the direction, the
 * DNS rules among them, the fromRequires/toRequires they carry, the tier rules selecting it), so
 * a connection whose two sides are unchanged has the same verdict in both sets.
 * @internal
 */
import type { Direction } from '../model/policy.ts';
import type { EngineModel } from './compile.ts';
import { toParty } from './parties.ts';
import { rulesInDirection, subjectOf } from './subjects.ts';
import { tierRulesFor, type TieredRule } from './tiers.ts';
import type { Endpoint } from './types.ts';

const sameTiers = (a: readonly TieredRule[], b: readonly TieredRule[]): boolean =>
  a.length === b.length && a.every((t, i) => t.policy === b[i]?.policy && t.rule === b[i]?.rule);

/** `subject`'s side of a connection with `peer` (egress: subject is the source) is decided alike in both models. */
export function sameSide(before: EngineModel, after: EngineModel, subject: Endpoint, peer: Endpoint, dir: Direction): boolean {
  const notes: string[] = [];
  const pb = toParty(before, subject, peer, notes);
  const pa = toParty(after, subject, peer, notes);
  const sb = subjectOf(before, pb);
  const sa = subjectOf(after, pa);
  if (sb.managed !== sa.managed) return false;
  const rb = rulesInDirection(before, sb.rules, dir);
  const ra = rulesInDirection(after, sa.rules, dir);
  if (rb.length !== ra.length || rb.some((ri, i) => before.rules[ri] !== after.rules[ra[i] as number])) return false;
  const tb = tierRulesFor(before, pb, dir);
  const ta = tierRulesFor(after, pa, dir);
  return sameTiers(tb.admin, ta.admin) && sameTiers(tb.baseline, ta.baseline);
}
