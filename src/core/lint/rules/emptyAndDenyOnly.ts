/**
 * `empty-section`: `ingress: []` next to other items: the rule loads, but an empty list does not
 * count, so this rule enforces nothing in that direction (A.2, C9). A rule whose only sections are
 * empty is rejected by the agent: that is the parser's `empty-rule` diagnostic, not a finding.
 *
 * `deny-only-default-deny`: a rule with only deny items in a direction still switches on default
 * deny for that direction (B.4, C15, cilium/cilium#14992): everything not allowed elsewhere drops.
 * @internal
 */
import type { Direction } from '../../model/policy.ts';
import { enablesDefaultDeny } from '../../engine/side.ts';
import type { Finding } from '../types.ts';
import { entriesOf, listText, type LintContext } from '../context.ts';

const DIRS: readonly Direction[] = ['ingress', 'egress'];

function supportsDefaultDenyField(ctx: LintContext): boolean {
  const [maj, min] = ctx.settings.ciliumVersion.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 16;
}

export function emptySections(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    for (const s of at.rule.emptySections ?? []) {
      const dir: Direction = s.startsWith('ingress') ? 'ingress' : 'egress';
      const enforcedHere = at.rule[dir].length + at.rule[`${dir}Deny`].length > 0;
      if (enforcedHere) continue; // `ingress: []` beside `ingressDeny: [...]`: the direction is enforced anyway
      const lockdown = `${dir}: [{}]`;
      out.push(
        ctx.finding(at, 'empty-section', 'warning', `${at.rule.path}.${s}`,
          `${s}: [] does not count (an empty list is the same as leaving the key out): this rule does not enforce ${dir} at all, so ${dir} of the pods it selects stays open unless another policy selects them. To deny all ${dir}, write ${lockdown}; to leave ${dir} open, delete the key`,
          { fix: `replace "${s}: []" with "${lockdown}" (deny everything not allowed elsewhere) or remove it` }),
      );
    }
  }
  return out;
}

export function denyOnly(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  for (const at of ctx.rules) {
    for (const dir of DIRS) {
      const denies = entriesOf(at.rule, dir, 'deny');
      if (denies.length === 0 || entriesOf(at.rule, dir, 'allow').length > 0) continue;
      if (!enablesDefaultDeny(ctx.model, at.rule, dir)) continue;
      let who = 'the endpoints it selects';
      if (ctx.hasInventory) {
        // Endpoints with no allow item at all in this direction: every connection is now dropped.
        const locked = ctx.subjects(at.index).filter((s) => !ctx.rulesOf(s).some((ri) => (ctx.model.rules[ri]?.[dir].length ?? 0) > 0));
        if (locked.length === 0) continue;
        who = listText(locked.map((s) => ctx.display(s)));
      }
      const fix = supportsDefaultDenyField(ctx)
        ? `add "enableDefaultDeny: {${dir}: false}" to the rule, so it only denies what it lists`
        : `add an allow item "${dir}: [{${dir === 'ingress' ? 'fromEntities' : 'toEntities'}: [all]}]" (deny items still win); enableDefaultDeny needs Cilium 1.16`;
      out.push(
        ctx.finding(at, 'deny-only-default-deny', 'warning', `${at.rule.path}.${dir}Deny`,
          `this rule only has ${dir}Deny items, but any rule with ${dir} items puts the endpoints it selects into ${dir} default deny (cilium/cilium#14992): ${who} will drop every ${dir} connection, not only what the deny lists${dir === 'egress' ? ' (DNS included)' : ''}, because no allow rule selects them. Fix: ${fix}`,
          { fix }),
      );
    }
  }
  return out;
}
