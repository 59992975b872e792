/**
 * Policy findings (src/core/lint): policies Cilium accepts but that do not do what they seem to,
 * grouped by policy, each with what Cilium will actually do and how to fix it. "Show on graph"
 * lights up the workloads the policy selects and the paths it decides.
 */
import { useMemo, useState } from 'react';
import { findingsByPolicy } from '../../core/findings/targets.ts';
import type { Finding } from '../../core/lint/types.ts';
import { policyLabel } from '../../core/model/policyLabel.ts';
import { SeverityBadge } from '../panels/SeverityBadge.tsx';
import { severityCounts } from '../panels/DiagnosticsPanel.tsx';

const PAGE = 100;

export interface FindingsPanelProps {
  /** null while the linter runs (or before anything is loaded). */
  readonly findings: readonly Finding[] | null;
  readonly loaded: boolean;
  readonly error: string | null;
  /** The finding lit up on the graph, or null. */
  readonly focused: Finding | null;
  readonly onFocus: (f: Finding | null) => void;
}

export function FindingsPanel({ findings, loaded, error, focused, onFocus }: FindingsPanelProps) {
  const [all, setAll] = useState(false);
  const groups = useMemo(() => findingsByPolicy(findings ?? []), [findings]);
  let shown = 0;
  return (
    <section className="panel findings" tabIndex={0} aria-labelledby="findings-title" data-testid="findings-panel">
      <h2 id="findings-title" className="panel-title">
        Policy findings <span className="panel-count">{findings ? (findings.length === 0 ? 'none' : severityCounts(findings)) : ''}</span>
      </h2>
      {!loaded ? null : error !== null ? (
        <p className="empty">The linter failed: {error}</p>
      ) : findings === null ? (
        <p className="muted" role="status">
          Checking the policies…
        </p>
      ) : findings.length === 0 ? (
        <p className="empty">No policy traps found.</p>
      ) : (
        [...groups.entries()].map(([key, list]) => {
          if (!all && shown >= PAGE) return null;
          const items = all ? list : list.slice(0, PAGE - shown);
          shown += items.length;
          const first = list[0] as Finding;
          return (
            <section key={key} className="finding-policy" data-testid="finding-policy">
              <h3 className="diag-file-title">
                <span className="mono">{policyLabel(first.policy)}</span>
              </h3>
              <ol className="diag-list">
                {items.map((f, i) => {
                  const isFocused = focused === f;
                  return (
                    <li key={i} className={`diag diag-${f.severity}`} data-testid="finding" data-code={f.code}>
                      <div className="diag-head">
                        <SeverityBadge severity={f.severity} />
                        <code className="diag-code">{f.code}</code>
                      </div>
                      {f.path ? (
                        <div className="diag-path">
                          <span className="visually-hidden">Field: </span>
                          <code>{f.path}</code>
                        </div>
                      ) : null}
                      <p className="diag-msg">{f.message}</p>
                      {f.fix ? (
                        <p className="diag-msg">
                          <b>Fix:</b> {f.fix}
                        </p>
                      ) : null}
                      <button type="button" className="btn small" aria-pressed={isFocused} onClick={() => onFocus(isFocused ? null : f)} data-testid="finding-show">
                        {isFocused ? 'Clear from graph' : 'Show on graph'}
                      </button>
                    </li>
                  );
                })}
              </ol>
            </section>
          );
        })
      )}
      {!all && findings && findings.length > PAGE ? (
        <button type="button" className="btn small" onClick={() => setAll(true)}>
          Show all {findings.length.toLocaleString('en-US')}
        </button>
      ) : null}
    </section>
  );
}
