import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import type { GraphFilters } from '../core/graph/types.ts';
import type { ViewAction } from '../core/graph/viewState.ts';
import { workloadNodeId } from '../core/graph/registry.ts';
import type { WorkloadKey } from '../core/model/cluster.ts';
import { DEMO_LABEL, demoSources } from '../demo/demoSources.ts';
import type { LoadSource } from '../workers/protocol.ts';
import { FilterBar } from './filters/FilterBar.tsx';
import { GraphArea } from './panels/GraphArea.tsx';
import { Dock } from './shell/Dock.tsx';
import { closedDock, dockReducer, type PanelId } from './shell/dock.ts';
import { PanelBar, type PanelToggle } from './shell/PanelBar.tsx';
import { useEscapeCloses } from './shell/useEscapeCloses.ts';
import { QueryBar } from './query/QueryBar.tsx';
import { queryCode, useQueryCode } from './query/queryCode.ts';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { LoadStatus } from './shell/LoadStatus.tsx';
import { TopBar } from './shell/TopBar.tsx';
import { DropOverlay } from './shell/DropOverlay.tsx';
import { useFileDrop } from './shell/useFileDrop.ts';
import type { PickedFolder } from './shell/folderFiles.ts';
import { appReducer, appStateFromUrl, selectedWorkload, workloadSelection } from './state/appState.ts';
import { flowsOf } from './state/engineTasks.ts';
import type { GraphControl } from './state/graphControl.ts';
import { loadedText, summarize } from './state/summary.ts';
import { useEngineView } from './state/useEngine.ts';
import { readUrlViewState, replaceUrlViewState, type QueryText } from './state/urlState.ts';
import { useLoader, type LoadJob } from './state/useLoader.ts';
import type { AgentSettingValues } from '../core/model/cluster.ts';
import { CustomerToggle } from './customer/CustomerToggle.tsx';
import { withCustomerFromUrl } from './customer/customerUrl.ts';
import { ExportMenu } from './export/ExportMenu.tsx';
import { rememberInputs } from './export/inputDigest.ts';
import { PrintFigure } from './export/PrintFigure.tsx';
import { TestRenderCrash } from './testApi.ts';
import type { GraphModelResult } from './graph/useGraphInputs.ts';
import type { QueryOutcome } from '../core/query/runQuery.ts';
import { noDrafts, type DraftsState } from './whatif/draftsState.ts';
import type { FixRequest } from './whatif/WhatIfPanel.tsx';
import { useFindings } from './lint/useFindings.ts';
import { findingMarks, findingsByPolicy } from '../core/findings/targets.ts';
import { worstSeverity } from '../core/model/diagnostic.ts';
import type { Finding } from '../core/lint/types.ts';
import { edgeQueryText, type DropGroup, type MismatchGroup, type TimeRange } from '../core/flows/inbox.ts';
import { InboxButtons, type InboxTab } from './inbox/InboxButtons.tsx';
import { activeFilterNames } from './filters/filterStatus.ts';
import { useInbox } from './inbox/useInbox.ts';
import type { SearchHit } from '../core/search/searchIndex.ts';
import { searchCode } from '../core/search/searchCode.ts';
import { useSearchCode } from './filters/useSearchCode.ts';
import type { SearchMarks } from '../core/search/searchMarks.ts';

// The what-if editor brings the YAML printer and its own worker: loaded when first opened.
const WhatIfPanel = lazy(() => import('./whatif/WhatIfPanel.tsx'));
const PasteDialog = lazy(() => import('./shell/PasteDialog.tsx').then((m) => ({ default: m.PasteDialog })));

