/**
 * The right-hand column: the answer to the path query (when one was run), then the details of
 * what is selected: a workload, an edge (with its explanation and observed flows) or another node.
 */
import { useEffect, useRef } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import type { GraphModel } from '../../core/graph/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { BundleDetails } from '../details/BundleDetails.tsx';
import { EdgeDetails } from '../details/EdgeDetails.tsx';
import { NodeDetails } from '../details/NodeDetails.tsx';
import { WorkloadDetails } from '../details/WorkloadDetails.tsx';
import type { PathHighlight } from '../../core/query/pathHighlight.ts';
import { QueryResult } from '../query/QueryResult.tsx';
import { RuleTextContext, useRuleTextSource } from '../query/ruleTextSource.ts';
import type { FindingsIndex } from '../lint/FindingList.tsx';
import type { QueryOutcome } from '../../core/query/runQuery.ts';
import { selectedWorkload } from '../state/appState.ts';
import type { QueryText } from '../state/urlState.ts';

export interface DetailsPanelProps {
  readonly data: LoadedData | null;
  /** Selected graph element id (`w:…`, `e:…`, a bundle's `b:…`, other node ids), or null. */
  readonly selection: string | null;
  readonly model: EngineModel | null;
  readonly graph: GraphModel | null;
  readonly flows: FlowAggregate | null;
  /** The path query's answer: undefined when no query was run, null while the engine is prepared. */
  readonly queryOutcome: QueryOutcome | null | undefined;
  /** What the query lights up on the graph. */
  readonly highlight: PathHighlight | null;
  readonly onSelect: (id: string | null) => void;
  /** The path query answered above the details: an edge it asks about is explained with its ends and port. */
  readonly query?: QueryText | null;
  readonly onRunQuery: (q: QueryText) => void;
  readonly onCloseQuery: () => void;
  /** Lint findings per policy, shown with the workload or path they concern; null while linting. */
  readonly findings?: FindingsIndex | null;
  /** Offered with a path query's answer: try the suggested fix in the what-if editor. */
  readonly onSuggestFix?: () => void;
  /**
   * Bumped when the user asked for an answer (ran a query, chose a row or a drop group): focus
   * moves to the answer once it is there, so the keyboard does not have to tab its way to it.
   */
  readonly focusKey?: number;
  /**
   * The last focusKey answered, kept by the page: the panel mounts again (the drops inbox opened
   * over a standing answer puts it under the list), and a count of its own started at 0 took the
   * focus from the inbox's first group for an answer already given.
   */
  readonly focusDone?: { current: number };
}

function Selection({ data, selection, model, graph, flows, onSelect, onRunQuery, findings = null, query = null }: DetailsPanelProps & { readonly data: LoadedData; readonly selection: string }) {
  const key = selectedWorkload(selection);
  const workload = key !== null ? data.cluster.workloads.find((w) => w.key === key) : undefined;
  if (workload) return <WorkloadDetails workload={workload} cluster={data.cluster} model={model} graph={graph} selected={selection} onSelect={onSelect} findings={findings} />;
  if (graph === null) return <p className="muted">Preparing the graph…</p>;
  if (selection.startsWith('e:')) {
    const edge = graph.edges.find((e) => e.id === selection);
    if (!edge) return <p className="empty">The selected path is not drawn with the current view and filters.</p>;
    return <EdgeDetails edge={edge} graph={graph} model={model} flows={flows} flowRecords={data.flowRecords} onSelect={onSelect} onQuery={onRunQuery} findings={findings} asked={query} />;
  }
  if (selection.startsWith('b:')) {
    const bundle = graph.bundles?.find((b) => b.id === selection);
    if (!bundle) return <p className="empty">These paths are not drawn as one line with the current view and filters.</p>;
    return <BundleDetails bundle={bundle} graph={graph} selected={selection} onSelect={onSelect} />;
  }
  const node = graph.nodes.find((n) => n.id === selection);
  if (!node) return <p className="empty">The selected element is not drawn with the current view and filters.</p>;
  return <NodeDetails node={node} graph={graph} selected={selection} onSelect={onSelect} />;
}

/** The answer to move focus to: the path query's result, else the selection's details. */
const ANSWER = '[data-testid="query-result"], [data-answer]';

export function DetailsPanel(props: DetailsPanelProps) {
  const { data, selection, model, queryOutcome, highlight, onCloseQuery, onSelect, onSuggestFix, focusKey = 0, focusDone } = props;
  const panel = useRef<HTMLElement>(null);
  const ownFocused = useRef(0);
  const focused = focusDone ?? ownFocused;
  const answerReady = queryOutcome !== null;
  // The deciding rules' text is read by the load's worker (none on the main-thread route).
  const ruleText = useRuleTextSource(data);
  useEffect(() => {
    if (focusKey === focused.current || !answerReady) return;
    if (queryOutcome?.kind === 'invalid') {
      // The query bar marks the wrong field: the user fixes it there.
      focused.current = focusKey;
      return;
    }
    const target = panel.current?.querySelector<HTMLElement>(ANSWER);
    if (!target) return;
    focused.current = focusKey;
    target.focus();
  });
  return (
    <aside className="details" aria-labelledby="details-title" data-testid="details-panel" tabIndex={0} ref={panel}>
      <h2 id="details-title" className="panel-title">
        Details
      </h2>
      <RuleTextContext.Provider value={ruleText}>
      {queryOutcome !== undefined ? <QueryResult outcome={queryOutcome} model={model} highlight={highlight} onShow={onSelect} selection={selection} onClose={onCloseQuery} {...(onSuggestFix ? { onSuggestFix } : {})} /> : null}
      {!data || selection === null ? (
        <p className="empty">Select a workload or a path on the graph to see its policies, its explanation and its flows.</p>
      ) : (
        <Selection {...props} data={data} selection={selection} />
      )}
      </RuleTextContext.Provider>
    </aside>
  );
}
