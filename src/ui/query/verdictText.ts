/**
 * Words for a Decision as the verdict panel shows it: the headline (starts with "Allowed" or
 * "Denied"), what decided each side, and the reason in plain words. The copyable ticket text is
 * the CLI's `explainText`, so the UI and `netpol-viz explain` paste the same thing.
 * @public
 */
import type { PolicyKind } from '../../core/model/policy.ts';
import { POLICY_ABBREV } from '../../core/model/policyLabel.ts';
import type { Decision, RuleRef, SideDecision, SideReason } from '../../core/engine/types.ts';
import type { ExplainHeader } from '../../core/engine/explainText.ts';
import { notComputedText } from '../../core/engine/mayConflict.ts';
import { decidingRules } from '../../core/engine/ruleWords.ts';

export const KIND_ABBREV: Readonly<Record<PolicyKind, string>> = POLICY_ABBREV;

/** `acme-web/same-tenant`, or `tenant-egress-baseline` for a cluster-wide policy. */
export function policyName(r: Pick<RuleRef, 'namespace' | 'name'>): string {
  return r.namespace !== null ? `${r.namespace}/${r.name}` : r.name;
}

/** `CNP acme-web/same-tenant spec.egress[0]` */
export function ruleText(r: RuleRef): string {
  return `${KIND_ABBREV[r.kind]} ${policyName(r)} ${r.path}`;
}

export const REASON_WORDS: Readonly<Record<SideReason, string>> = {
  'not-applicable': 'not applicable',
  'no-policy': 'no policy',
  allowed: 'allowed',
  'default-deny': 'default deny',
  'explicit-deny': 'explicit deny',
  'auth-denied': 'authentication fails',
};

/** The plain sentence under a side's reason: what it means (the rules are listed apart). */
export function reasonMeaning(s: SideDecision): string {
  if (s.notComputed) return `policy not computed; these policies would say: ${meaning(s)}`;
  return meaning(s);
}

function meaning(s: SideDecision): string {
  if (s.tier !== undefined) return s.tier;
  switch (s.reason) {
    case 'not-applicable':
      return `not a Cilium endpoint: no ${s.direction} policy applies to it`;
    case 'no-policy':
      return `no policy selects it for ${s.direction}: everything passes`;
    case 'allowed':
      return s.l7 === 'filtered' ? 'a rule allows this port; requests are filtered by L7 rules' : 'a rule allows this';
    case 'default-deny':
      // No policy selects it: default deny comes from the agent setting (cilium-config or the settings line).
      return s.defaultDenyFrom.length === 0 ? `it is in default deny for ${s.direction} because of enable-policy=always, and no rule allows this` : `it is in default deny for ${s.direction} and no rule allows this`;
    case 'explicit-deny':
      return 'a deny rule matches; deny rules win over every allow';
    case 'auth-denied':
      return 'a rule allows this only after authentication, and its mode test-always-fail never authenticates: dropped (AUTH_REQUIRED)';
  }
}


/** The side that denied, egress first (it is evaluated first, on the source's node). */
export function denyingSide(d: Decision): SideDecision | null {
  if (d.egress.verdict === 'denied') return d.egress;
  if (d.ingress.verdict === 'denied') return d.ingress;
  return null;
}

export interface VerdictParts {
  /** `Not known`: an endpoint on the path has a policy Cilium cannot compute (Decision.notComputed). */
  readonly word: 'Allowed' | 'Denied' | 'Not known';
  /** `a → b on 9000/TCP` */
  readonly path: string;
  /** `at egress of a: explicit deny by CCNP x spec.egressDeny[0]`, or null when allowed. */
  readonly decided: string | null;
}

export function verdictParts(h: ExplainHeader, d: Decision): VerdictParts {
  const path = `${h.from} → ${h.to} on ${h.what}`;
  if (d.notComputed) return { word: 'Not known', path, decided: notComputedText(d.notComputed) };
  if (d.verdict === 'allowed') return { word: 'Allowed', path, decided: d.l7 ? `L7: ${d.l7.text}` : null };
  const side = denyingSide(d);
  if (side === null) return { word: 'Denied', path, decided: `at L7${d.l7 ? `: ${d.l7.text}` : ''}` };
  const who = side.direction === 'egress' ? h.from : h.to;
  const rules = decidingRules(side);
  const by = rules.length === 0 ? '' : side.reason === 'default-deny' ? ` (enabled by ${rules.map(ruleText).join(', ')})` : ` by ${rules.map(ruleText).join(', ')}`;
  const audit = d.audit ? ' — audit mode: logged as AUDIT, the traffic passes' : '';
  return { word: 'Denied', path, decided: `at ${side.direction} of ${who}: ${REASON_WORDS[side.reason]}${by}${audit}` };
}

/** The headline as one line; starts with "Allowed", "Denied" or "Not known". */
export function verdictHeadline(h: ExplainHeader, d: Decision): string {
  const p = verdictParts(h, d);
  return `${p.word}: ${p.path}${p.decided !== null ? `; ${p.decided}` : ''}`;
}

/**
 * A near miss's words beside its rule (shown with its path just before): without the rule's path
 * when the engine's text starts with it ('spec.ingress[0] spec.ingress[0] allows 8080/TCP' was
 * shown for a port miss).
 */
export function nearMissWords(rulePath: string, text: string): string {
  return rulePath !== '' && text.startsWith(`${rulePath} `) ? text.slice(rulePath.length + 1) : text;
}
