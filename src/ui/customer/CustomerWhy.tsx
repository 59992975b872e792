/**
 * Why, for a customer: the selected path of the redacted graph with the rules that decide it,
 * each said from the tenant's side: their own policy by name and rule, a cluster-wide platform
 * rule by its name (CCNP names that mention another tenant never get here: redaction makes them
 * generic), a platform namespace's policy as "a platform policy", another tenant's as "the other
 * tenant's policy". Everything comes from the redacted GraphModel, which the leak check has read.
 */
import type { RuleRef } from '../../core/engine/types.ts';
import { OTHER_POLICY_LABEL, PLATFORM_POLICY_LABEL } from '../../core/graph/redact.ts';
import { isDenied, type GraphEdge, type GraphModel } from '../../core/graph/types.ts';
import { plural } from '../../core/util/plural.ts';
import { VERDICT_STYLE } from '../graph/verdictStyle.ts';

export interface CustomerWhyProps {
  readonly edge: GraphEdge;
  readonly graph: GraphModel;
  readonly tenant: string;
}

type Owner = 'own' | 'platform' | 'other';

export function ruleOwner(r: RuleRef): Owner {
  if (r.name === OTHER_POLICY_LABEL) return 'other';
  if (r.name === PLATFORM_POLICY_LABEL || r.namespace === null) return 'platform';
  return 'own';
}

const KIND: Readonly<Record<string, string>> = { CiliumNetworkPolicy: 'CNP', CiliumClusterwideNetworkPolicy: 'CCNP', NetworkPolicy: 'NetworkPolicy' };

/** One deciding rule in the customer's words. */
export function customerRuleText(r: RuleRef): string {
  const kind = KIND[r.kind] ?? r.kind;
  switch (ruleOwner(r)) {
    case 'own':
      return `your ${kind} ${r.namespace}/${r.name}${r.path ? ` (${r.path})` : ''}`;
    case 'platform':
      return r.name === PLATFORM_POLICY_LABEL ? 'a platform policy (set by the cluster operators)' : `the platform’s cluster-wide ${kind} ${r.name}${r.path ? ` (${r.path})` : ''}`;
    case 'other':
      return 'the policy of the other side (another tenant’s, not shown)';
  }
}

function lead(edge: GraphEdge): string {
  switch (edge.verdict) {
    case 'allowed':
    case 'l7-filtered':
      return 'Allowed by';
    case 'explicit-deny':
      return 'Denied by a deny rule of';
    case 'auth-denied':
      return 'Dropped for good: these rules allow it but ask for authentication mode test-always-fail, whose handshake always fails (AUTH_REQUIRED)';
    case 'default-deny':
      return 'Denied by default: these policies select an end of the path, and none of their rules allows it';
    case 'not-enforced':
      return 'No policy selects either end, so everything passes';
    case 'not-known':
      return 'Not known: Cilium cannot compute the policy of an end of this path (its rules conflict), so it enforces what it computed before; these rules are what the policies would use';
  }
}

function noRuleText(edge: GraphEdge, tenant: string): string {
  if (edge.verdict === 'default-deny') return 'Denied by default: a policy puts an end of this path in default deny, and no rule allows this port.';
  if (edge.verdict === 'not-known') return 'Not known: Cilium cannot compute the policy of an end of this path (its rules conflict), so it enforces what it computed before.';
  return `${isDenied(edge.verdict) ? 'Denied' : 'Allowed'} by a rule tenant ${tenant} cannot see.`;
}

/** The flows seen on the path, how many of them were dropped, and whether they disagree with the policy. */
export function seenText(flows: number, mismatch: boolean, dropped = 0): string {
  const drops = dropped <= 0 ? '' : dropped >= flows ? (flows === 1 ? ', dropped' : ', all dropped') : `, ${dropped.toLocaleString('en-US')} dropped`;
  return `Seen in flows: ${plural(flows, 'flow')}${drops}${mismatch ? `, which ${flows === 1 ? 'disagrees' : 'disagree'} with the policy` : ''}.`;
}

export function CustomerWhy({ edge, graph, tenant }: CustomerWhyProps) {
  const label = (id: string): string => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const rules = [...new Map(edge.rules.map((r) => [customerRuleText(r), r])).entries()];
  return (
    <section className="customer-why" aria-labelledby="customer-why-title" data-testid="customer-why" data-answer tabIndex={-1}>
      <h3 id="customer-why-title" className="section-title">
        Why: {label(edge.source)} → {label(edge.target)}
      </h3>
      <p>
        <span className={`verdict-tag vt-${edge.verdict}`}>{VERDICT_STYLE[edge.verdict].label}</span> <span className="mono">{edge.portsText}</span>
      </p>
      {edge.verdict === 'not-enforced' ? (
        <p>{lead(edge)}.</p>
      ) : rules.length === 0 ? (
        <p className="muted" data-testid="customer-why-none">{noRuleText(edge, tenant)}</p>
      ) : (
        <>
          <p>{lead(edge)}:</p>
          <ul className="customer-why-rules">
            {rules.map(([text, r]) => (
              <li key={text} data-testid="customer-why-rule" data-owner={ruleOwner(r)}>
                {text}
              </li>
            ))}
          </ul>
        </>
      )}
      {edge.observed ? <p className="muted">{seenText(edge.observed.flows, edge.mismatch !== null, edge.observed.verdicts.DROPPED ?? 0)}</p> : null}
    </section>
  );
}
