/**
 * The plain-text explanation of a Decision, as a support engineer pastes it into a ticket.
 * Shared by the CLI (`explain`) and the UI's "copy explanation" action.
 * @public
 */
import type { EngineModel } from './compile.ts';
import { notComputedText } from './mayConflict.ts';
import { decidingRules, entryWords, ruleInWords } from './ruleWords.ts';
import { formatRuleRef } from './side.ts';
import type { Decision, RuleRef, SideDecision } from './types.ts';

export interface ExplainHeader {
  readonly from: string;
  readonly to: string;
  /** `TCP/8080`, `UDP/53`, `ICMP type 8`, `all TCP ports`. */
  readonly what: string;
  /** Under which Cilium version and settings (query/decidedUnder.ts), printed under the verdict. */
  readonly decidedUnder?: string;
}

const reasonText: Record<SideDecision['reason'], string> = {
  'not-applicable': 'not applicable',
  'no-policy': 'not enforced',
  allowed: 'allowed',
  'default-deny': 'DENIED (default deny)',
  'explicit-deny': 'DENIED (deny rule)',
  'auth-denied': 'DENIED (authentication always fails)',
};

/** A deciding rule as the app's answer shows it: the rule, where its policy is written, what the entry says. */
function decidingLines(model: EngineModel, rule: RuleRef): string[] {
  const words = ruleInWords(model, rule);
  const out = [`    - ${formatRuleRef(rule)}${words.source ? `  ${words.source}` : ''}`];
  if (words.entry) out.push(`      ${entryWords(words.entry)}`);
  return out;
}

function sideLines(title: string, s: SideDecision, model: EngineModel | null): string[] {
  const out = [`${title}: ${reasonText[s.reason]}`, `  ${s.text}`];
  // With the model, the deciding rules as the answer lists them (under 'Decided by' / 'Default deny enabled by').
  const deciding = model ? decidingRules(s) : [];
  if (deciding.length > 0 && model) {
    out.push(s.reason === 'default-deny' ? '  default deny enabled by:' : '  decided by:');
    for (const r of deciding) out.push(...decidingLines(model, r));
  }
  if (s.matched.length > 0 && s.reason !== 'default-deny') {
    out.push('  matched:');
    for (const m of s.matched)
      out.push(`    - ${formatRuleRef(m.rule)} [${m.matchType}]${m.peerPath ? ` peer ${m.peerPath}` : ''}${m.portPath ? ` port ${m.portPath}` : ''}${m.l7 ? ' (L7)' : ''}`);
  }
  if (s.defaultDenyFrom.length > 0 && s.reason !== 'no-policy' && s.reason !== 'not-applicable' && !(model && s.reason === 'default-deny'))
    out.push(`  default deny enabled by: ${s.defaultDenyFrom.map(formatRuleRef).join(', ')}`);
  if (s.l7 !== 'none') {
    out.push(`  L7: ${s.l7 === 'filtered' ? 'requests are filtered by the proxy; allowed:' : 'unrestricted (an allow without L7 rules covers this port); L7 rules present:'}`);
    for (const l of s.l7Rules) out.push(`    - ${formatRuleRef(l.rule)}: ${l.allowed.join('; ')}`);
  }
  if (s.nearMisses.length > 0) {
    out.push('  near misses:');
    for (const n of s.nearMisses) out.push(`    - ${formatRuleRef(n.rule)} (${n.why}): ${n.text}`);
  }
  return out;
}

/**
 * With the model the decision came from, each deciding rule also says where its policy is written
 * (`policies.yaml:5`) and, for an entry, what it says (`denies entity world on 25/TCP`).
 */
export function explainText(h: ExplainHeader, d: Decision, model: EngineModel | null = null): string {
  const decider = d.egress.verdict === 'denied' ? 'egress' : d.ingress.verdict === 'denied' ? 'ingress' : null;
  const verdict = d.verdict === 'allowed' ? 'ALLOWED' : d.l7?.verdict === 'denied' && decider === null ? 'DENIED at L7 (packets pass; the proxy rejects the request)' : `DENIED at ${decider ?? 'L7'}`;
  const lines = [`${h.from} → ${h.to}  ${h.what}`, d.notComputed ? `Verdict: NOT KNOWN (${notComputedText(d.notComputed)})` : `Verdict: ${verdict}${d.audit ? ' (audit mode: logged as AUDIT, traffic passes)' : ''}${d.condition ? ` (conditional: ${d.condition.verdict.toUpperCase()} if the condition below holds)` : ''}`];
  if (h.decidedUnder) lines.push(h.decidedUnder);
  if (d.notComputed) lines.push(`These policies would say: ${verdict}`);
  if (d.condition) lines.push(`Condition: ${d.condition.text}`);
  lines.push('');
  lines.push(...sideLines(`Egress of ${h.from}`, d.egress, model), ...sideLines(`Ingress of ${h.to}`, d.ingress, model));
  if (d.l7) lines.push(`L7 request: ${d.l7.verdict.toUpperCase()} — ${d.l7.text}`);
  if (d.notes.length > 0) {
    lines.push('Notes:');
    for (const n of d.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n') + '\n';
}
