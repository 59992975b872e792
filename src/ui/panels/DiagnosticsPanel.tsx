import { useMemo, useState } from 'react';
import { worstSeverity, type Diagnostic } from '../../core/model/diagnostic.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { plural } from '../state/summary.ts';
import { Excerpt } from './Excerpt.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';
import { diagnosticLocation, groupByFile, policiesByDocument, policyOfDiagnostic, type FileGroup } from './diagnosticGroups.ts';
import type { Policy } from '../../core/model/policy.ts';
import { policyLabel } from '../../core/model/policyLabel.ts';
import { useRuleTextSource, type RuleTextSource } from '../query/ruleTextSource.ts';
import { PolicyTextButton } from '../policytext/PolicyTextButton.tsx';
import { policyTarget } from '../policytext/policyTarget.ts';

/** Diagnostics shown per file before "Show all" (thousands of rows would slow the page). */
const PAGE = 100;

/** `2 errors, 1 warning, 3 info` for diagnostics or lint findings. */
export function severityCounts(items: readonly { readonly severity: Diagnostic['severity'] }[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const d of items) n[d.severity]++;
  return [n.error ? plural(n.error, 'error') : '', n.warning ? plural(n.warning, 'warning') : '', n.info ? `${n.info} info` : '']
    .filter(Boolean)
    .join(', ');
}

interface FileDiagnosticsProps {
  readonly group: FileGroup;
  readonly excerpts: LoadedData['excerpts'];
  readonly documents: number | undefined;
  /** The loaded policies and the load's worker, for a diagnostic's "Open policy"; none on the main-thread route. */
  readonly policies: ReadonlyMap<string, readonly Policy[]>;
  readonly source: RuleTextSource | null;
}

function FileDiagnostics({ group, excerpts, documents, policies, source }: FileDiagnosticsProps) {
  const [all, setAll] = useState(false);
  const shown = all ? group.items : group.items.slice(0, PAGE);
  return (
    <section className="diag-file" data-testid="diagnostic-file" data-worst={worstSeverity(group.items) ?? undefined}>
      <h3 className="diag-file-title">
        <span className="diag-file-name" title={group.file}>
          {group.file}
        </span>
        <span className="diag-file-count">{severityCounts(group.items)}</span>
      </h3>
      <ol className="diag-list">
        {shown.map((d, i) => {
          const policy = source ? policyOfDiagnostic(policies, d) : null;
          return (
            <li key={i} className={`diag diag-${d.severity}`} data-testid="diagnostic" data-line={d.line} data-severity={d.severity}>
              <div className="diag-head">
                <SeverityBadge severity={d.severity} />
                <span className="diag-loc">{diagnosticLocation(d, documents)}</span>
                <code className="diag-code">{d.code}</code>
              </div>
              {d.path ? (
                <div className="diag-path">
                  <span className="visually-hidden">Field: </span>
                  <code>{d.path}</code>
                </div>
              ) : null}
              <p className="diag-msg">{d.message}</p>
              <Excerpt file={d.file} lines={excerpts.get(d.file)} line={d.line} column={d.column} />
              {policy && source ? (
                <PolicyTextButton target={policyTarget(policy)} source={source}>
                  Open policy {policyLabel(policy.ref)}
                </PolicyTextButton>
              ) : null}
            </li>
          );
        })}
      </ol>
      {!all && group.items.length > PAGE ? (
        <button type="button" className="btn small" onClick={() => setAll(true)}>
          Show all {group.items.length.toLocaleString('en-US')}
        </button>
      ) : null}
    </section>
  );
}

/** Every diagnostic, grouped by file: severity, where, what, and the offending lines. */
export function DiagnosticsPanel({ data }: { readonly data: LoadedData | null }) {
  const groups = data ? groupByFile(data.files.map((f) => f.name), data.diagnostics) : [];
  const total = data?.diagnostics.length ?? 0;
  const documents = new Map(data?.cluster.sources.map((s) => [s.file, s.documents]));
  const source = useRuleTextSource(data);
  const policies = useMemo(() => policiesByDocument(data?.cluster.policies ?? []), [data]);
  return (
    <section className="panel diagnostics" id="diagnostics" tabIndex={0} aria-labelledby="diagnostics-title" data-testid="diagnostics-panel">
      <h2 id="diagnostics-title" className="panel-title">
        Diagnostics <span className="panel-count">{data ? (total === 0 ? 'none' : severityCounts(data.diagnostics)) : ''}</span>
      </h2>
      {data && total === 0 ? <p className="empty">Everything in the loaded input was understood.</p> : null}
      {groups.map((g) => (
        <FileDiagnostics key={`${g.file}`} group={g} excerpts={data?.excerpts ?? new Map()} documents={documents.get(g.file)} policies={policies} source={source} />
      ))}
    </section>
  );
}