// The dock's panels and the customer view: loaded when first shown (the default screen shows none).
const DetailsPanel = lazy(() => import('./panels/DetailsPanel.tsx').then((m) => ({ default: m.DetailsPanel })));
const DiagnosticsPanel = lazy(() => import('./panels/DiagnosticsPanel.tsx').then((m) => ({ default: m.DiagnosticsPanel })));
const SourcesPanel = lazy(() => import('./panels/SourcesPanel.tsx').then((m) => ({ default: m.SourcesPanel })));
const WorkloadsPanel = lazy(() => import('./panels/WorkloadsPanel.tsx').then((m) => ({ default: m.WorkloadsPanel })));
const PathsTable = lazy(() => import('./a11y/PathsTable.tsx').then((m) => ({ default: m.PathsTable })));
const AgentSettingsPanel = lazy(() => import('./panels/AgentSettingsPanel.tsx').then((m) => ({ default: m.AgentSettingsPanel })));
const CustomerWorkspace = lazy(() => import('./customer/CustomerWorkspace.tsx').then((m) => ({ default: m.CustomerWorkspace })));
const FindingsPanel = lazy(() => import('./lint/FindingsPanel.tsx').then((m) => ({ default: m.FindingsPanel })));
const DropsInbox = lazy(() => import('./inbox/DropsInbox.tsx').then((m) => ({ default: m.DropsInbox })));

function fileSources(files: readonly File[]): LoadSource[] {
  return files.map((file) => ({ kind: 'file', name: file.name, file }));
}

function filesLabel(files: readonly File[]): string {
  return files.length === 1 ? (files[0]?.name ?? '1 file') : `${files.length} files`;
}

