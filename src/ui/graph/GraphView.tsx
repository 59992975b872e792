/**
 * The graph slot: view state (collapse, filters) as a reducer over plain data, the GraphModel
 * derived from it (or handed over by the app), a minimal toolbar, the canvas and the legend.
 * Only GraphCanvas touches `cy`.
 */
import { useCallback, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { matchesSearch } from '../../core/graph/filter.ts';
import { groupLabel, OTHERS_GROUP, PLATFORM_GROUP, TENANTS_GROUP } from '../../core/graph/grouping.ts';
import { initialViewState, viewReducer, type ViewAction } from '../../core/graph/viewState.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { GraphCanvas } from './GraphCanvas.tsx';
import { graphDescription } from './graphDescription.ts';
import { foldLegend, type KeepInView } from './keepInView.ts';
import type { ViewCommand } from './layout.ts';
import { Legend } from './Legend.tsx';
import { useOpening } from './useOpening.ts';
import { filtersEmpty } from '../state/urlState.ts';
import type { PathMarks } from './pathMarks.ts';
import { EMPTY_GRAPH_MODEL, useGraphModel, type GraphModelResult } from './useGraphInputs.ts';
import './graph.css';

/**
 * Uncontrolled by default (view state and selection live here). When the app keeps them (URL
 * state), it passes `view` + `onViewAction` and/or `selection` + `onSelect`.
 */
export interface GraphViewProps {
  readonly data: LoadedData;
  /** Called with the workload key when a workload is selected, null otherwise. */
  readonly onSelectWorkload?: (key: WorkloadKey | null) => void;
  readonly view?: ViewState;
  readonly onViewAction?: (action: ViewAction) => void;
  /** Selected element id (`w:<key>`, an edge id, a group id…). */
  readonly selection?: string | null;
  readonly onSelect?: (id: string | null) => void;
  /**
   * The model the app built for `view` (shared with its panels). Without it the view gets its
   * own from the load's graph session.
   */
  readonly model?: GraphModelResult;
  /** The path a query lit up. */
  readonly highlight?: PathMarks | null;
  /** Collapse every group when the load's first model is too big to draw expanded (default true). */
  readonly autoCollapse?: boolean;
  /** Put at the start of the toolbar (the app's panel toggles). */
  readonly toolbarStart?: ReactNode;
  /** Beside the canvas (the app's panel dock); the canvas takes the rest. */
  readonly aside?: ReactNode;
}

/** The group a selected element belongs to (for the collapse button). */
function groupOfSelection(model: GraphModel, id: string | null): string | null {
  if (id === null) return null;
  const n = model.nodes.find((x) => x.id === id);
  const g = n?.group ?? null;
  return g !== null && canToggle(g) ? g : null;
}

/**
 * Whether a group is offered to collapse or expand: not the customer view's other tenants, which
 * are one anonymous node whatever is asked ('Expand other tenants' did nothing, and promised
 * something to see).
 */
function canToggle(group: string): boolean {
  return group !== OTHERS_GROUP;
}

/** What to keep in view besides a lit path: the search's matches and the selection. */
function useKeep(model: GraphModel, search: string, selection: string | null): KeepInView {
  const text = search.trim().toLowerCase();
  const matches = useMemo(() => (text === '' ? [] : model.nodes.filter((n) => matchesSearch(n, text)).map((n) => n.id)), [model, text]);
  return useMemo(() => ({ matches, selection }), [matches, selection]);
}

export function GraphView(props: GraphViewProps) {
  const { data, onSelectWorkload, onViewAction, onSelect: onSelectProp, highlight = null, autoCollapse = true, toolbarStart = null, aside = null } = props;
  const [ownView, ownDispatch] = useReducer(viewReducer, data.cluster, (c) => initialViewState(c));
  const [ownSelected, setSelected] = useState<string | null>(null);
  const view = props.view ?? ownView;
  const selected = props.selection !== undefined ? props.selection : ownSelected;
  const dispatch = useCallback((a: ViewAction) => (onViewAction ? onViewAction(a) : ownDispatch(a)), [onViewAction]);
  const [command, setCommand] = useState<ViewCommand | null>(null);
  // With flows loaded, allowed paths no flow was seen on are faint unless shown in full.
  const [unseenInFull, setUnseenInFull] = useState(false);
  const withFlows = data.flowRecords > 0;
  // Built off the main thread (the load's worker); the previous model stays up meanwhile.
  const own = useGraphModel(props.model ? null : data, view);
  const { engineError, pending } = props.model ?? own;
  const stage = useRef<HTMLDivElement>(null);
  const model = useOpening((props.model ?? own).model, view, dispatch, autoCollapse, stage) ?? EMPTY_GRAPH_MODEL;

  const onSelect = useCallback(
    (id: string | null) => {
      setSelected(id);
      onSelectProp?.(id);
      onSelectWorkload?.(id !== null && id.startsWith('w:') ? (id.slice(2) as WorkloadKey) : null);
    },
    [onSelectProp, onSelectWorkload],
  );
  const toggle = useCallback((group: string) => dispatch({ type: 'toggle-collapsed', group }), [dispatch]);
  const run = (kind: ViewCommand['kind']) => setCommand((c) => ({ kind, seq: (c?.seq ?? 0) + 1 }));
  const selGroup = groupOfSelection(model, selected);
  // The tenants as one node (TENANTS_GROUP): offered where the cluster opens so, or the view has it.
  const aggregated = view.customerTenant === null && view.collapsed.includes(TENANTS_GROUP);
  const aggregateOffered = useMemo(() => aggregated || (view.customerTenant === null && initialViewState(data.cluster, view).collapsed.includes(TENANTS_GROUP)), [aggregated, data.cluster, view]);
  const aggregateLabel = model.nodes.find((n) => n.id === TENANTS_GROUP)?.label ?? 'the tenants';
  const keep = useKeep(model, view.filters.search, selected);
  // The corner over the canvas (zoom buttons, legend): fits keep clear of it.
  const corner = useRef<HTMLDivElement>(null);
  // A change was not brought into view because the user had moved the view: Fit says so.
  const [stale, setStale] = useState(false);
  // The legend folds by itself where, unfolded, it would make the fitted picture's text smaller
  // than clear (a 1,000-workload cluster at 1280x720: edge labels 9.8 px beside it, 11.9 px
  // without it); once the user has folded or unfolded it, it stays as they left it.
  const [legendOpen, setLegendOpen] = useState(true);
  const legendTouched = useRef(false);
  const onFitted = useCallback((zoom: number, withoutOverlay: number) => {
    if (!legendTouched.current && foldLegend(zoom, withoutOverlay)) setLegendOpen(false);
  }, []);
  const onLegendToggle = useCallback((open: boolean) => {
    legendTouched.current = true;
    setLegendOpen(open);
  }, []);

  return (
    <div className="graph-view" data-testid="graph-view" aria-busy={pending}>
      <div className="graph-toolbar" role="toolbar" aria-label="Graph">
        {toolbarStart}
        <span className="graph-tenants">
          <button type="button" className="btn small" onClick={() => dispatch({ type: 'collapse-all', groups: model.groups })} data-testid="graph-collapse-all" title="Collapse every tenant">
            Collapse all
          </button>
          <button type="button" className="btn small" onClick={() => dispatch({ type: 'expand-all' })} data-testid="graph-expand-all" title="Expand every tenant">
            Expand all
          </button>
          {aggregateOffered ? (
            <button
              type="button"
              className={`btn small graph-aggregate${aggregated ? ' on' : ''}`}
              aria-pressed={aggregated}
              onClick={() => (aggregated ? toggle(TENANTS_GROUP) : dispatch({ type: 'collapse-all', groups: [...model.groups, TENANTS_GROUP] }))}
              data-testid="graph-tenants-aggregate"
              title={aggregated ? 'Draw every tenant as its own node' : 'Draw the collapsed tenants as one node'}
            >
              {aggregated ? `Show ${aggregateLabel} one by one` : 'All tenants as one node'}
            </button>
          ) : null}
          <span className="graph-groups" role="group" aria-label="Tenants (click to collapse or expand)">
            {model.groups.filter(canToggle).map((g) => {
              const collapsed = view.collapsed.includes(g);
              return (
                <button
                  key={g}
                  type="button"
                  className={`chip${collapsed ? ' collapsed' : ''}${g === PLATFORM_GROUP ? ' platform' : ''}`}
                  aria-pressed={!collapsed}
                  title={collapsed ? 'Expand' : 'Collapse'}
                  onClick={() => toggle(g)}
                  data-testid="graph-group-toggle"
                  data-group={g}
                >
                  {collapsed ? '▸ ' : '▾ '}
                  {groupLabel(g)}
                </button>
              );
            })}
          </span>
          {selGroup !== null ? (
            <button type="button" className="btn small" onClick={() => toggle(selGroup)} data-testid="graph-toggle-selected">
              {view.collapsed.includes(selGroup) ? 'Expand' : 'Collapse'} {groupLabel(selGroup)}
            </button>
          ) : null}
        </span>
        {withFlows ? (
          <label className="graph-unseen" title="Allowed paths no flow was seen on are drawn faint">
            <input type="checkbox" checked={unseenInFull} onChange={(e) => setUnseenInFull(e.target.checked)} data-testid="graph-unseen-in-full" /> Unobserved paths in full
          </label>
        ) : null}
      </div>
      {engineError !== null ? (
        <p className="graph-warning" role="status">
          Policy evaluation failed ({engineError}); the graph shows observed flows only.
        </p>
      ) : null}
      <div className="graph-body">
        <div className="graph-stage" ref={stage}>
          <GraphCanvas
            model={model}
            selected={selected}
            onSelect={onSelect}
            onToggleGroup={toggle}
            command={command}
            description={graphDescription(model.counts)}
            highlight={highlight}
            faintUnseen={withFlows && !unseenInFull}
            keep={keep}
            covered={corner}
            onStale={setStale}
            onFitted={onFitted}
          />
          {!pending && engineError === null && model.nodes.length === 0 && (!filtersEmpty(view.filters) || (view.filters.time ?? null) !== null) ? (
            // A blank canvas said nothing (a search and "Mismatches" hiding every path): it says why, and the way back.
            <p className="graph-empty" role="status" data-testid="graph-empty">
              Nothing to draw: the filters hide every path.{' '}
              <button type="button" className="btn small" onClick={() => dispatch({ type: 'set-filters', filters: { groups: [], namespaces: [], verdicts: [], protocols: [], port: null, show: 'all', search: '', time: null } })} data-testid="graph-empty-reset">
                Reset filters
              </button>
            </p>
          ) : null}
          <div className="graph-corner" ref={corner}>
            <div className="graph-zoom" role="group" aria-label="Zoom">
            <button
              type="button"
              className={stale ? 'btn stale' : 'btn'}
              onClick={() => run('fit')}
              data-testid="graph-fit"
              data-stale={stale || undefined}
              title={stale ? 'What is shown changed: bring it into view' : 'Fit what matters (the lit path, the matches); again: the whole graph'}
            >
              {stale ? 'Fit ⤢' : 'Fit'}
            </button>
            <button type="button" className="btn" onClick={() => run('zoom-in')} aria-label="Zoom in" data-testid="graph-zoom-in">
              +
            </button>
            <button type="button" className="btn" onClick={() => run('zoom-out')} aria-label="Zoom out" data-testid="graph-zoom-out">
              −
            </button>
            </div>
            <Legend highlight={highlight !== null} whatIf={model.counts.changedEdges !== undefined} bundles={(model.bundles?.length ?? 0) > 0} unseen={withFlows && !unseenInFull} authDenied={model.edges.some((e) => e.verdict === 'auth-denied')} notKnown={model.edges.some((e) => e.verdict === 'not-known')} bundleNotKnown={model.bundles?.some((b) => b.notKnown > 0) === true} open={legendOpen} onToggle={onLegendToggle} />
          </div>
        </div>
        {aside}
      </div>
    </div>
  );
}
