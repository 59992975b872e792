/**
 * Lint findings beside what they concern: a policy's badge (count and worst severity, in the
 * workload list), and the findings of the policies behind a workload or a path (details panel).
 */
import { findingPolicyKey } from '../../core/findings/targets.ts';
import type { RuleRef } from '../../core/engine/types.ts';
import type { Finding } from '../../core/lint/types.ts';
import type { PolicyKey } from '../../core/model/policy.ts';
import { policyLabel } from '../../core/model/policyLabel.ts';
import { SeverityBadge } from '../panels/SeverityBadge.tsx';
import { worstSeverity } from '../../core/model/diagnostic.ts';

export type FindingsIndex = ReadonlyMap<PolicyKey, readonly Finding[]>;

/** `⚠ 2` after a policy name; its title says what the findings are. */
export function FindingBadge({ findings }: { readonly findings: readonly Finding[] | undefined }) {
  if (!findings || findings.length === 0) return null;
  const sev = worstSeverity(findings) ?? 'info';
  const title = findings.map((f) => `${f.code}: ${f.message}`).join('\n\n');
  return (
    <span className={`finding-badge sev-${sev}`} title={title} data-testid="finding-badge">
      <span aria-hidden="true">{sev === 'info' ? 'ⓘ' : '⚠'}</span> {findings.length}
      <span className="visually-hidden"> {findings.length === 1 ? 'finding' : 'findings'}</span>
    </span>
  );
}

/** Findings of the given policies (each policy once), for the details panel. */
export function FindingList({ index, policies }: { readonly index: FindingsIndex | null; readonly policies: readonly (RuleRef | { kind: RuleRef['kind']; namespace: string | null; name: string })[] }) {
  if (!index) return null;
  const keys = [...new Set(policies.map(findingPolicyKey))];
  const list = keys.flatMap((k) => index.get(k) ?? []);
  if (list.length === 0) return null;
  return (
    <>
      <h4>Policy findings</h4>
      <ul className="finding-list" data-testid="details-findings">
        {list.map((f, i) => (
          <li key={i} className={`diag diag-${f.severity}`}>
            <div className="diag-head">
              <SeverityBadge severity={f.severity} /> <span className="mono">{policyLabel(f.policy)}</span> <code className="diag-code">{f.code}</code>
            </div>
            <p className="diag-msg">{f.message}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