export function App() {
  // The page opens with what its URL says (view, filters, selection, query), waiting for data.
  const [state, dispatch] = useReducer(appReducer, undefined, () => appStateFromUrl(withCustomerFromUrl(readUrlViewState(window.location.search), window.location.search)));
  const [pasteOpen, setPasteOpen] = useState(false);
  // The paste dialog is a chunk of its own, mounted when first opened (and kept: its text stays).
  const [pasteUsed, setPasteUsed] = useState(false);
  if (pasteOpen && !pasteUsed) setPasteUsed(true);

  const lastJob = useRef<LoadJob | null>(null);
  const loader = useLoader((data, job) => {
    lastJob.current = job;
    rememberInputs(data, job.sources);
    dispatch({ type: 'loaded', data, origin: job.origin, label: job.label });
    // A reload after loading real input must not silently show the demo instead.
    replaceUrlViewState({ demo: job.origin === 'demo' });
  });
  const { load } = loader;

  const loadFiles = useCallback(
    (files: File[]) => load({ sources: fileSources(files), origin: 'user', label: filesLabel(files) }),
    [load],
  );
  // Folders (opened, or dropped with files): their inputs chosen as the CLI chooses them (core/load/folderInputs.ts).
  const loadDropped = useCallback(
    async (files: File[], folders: PickedFolder[]) => {
      if (folders.length === 0) return loadFiles(files);
      // The folder walker is a chunk of its own: only folders need it.
      const { folderSources } = await import('./shell/folderFiles.ts');
      const chosen = folderSources(folders);
      const names = [...folders.map((f) => `${f.name}/`), ...files.map((f) => f.name)];
      load({ sources: [...fileSources(files), ...chosen.sources], origin: 'user', label: names.length === 1 ? (names[0] as string) : `${names.length} folders and files`, notes: chosen.notes });
    },
    [load, loadFiles],
  );
  const loadFolder = useCallback((files: File[]) => void import('./shell/folderFiles.ts').then(({ foldersFromInput }) => loadDropped([], foldersFromInput(files))), [loadDropped]);
  // The agent settings line: the same input read again with the user's settings (null: the cluster's own).
  const onAgentSettings = useCallback(
    (agentSettings: AgentSettingValues | null) => {
      const job = lastJob.current;
      if (!job) return;
      const { agentSettings: _previous, ...rest } = job;
      load(agentSettings === null ? rest : { ...rest, agentSettings });
    },
    [load],
  );
  const loadDemo = useCallback(() => load({ sources: demoSources, origin: 'demo', label: DEMO_LABEL }), [load]);
  const dragging = useFileDrop(loadDropped);

  // A customer link (`?tenant=T&view=customer`) waits for the files of T's cluster: the demo has no tenant T.
  const [opensAsCustomer] = useState(() => state.view.customerTenant !== null);
  useEffect(() => {
    if (readUrlViewState(window.location.search).demo && !opensAsCustomer) loadDemo();
  }, [loadDemo, opensAsCustomer]);

  // View, filters, selection and the path query live in the URL (never the data).
  useEffect(() => {
    replaceUrlViewState({ view: state.view, collapsedExplicit: state.collapsedExplicit, selected: state.selection, query: state.query });
  }, [state.view, state.collapsedExplicit, state.selection, state.query]);

  // The engine model (path queries, details) is compiled only once something needs it: a query,
  // a selection, or the query form in use (its suggestions).
  const [queryFormUsed, setQueryFormUsed] = useState(false);
  const engineWanted = state.query !== null || state.selection !== null || queryFormUsed;
  const engine = useEngineView(state.data, state.view, engineWanted);
  // The code that answers queries comes with the engine model (ui/query/queryCode.ts).
  const modelCode = engine.model !== null ? queryCode() : null;
  // A query to a DNS name is answered for an address the loaded flows saw it at, as the graph draws it.
  const dnsAddresses = useMemo(() => modelCode?.observedDnsAddresses(state.data?.flows) ?? null, [modelCode, state.data]);
  const outcome = useMemo(
    () => (state.query !== null && engine.model !== null && modelCode !== null && dnsAddresses !== null ? modelCode.runQuery(engine.model, state.query, dnsAddresses) : null),
    [state.query, engine.model, modelCode, dnsAddresses],
  );

  // What-if (src/ui/whatif): while open, the graph shows the proposed policies with the changed
  // paths marked, and the path query is answered by them. The drafts outlive closing the panel;
  // a new load clears them.
  // The panels (src/ui/shell/dock.ts): one at a time beside the canvas. What-if is one of them.
  const [dock, dockDispatch] = useReducer(dockReducer, closedDock);
  const whatIfOpen = dock.open === 'whatif';
  const setWhatIfOpen = useCallback((open: boolean) => dockDispatch(open ? { type: 'show', panel: 'whatif' } : { type: 'close', panel: 'whatif' }), []);
  // Changed only by the what-if panel, which brings its reducer (whatif/drafts.ts) with it.
  const [drafts, setDrafts] = useState<DraftsState>(noDrafts);
  const [whatIfGraph, setWhatIfGraph] = useState<GraphModelResult | null>(null);
  const [whatIfAnswer, setWhatIfAnswer] = useState<QueryOutcome | null>(null);
  const [fixRequest, setFixRequest] = useState<FixRequest | null>(null);
  const onSuggestFix = useCallback(() => {
    if (state.query === null) return;
    const query = state.query;
    setFixRequest((r) => ({ query, n: (r?.n ?? 0) + 1 }));
    setWhatIfOpen(true);
  }, [state.query, setWhatIfOpen]);
  const onFixHandled = useCallback((n: number) => setFixRequest((r) => (r?.n === n ? null : r)), []);
  useEffect(() => {
    setDrafts(noDrafts);
    setWhatIfOpen(false);
    setFixRequest(null);
  }, [state.data, setWhatIfOpen]);
  const whatIf = whatIfOpen && state.data !== null && state.view.customerTenant === null;
  const shownGraph = whatIf && whatIfGraph ? whatIfGraph : engine.graphModel;
  const shownAnswer = whatIf ? whatIfAnswer : outcome;
  // The what-if's answers come without the page's engine model: they fetch the code themselves.
  const answerCode = useQueryCode(shownAnswer !== null);

  const highlight = useMemo(
    () =>
      shownAnswer?.kind === 'answer' && shownGraph.model !== null && state.data !== null && answerCode
        ? answerCode.pathHighlight(shownGraph.model, state.data.cluster, state.view, shownAnswer.query, shownAnswer.decision)
        : null,
    [shownAnswer, shownGraph.model, state.data, state.view, answerCode],
  );

  // Search (src/core/search): results under the search box; a chosen one is lit on the graph and
  // selected, for as long as that selection stands and no path query is shown.
  // A result inside a collapsed tenant (or the aggregate) opens its tenant: its marks wait for the graph that draws it (`hit`).
  const [searchChoice, setSearchChoice] = useState<{ readonly marks: SearchMarks; readonly hit?: SearchHit } | null>(null);
  const cluster = state.data?.cluster ?? null;
  const outsideNodes = useMemo(() => (engine.graph ? engine.graph.nodes.filter((n) => n.kind === 'cidr' || n.kind === 'fqdn' || n.kind === 'world' || n.kind === 'entity') : []), [engine.graph]);
  // The search is a chunk of its own (core/search/searchCode.ts), fetched when the search box is
  // hovered or focused: until it has come the results are pending (null) and the box keeps the
  // keys typed meanwhile for them; this callback changes when it comes.
  const { status: searchStatus, prepare: prepareSearch } = useSearchCode();
  const searchResults = useCallback(
    (text: string): readonly SearchHit[] | null => {
      if (!cluster || searchStatus === 'failed') return [];
      if (searchStatus === 'not-yet') {
        prepareSearch();
        return null;
      }
      const search = searchCode.get();
      return search.searchIndex(search.searchIndexOf(cluster), text, 50, outsideNodes);
    },
    [cluster, outsideNodes, searchStatus, prepareSearch],
  );
  // A result (`hit`) comes only from the search's chunk, so its marks' code is there (searchChunk.ts).
  const chosenMarks = useMemo(
    () => (searchChoice?.hit !== undefined && shownGraph.model !== null && cluster !== null ? { ...searchCode.get().searchMarks(searchChoice.hit, shownGraph.model, cluster, state.view), select: searchChoice.marks.select } : (searchChoice?.marks ?? null)),
    [searchChoice, shownGraph.model, cluster, state.view],
  );
  const searchLit = chosenMarks !== null && state.query === null && chosenMarks.select === state.selection ? chosenMarks : null;

  // Lint findings (src/ui/lint): asked of the load's worker once the first graph is there. A
  // finding shown on the graph lights up its policy's workloads and paths instead of the query.
  const findings = useFindings(state.data, engine.graph !== null);
  const findingsIndex = useMemo(() => (findings.report ? findingsByPolicy(findings.report.findings) : null), [findings.report]);
  const [focusedFinding, setFocusedFinding] = useState<Finding | null>(null);
  useEffect(() => setFocusedFinding(null), [state.data]);
  const marks = useMemo(
    () =>
      focusedFinding !== null && findings.report !== null && shownGraph.model !== null && state.data !== null
        ? findingMarks(focusedFinding, shownGraph.model, state.data.cluster, state.view, findings.report.subjects)
        : (searchLit ?? highlight),
    [focusedFinding, findings.report, shownGraph.model, state.data, state.view, highlight, searchLit],
  );

  // Drops inbox (src/ui/inbox): dropped flows and mismatches grouped by path, a time range over
  // all flows; one click on a group explains it (path query + its graph edge selected).
  // Bumped when the user asks for an answer: the details panel then moves focus to it.
  const [answerFocus, setAnswerFocus] = useState(0);
  const answerFocusDone = useRef(0);
  const focusAnswer = useCallback(() => setAnswerFocus((n) => n + 1), []);
  const [inboxTab, setInboxTab] = useState<InboxTab | null>(null);
  const [openedGroup, setOpenedGroup] = useState<string | null>(null);
  // The time range is a graph filter (it narrows graph, lists and counts alike).
  const timeRange: TimeRange | null = state.view.filters.time ?? null;
  const setTimeRange = useCallback((time: TimeRange | null) => dispatch({ type: 'view', action: { type: 'set-filters', filters: { time } } }), []);
  // A new load starts on all its flows, except the first one after opening a link with a time range.
  const timeFromLink = useRef(timeRange !== null);
  useEffect(() => {
    setOpenedGroup(null);
    if (state.data === null) return;
    if (timeFromLink.current) timeFromLink.current = false;
    else setTimeRange(null);
  }, [state.data, setTimeRange]);
  const inbox = useInbox(state.data, timeRange);
  // The inbox opens in the dock (its two top-bar buttons choose the tab, or close it).
  const inboxShown = dock.open === 'inbox' && inbox.flows !== null;
  // A link (`inbox=drops|mismatches`) opens it on that tab once flows are loaded; till then the
  // link keeps saying so. Then the address follows the dock.
  const inboxFromLink = useRef(readUrlViewState(window.location.search).inbox);
  useEffect(() => {
    if (inboxFromLink.current === null || state.data === null) return;
    if (inbox.flows !== null && state.view.customerTenant === null) {
      setInboxTab(inboxFromLink.current);
      dockDispatch({ type: 'show', panel: 'inbox' });
    }
    inboxFromLink.current = null;
  }, [state.data, inbox.flows, state.view.customerTenant]);
  useEffect(() => {
    if (inboxFromLink.current === null) replaceUrlViewState({ inbox: inboxShown && state.view.customerTenant === null ? (inboxTab ?? 'drops') : null });
  }, [inboxShown, inboxTab, state.view.customerTenant]);
  // Opened from its button: the inbox moves the focus to its first group (once).
  const [inboxFocus, setInboxFocus] = useState(false);
  const inboxFocused = useCallback(() => setInboxFocus(false), []);
  const openInbox = useCallback((tab: InboxTab | null) => {
    if (tab !== null) setInboxTab(tab);
    setInboxFocus(tab !== null);
    dockDispatch(tab === null ? { type: 'close', panel: 'inbox' } : { type: 'show', panel: 'inbox' });
  }, []);
  const graphEdges = engine.graph?.edges;
  const onOpenGroup = useCallback(
    (g: DropGroup | MismatchGroup) => {
      const q = edgeQueryText(g);
      const edge = graphEdges?.find((e) => e.flowKeys.includes(g.edgeKey)) ?? null;
      setOpenedGroup(g.id);
      dispatch({ type: 'explain', query: q.ok ? q.query : null, selection: edge?.id ?? null });
      focusAnswer();
    },
    [graphEdges, focusAnswer],
  );

  const shownModel = shownGraph.model;
  const onChooseResult = useCallback(
    (hit: SearchHit) => {
      if (shownModel === null || cluster === null) return;
      const { searchMarks, tenantsToOpen } = searchCode.get();
      const open = tenantsToOpen(hit, cluster, state.view);
      if (open.length > 0) {
        // Inside a collapsed tenant (or the tenants' aggregate): its tenant opens (one step from
        // the opening to one tenant's graph), and the first of its workloads is selected once drawn.
        dispatch({ type: 'view', action: { type: 'expand-groups', groups: open } });
        const first: string | null = hit.workloads.length > 0 ? workloadNodeId(hit.workloads[0] as string) : null;
        const marks: SearchMarks = { nodes: [], edges: [], select: first };
        setSearchChoice({ marks, hit });
        dispatch({ type: 'explain', query: null, selection: first });
        focusAnswer();
        return;
      }
      const marks = searchMarks(hit, shownModel, cluster, state.view);
      setSearchChoice({ marks });
      dispatch({ type: 'explain', query: null, selection: marks.select });
      focusAnswer();
    },
    [shownModel, cluster, state.view, focusAnswer],
  );

  const select = useCallback((id: string | null) => dispatch({ type: 'select', id }), []);
  // Customer view (export, share, redaction: src/ui/customer, src/ui/export).
  const customer = state.view.customerTenant;
  // The HTML report writes the text when it is saved, with the line naming the Cilium version and settings (ExportPopover).
  const explanation = outcome?.kind === 'answer' && engine.model !== null ? { answer: outcome, model: engine.model } : null;
  const onSwitchAudience = useCallback(() => {
    dispatch({ type: 'select', id: null });
    dispatch({ type: 'clear-query' });
  }, []);
  const onViewAction = useCallback((action: ViewAction) => dispatch({ type: 'view', action }), []);
  const onFilters = useCallback((filters: Partial<GraphFilters>) => dispatch({ type: 'view', action: { type: 'set-filters', filters } }), []);
  const onRunQuery = useCallback((query: QueryText) => dispatch({ type: 'run-query', query }), []);
  const onRunQueryFromBar = useCallback(
    (query: QueryText) => {
      dispatch({ type: 'run-query', query });
      focusAnswer();
    },
    [focusAnswer],
  );
  const onClearQuery = useCallback(() => dispatch({ type: 'clear-query' }), []);
  const onSelectWorkload = useCallback((key: WorkloadKey | null) => dispatch({ type: 'select', id: workloadSelection(key) }), []);
  const graphControl: GraphControl = useMemo(
    () => ({ view: state.view, onViewAction, selection: state.selection, onSelect: select, onChosen: focusAnswer, highlight: marks, model: shownGraph, autoCollapse: !state.collapsedExplicit }),
    [state.view, onViewAction, state.selection, select, focusAnswer, marks, shownGraph, state.collapsedExplicit],
  );

  const summary = useMemo(() => (state.data ? summarize(state.data) : null), [state.data]);
  const context = summary ? loadedText(state.label, summary) : 'nothing';

  // The dock follows what the user does: a selection or a path query shows the details (what-if
  // answers them itself), a load of the user's own files with errors in them shows the diagnostics.
  const [seen, setSeen] = useState({ data: state.data, selection: state.selection, query: state.query });
  if (seen.data !== state.data || seen.selection !== state.selection || seen.query !== state.query) {
    setSeen({ data: state.data, selection: state.selection, query: state.query });
    // A load brings a selection or query from the URL (or from before) back to the details.
    const loaded = state.data !== seen.data && state.data !== null;
    const asked = (state.selection !== null && (loaded || state.selection !== seen.selection)) || (state.query !== null && (loaded || state.query !== seen.query));
    if (asked) dockDispatch({ type: 'reveal', panel: 'details', unless: LIST_PANELS_AND_WHATIF });
    else if (loaded && state.origin === 'user' && worstSeverity(state.data?.diagnostics ?? []) === 'error') dockDispatch({ type: 'show', panel: 'diagnostics' });
  }
  const closeDock = useCallback(() => dockDispatch({ type: 'close' }), []);
  useEscapeCloses(dock.open !== null && customer === null, closeDock);
  const togglePanel = useCallback((panel: PanelId) => dockDispatch({ type: 'toggle', panel }), []);
  const showDiagnostics = useCallback(() => dockDispatch({ type: 'show', panel: 'diagnostics' }), []);

  const data = state.data;
  const diagnostics = data?.diagnostics ?? [];
  const findingList = findings.report?.findings ?? null;
  const hasPolicies = data !== null && data.cluster.policies.length > 0;
  const panels: PanelToggle[] = data
    ? [
        { id: 'sources', label: 'Sources', count: data.files.length, title: 'The loaded files and what was read from each' },
        { id: 'diagnostics', label: 'Diagnostics', count: diagnostics.length, tone: toneOf(worstSeverity(diagnostics)), title: 'What in the input was not understood, and where' },
        ...(hasPolicies
          ? [{ id: 'findings', label: 'Findings', count: findingList?.length ?? '…', tone: toneOf(findingList ? worstSeverity(findingList) : null), title: 'Policies that do not do what they seem to' }]
          : []),
        { id: 'workloads', label: 'Workloads', count: data.cluster.workloads.length, title: 'The workloads as a list, by tenant and namespace', testId: 'workload-list-toggle' },
        { id: 'paths', label: 'Paths table', count: engine.graph?.counts.edges, title: 'Every drawn path with its verdict, as a table', testId: 'paths-table-toggle' },
        { id: 'details', label: 'Details', title: 'The selected workload or path, and the path query’s answer' },
      ]
    : [];
  const panelLabel = (id: PanelId): string => (id === 'whatif' ? 'What-if' : id === 'inbox' ? 'Drops inbox' : (panels.find((p) => p.id === id)?.label ?? id));

  const details = (
    <DetailsPanel
      data={data}
      selection={state.selection}
      model={engine.model}
      graph={engine.graph}
      flows={data ? flowsOf(data) : null}
      queryOutcome={state.query === null ? undefined : outcome}
      query={state.query}
      highlight={highlight}
      onSelect={select}
      onRunQuery={onRunQuery}
      onCloseQuery={onClearQuery}
      onSuggestFix={onSuggestFix}
      findings={findingsIndex}
      focusKey={answerFocus}
      focusDone={answerFocusDone}
    />
  );
  // A list (workloads, paths) keeps its place when one of its rows is picked: the details open
  // under it, in the same dock.
  const withDetails = (list: ReactNode): ReactNode =>
    state.selection !== null || state.query !== null ? (
      <div className="dock-split">
        {list}
        {details}
      </div>
    ) : (
      list
    );
  const panel = (id: PanelId): ReactNode => {
    switch (id) {
      case 'sources':
        return (
          <div className="dock-stack">
            <AgentSettingsPanel data={data} onChange={onAgentSettings} />
            <SourcesPanel data={data} />
          </div>
        );
      case 'diagnostics':
        return <DiagnosticsPanel data={data} />;
      case 'findings':
        return hasPolicies ? <FindingsPanel findings={findingList} loaded error={findings.error} focused={focusedFinding} onFocus={setFocusedFinding} /> : null;
      case 'workloads':
        return data ? withDetails(<WorkloadsPanel data={data} selected={selectedWorkload(state.selection)} onSelect={onSelectWorkload} findings={findingsIndex} />) : null;
      case 'paths':
        return withDetails(
          <section id="paths-table" className="panel paths" tabIndex={0} aria-labelledby="paths-title" data-testid="paths-panel">
            <h2 id="paths-title" className="panel-title">
              Paths with verdicts <span className="panel-count">{engine.graph ? `${engine.graph.counts.edges} drawn` : ''}</span>
            </h2>
            <PathsTable graph={engine.graph} selection={state.selection} onSelect={select} onChosen={focusAnswer} />
          </section>,
        );
      case 'details':
        return details;
      case 'inbox':
        return inbox.flows !== null ? (
          withDetails(
            <DropsInbox
              tab={inboxTab ?? 'drops'}
              onTab={setInboxTab}
              drops={inbox.drops}
              mismatches={inbox.mismatches}
              flows={inbox.flows}
              range={timeRange}
              onRange={setTimeRange}
              captureFirst={inbox.flows.totals.firstTime}
              captureLast={inbox.flows.totals.lastTime}
              openedId={openedGroup}
              query={state.query}
              onOpen={onOpenGroup}
              activeFilters={activeFilterNames(state.view.filters)}
              onResetFilters={() => onFilters({ groups: [], namespaces: [], verdicts: [], protocols: [], port: null, show: 'all', search: '' })}
              focusOnOpen={inboxFocus}
              onFocused={inboxFocused}
            />,
          )
        ) : null;
      case 'whatif':
        return whatIf && data !== null ? (
          <Suspense fallback={<aside className="details" aria-busy="true"><p className="muted">Opening the what-if editor…</p></aside>}>
            <WhatIfPanel
              data={data}
              view={state.view}
              drafts={drafts}
              setDrafts={setDrafts}
              query={state.query}
              loadedAnswer={outcome}
              onGraph={setWhatIfGraph}
              onAnswer={setWhatIfAnswer}
              onClose={() => setWhatIfOpen(false)}
              fixRequest={fixRequest}
              onFixHandled={onFixHandled}
              selection={state.selection}
              onViewAction={onViewAction}
              onSelect={select}
            />
          </Suspense>
        ) : null;
      default:
        return null;
    }
  };
  const docked = dock.open !== null && data !== null ? panel(dock.open) : null;

  return (
    <div className="app" aria-busy={loader.pending}>
      <TopBar
        summary={summary}
        origin={state.origin}
        label={state.label}
        onOpenFiles={loadFiles}
        onOpenFolder={loadFolder}
        onPaste={() => setPasteOpen(true)}
        onDemo={loadDemo}
        graphCounts={engine.graph?.counts ?? null}
        customerTenant={customer}
        status={
          state.data !== null && customer === null && inbox.flows !== null ? (
            <InboxButtons dropped={inbox.dropped} mismatches={inbox.mismatches.length} open={inboxShown ? inboxTab : null} onOpen={openInbox} />
          ) : null
        }
        onShowDiagnostics={showDiagnostics}
        tools={
          <>
            {state.data !== null && customer === null ? (
              <button type="button" className="btn" aria-pressed={whatIf} aria-controls={whatIf ? 'dock' : undefined} onClick={() => togglePanel('whatif')} data-testid="whatif-toggle" title="Edit policies and see what the change would do">
                What-if
              </button>
            ) : null}
            <CustomerToggle cluster={state.data?.cluster ?? null} view={state.view} onViewAction={onViewAction} onSwitch={onSwitchAudience} />
            <ExportMenu graph={engine.graph} view={state.view} data={state.data} highlight={highlight} explanation={explanation} onViewAction={onViewAction} />
          </>
        }
      />
      <LoadStatus
        progress={loader.progress}
        pendingLabel={loader.pendingLabel}
        failure={loader.pending ? null : loader.failure}
        shownLabel={state.data ? state.label : ''}
        onCancel={loader.cancel}
        onDismiss={loader.dismiss}
      />
      <ErrorBoundary context={context}>
        {import.meta.env.MODE === 'e2e' ? <TestRenderCrash /> : null}
        {customer !== null ? (
          <Suspense fallback={<p className="muted">Opening the customer view…</p>}>
            <CustomerWorkspace tenant={customer} data={state.data} graph={engine.graph} engineError={engine.graphModel.engineError} view={state.view} onViewAction={onViewAction} autoCollapse={!state.collapsedExplicit} selection={state.selection} onSelect={select} onOpenFiles={loadFiles} />
          </Suspense>
        ) : (
          <main className={whatIf ? 'workspace whatif-mode' : 'workspace'}>
            {data ? (
              <div className="controls" onFocus={() => setQueryFormUsed(true)}>
                <QueryBar
                  model={engine.model}
                  cluster={state.data.cluster}
                  query={state.query}
                  invalid={outcome?.kind === 'invalid' ? outcome : null}
                  onRun={onRunQueryFromBar}
                  onClear={onClearQuery}
                />
                <FilterBar
                  cluster={data.cluster}
                  groupingLabel={state.view.groupingLabel}
                  filters={state.view.filters}
                  onChange={onFilters}
                  shown={engine.graph?.edges.length ?? null}
                  counts={engine.graph?.counts ?? null}
                  results={searchResults}
                  onPrepareSearch={prepareSearch}
                  onChooseResult={onChooseResult}
                />
              </div>
            ) : null}
            <GraphArea
              data={data}
              graph={graphControl}
              toolbarStart={<PanelBar panels={panels} open={dock.open} onToggle={togglePanel} />}
              aside={
                dock.open !== null && docked !== null ? (
                  <Dock
                    open={dock.open}
                    label={panelLabel(dock.open)}
                    back={dock.back !== null ? { id: dock.back, label: panelLabel(dock.back) } : null}
                    wide={WIDE_PANELS.has(dock.open)}
                    onClose={closeDock}
                    onBack={() => dockDispatch({ type: 'back' })}
                  >
                    <Suspense fallback={<p className="muted">Opening…</p>}>{docked}</Suspense>
                  </Dock>
                ) : null
              }
            />
          </main>
        )}
      </ErrorBoundary>
      <PrintFigure graph={engine.graph} view={state.view} data={state.data} highlight={highlight} />
      {pasteUsed && (
        <Suspense fallback={null}>
          <PasteDialog
            open={pasteOpen}
            onClose={() => setPasteOpen(false)}
            onLoad={(name, text) => {
              setPasteOpen(false);
              load({ sources: [{ kind: 'text', name, text }], origin: 'user', label: name });
            }}
          />
        </Suspense>
      )}
      <DropOverlay active={dragging} />
    </div>
  );
}

/** Lists that show the details of their picked row under them, and what-if (which shows them itself). */
const LIST_PANELS_AND_WHATIF: readonly PanelId[] = ['workloads', 'paths', 'inbox', 'whatif'];

/** Panels that get the wide dock (still leaving the canvas half of the window). */
const WIDE_PANELS: ReadonlySet<PanelId> = new Set(['whatif', 'paths', 'workloads', 'inbox']);

function toneOf(severity: 'error' | 'warning' | 'info' | null): 'error' | 'warning' | undefined {
  return severity === 'error' || severity === 'warning' ? severity : undefined;
}
