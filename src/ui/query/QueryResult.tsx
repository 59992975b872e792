/**
 * The answer to the path query, at the top of the details column: the verdict, or what is wrong
 * with the query, or that the engine is still being prepared.
 */
import { DecisionView } from './DecisionView.tsx';
import type { PathHighlight } from '../../core/query/pathHighlight.ts';
import type { QueryOutcome } from '../../core/query/runQuery.ts';
import type { EngineModel } from '../../core/engine/compile.ts';

export interface QueryResultProps {
  /** null: the engine model is not ready yet. */
  readonly outcome: QueryOutcome | null;
  /** The model that answered (the copied explanation names its Cilium version and settings). */
  readonly model?: EngineModel | null;
  /** What the path lights up on the graph (no edges: not drawn, e.g. filtered out or not enforced). */
  readonly highlight: PathHighlight | null;
  /** Selects a graph element (the path's edge). */
  readonly onShow: (id: string) => void;
  /** The graph element selected: when it is the path's edge, its details are already under the answer. */
  readonly selection?: string | null;
  readonly onClose: () => void;
  /** Opens the what-if editor with the smallest policy change that flips this verdict. */
  readonly onSuggestFix?: () => void;
}

export function QueryResult({ outcome, model, highlight, onShow, onClose, onSuggestFix, selection = null }: QueryResultProps) {
  const lit = highlight?.edges ?? [];
  const shown = selection !== null && lit.includes(selection);
  return (
    <section className="query-result" aria-labelledby="query-result-title" data-testid="query-result" tabIndex={-1}>
      <div className="section-head">
        <h3 id="query-result-title" className="section-title">
          Path query
        </h3>
        <button type="button" className="btn small" onClick={onClose} aria-label="Close the path query result">
          ×
        </button>
      </div>
      {outcome === null ? (
        <p className="muted" role="status">
          Preparing the policy engine…
        </p>
      ) : outcome.kind === 'invalid' ? (
        <p className="query-invalid" role="alert" data-testid="query-error">
          {outcome.field === 'port' ? 'Port' : outcome.field === 'from' ? 'From' : 'To'}: {outcome.message}
        </p>
      ) : (
        <>
          <DecisionView header={outcome.header} decision={outcome.decision} testId="verdict" model={model} />
          <p className="muted lit-note" data-testid="query-lit">
            {lit.length > 0 ? (
              <>
                On the graph: {lit.length === 1 ? '1 edge' : `${lit.length} edges`}.{' '}
                {shown ? (
                  'Selected: its details and flows are below.'
                ) : (
                  <button type="button" className="link" onClick={() => onShow(lit[0] as string)} data-testid="query-show-edge">
                    Select it and explain the edge
                  </button>
                )}
              </>
            ) : (
              'This path is not drawn on the graph with the current view and filters.'
            )}
          </p>
          {onSuggestFix ? (
            <button type="button" className="btn small" onClick={onSuggestFix} data-testid="query-suggest-fix">
              {outcome.decision.verdict === 'denied' ? 'Suggest a fix that allows it…' : 'Suggest a fix that blocks it…'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
