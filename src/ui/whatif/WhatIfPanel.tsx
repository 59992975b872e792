/**
 * What-if: edit policies (or write new ones, or delete some) and see what the change would do
 * before it ships. The texts are checked as you type by the same loader as any input (its
 * diagnostics, with line and field path), and the proposed set is compared with the loaded one
 * in a worker: every path that opens or closes, with the rules responsible, and the observed
 * connections whose verdict flips. The graph shows the proposed set with the changed paths
 * marked (the app draws what `onGraph` hands it). Nothing is sent anywhere; nothing is applied.
 *
 * Loaded lazily (it brings the YAML printer and the what-if worker).
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Change } from '../../core/diff/types.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { ViewAction } from '../../core/graph/viewState.ts';
import { findChangedPath } from '../../core/whatif/marks.ts';
import type { ChangedPath } from '../../core/whatif/pathEnds.ts';
import { worstSeverity } from '../../core/model/diagnostic.ts';
import type { Policy, PolicyKey } from '../../core/model/policy.ts';
import type { QueryOutcome, QueryText } from '../../core/query/runQuery.ts';
import { policyLabel } from '../../core/model/policyLabel.ts';
import type { WhatIfOutcome } from '../../core/whatif/types.ts';
import { fixDraft } from '../../core/whatif/fixDraft.ts';
import { stepText, type WhatIfProgress } from '../../core/whatif/whatIf.ts';
import { WhatIfClient } from '../../workers/whatifClient.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { saveFile } from '../export/files.ts';
import type { GraphModelResult } from '../graph/useGraphInputs.ts';
import { DecisionView } from '../query/DecisionView.tsx';
import { flowsOf } from '../state/engineTasks.ts';
import { plural } from '../state/summary.ts';
import { ChangesByRule, ObservedChanges } from './ChangeList.tsx';
import { DocumentEditor, DocumentTabs, PolicyPicker } from './DraftEditor.tsx';
import { draftOf, draftsReducer, hasChanges, isEdited, type DraftsAction, type DraftsState } from './drafts.ts';
import { SelectedEdge, SuggestedFix, type FixState } from './WhatIfNotes.tsx';
import './whatif.css';

export interface WhatIfPanelProps {
  readonly data: LoadedData;
  readonly view: ViewState;
  readonly drafts: DraftsState;
  /** The app keeps the drafts (they outlive the panel); the panel changes them through its reducer. */
  readonly setDrafts: (change: (drafts: DraftsState) => DraftsState) => void;
  /** The path query in the query bar, answered here by the proposed policies. */
  readonly query: QueryText | null;
  /** The same query answered by the loaded policies (null while the engine is prepared). */
  readonly loadedAnswer: QueryOutcome | null;
  /** The proposed set's graph for `view`, changes marked (null: show the loaded graph). */
  readonly onGraph: (graph: GraphModelResult | null) => void;
  /** The proposed set's answer to the path query (for the highlight), or null. */
  readonly onAnswer: (outcome: QueryOutcome | null) => void;
  readonly onClose: () => void;
  /** A path to suggest a fix for (a new `n` asks again); its changes become drafts. */
  readonly fixRequest: FixRequest | null;
  /** The request's drafts are loaded: it must not be applied again (when the panel reopens). */
  readonly onFixHandled: (n: number) => void;
  /** The graph element selected on the canvas (an edge of the proposed graph is described here). */
  readonly selection: string | null;
  /** "Show on graph" of a changed path: expands the groups that hide it… */
  readonly onViewAction: (action: ViewAction) => void;
  /** …and selects it. */
  readonly onSelect: (id: string | null) => void;
}


export interface FixRequest {
  readonly query: QueryText;
  readonly n: number;
}


/** Pause in typing after which the draft is checked and compared. */
const SETTLE_MS = 300;

function useSettled<T>(value: T, key: string, ms: number): T {
  const [settled, setSettled] = useState({ value, key });
  useEffect(() => {
    if (key === settled.key) return;
    const t = setTimeout(() => setSettled({ value, key }), ms);
    return () => clearTimeout(t);
  }, [value, key, ms, settled.key]);
  return settled.value;
}

interface RunState {
  readonly run: number;
  readonly outcome: WhatIfOutcome;
  /** The draft key this outcome answers. */
  readonly key: string;
}

function summaryText(o: WhatIfOutcome, flows: boolean): string {
  const c = o.counts;
  const paths = c.newlyAllowed + c.newlyDenied + c.portsChanged;
  const head =
    paths === 0
      ? 'No connectivity change.'
      : `${plural(paths, 'path')} change: ${c.newlyAllowed} newly allowed, ${c.newlyDenied} newly denied, ${c.portsChanged} with changed ports.`;
  if (!flows) return `${head} Load a Hubble export to see which observed connections change.`;
  return `${head} Observed: ${plural(c.breaks, 'connection')} would be dropped, ${plural(c.unblocks, 'connection')} would now pass.`;
}

/**
 * Edited texts with errors, said where the counts are: a text that does not load leaves its
 * policy out of the proposed set (compared as deleted), so a typo reads as every path the policy
 * allowed being denied unless it is said here.
 */
function NotLoaded({ documents, drafts }: { readonly documents: WhatIfOutcome['documents']; readonly drafts: DraftsState }) {
  const lines = documents.flatMap((d) => {
    const errors = d.diagnostics.filter((x) => x.severity === 'error');
    if (errors.length === 0) return [];
    const doc = drafts.documents.find((x) => x.id === d.id);
    const name = (doc?.name ?? d.id).replace(/^what-if: /, '');
    const line = errors.find((x) => x.line > 0)?.line;
    const where = `${plural(errors.length, 'error')}${line !== undefined ? `, line ${line}` : ''}`;
    if (d.policies.length === 0)
      return [d.replaces !== null ? `${name} does not load (${where}): it is compared as deleted, not as you edited it.` : `${name} does not load (${where}): it is left out of the comparison.`];
    return [`${name} has ${where}: only what loads of it is compared.`];
  });
  if (lines.length === 0) return null;
  return (
    <p className="whatif-not-loaded" data-testid="whatif-not-loaded">
      {lines.join(' ')}
    </p>
  );
}

/** Deleted loaded policies, each restorable; a whole replaced set is summed up in one line. */
function DeletedPolicies({ removed, policies, dispatch }: { readonly removed: readonly PolicyKey[]; readonly policies: readonly Policy[]; readonly dispatch: (a: DraftsAction) => void }) {
  const items = removed.map((k) => {
    const p = policies.find((x) => x.key === k);
    return (
      <li key={k}>
        <span className="mono">{p ? policyLabel(p.ref) : k}</span>{' '}
        <button type="button" className="link" onClick={() => dispatch({ type: 'restore-policy', policy: k })}>
          Restore
        </button>
      </li>
    );
  });
  const whole = removed.length === policies.length && removed.length > 1;
  return (
    <div className="whatif-removed" data-testid="whatif-removed">
      <h3 className="section-title">Deleted</h3>
      {whole || removed.length > 10 ? (
        <>
          <p>
            {whole ? `All ${removed.length.toLocaleString('en-US')} loaded policies: the proposed set replaces them.` : `${removed.length.toLocaleString('en-US')} loaded policies.`}{' '}
            <button type="button" className="link" onClick={() => dispatch({ type: 'restore-all' })} data-testid="whatif-restore-all">
              Restore all
            </button>
          </p>
          <details>
            <summary>List them</summary>
            <ul>{items}</ul>
          </details>
        </>
      ) : (
        <ul>{items}</ul>
      )}
    </div>
  );
}

function proposedYaml(drafts: DraftsState, policies: readonly Policy[]): string {
  const parts: string[] = ['# Proposed policy changes (netpol-viz what-if). Review, then apply with kubectl apply -f.'];
  for (const key of drafts.removed) {
    const p = policies.find((x) => x.key === key);
    if (p) parts.push(`# delete: kubectl delete ${p.ref.kind.toLowerCase()} ${p.ref.namespace ? `-n ${p.ref.namespace} ` : ''}${p.ref.name}`);
  }
  const docs = drafts.documents.filter(isEdited).map((d) => d.text.trimEnd());
  return `${parts.join('\n')}\n${docs.map((t) => `---\n${t}\n`).join('')}`;
}

export default function WhatIfPanel({ data, view, drafts, setDrafts, query, loadedAnswer, onGraph, onAnswer, onClose, fixRequest, onFixHandled, selection, onViewAction, onSelect }: WhatIfPanelProps) {
  const dispatch = useCallback((action: DraftsAction) => setDrafts((d) => draftsReducer(d, action)), [setDrafts]);
  const [client, setClient] = useState<WhatIfClient | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<RunState | null>(null);
  const [answer, setAnswer] = useState<QueryOutcome | null>(null);
  const flows = flowsOf(data);

  useEffect(() => {
    let live = true;
    let started: WhatIfClient | null = null;
    void WhatIfClient.start(data.cluster, flows).then((c) => {
      if (live) setClient((started = c));
      else c.dispose();
    });
    return () => {
      live = false;
      started?.dispose();
      setClient(null);
      setResult(null);
    };
  }, [data, flows]);

  // A suggested fix: computed on the loaded policies in the worker, then loaded as drafts.
  const [fix, setFix] = useState<FixState | null>(null);
  useEffect(() => {
    if (!client || fixRequest === null) return;
    let live = true;
    setFix({ state: 'working', n: fixRequest.n });
    client.fix(fixRequest.query).then(
      (f) => {
        if (!live || f === null) return;
        const d = fixDraft(f, data.cluster.policies);
        setFix({ state: 'done', n: fixRequest.n, fix: f, problems: d.problems });
        if (d.documents.length > 0) dispatch({ type: 'add-documents', documents: d.documents });
        onFixHandled(fixRequest.n);
      },
      (err: unknown) => live && setFix({ state: 'failed', n: fixRequest.n, message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, fixRequest, data.cluster.policies, dispatch, onFixHandled]);

  const draft = useMemo(() => draftOf(drafts), [drafts]);
  const draftKey = useMemo(() => JSON.stringify(draft), [draft]);
  const settled = useSettled({ draft, key: draftKey }, draftKey, SETTLE_MS);

  // Each settled draft is compared in the worker; a long comparison reports its progress and can
  // be cancelled. A newer edit cancels the comparison in flight at once (not after the pause in
  // typing): its answer is dropped, never shown (whatifClient's `signal`).
  const [progress, setProgress] = useState<{ readonly key: string; readonly progress: WhatIfProgress } | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const [retry, setRetry] = useState(0);
  const inFlight = useRef<{ readonly key: string; readonly abort: AbortController } | null>(null);
  const cancelledRef = useRef<string | null>(null);
  useEffect(() => {
    if (!client) return;
    const abort = new AbortController();
    const key = settled.key;
    inFlight.current = { key, abort };
    client.run(settled.draft, { signal: abort.signal, onProgress: (p) => setProgress({ key, progress: p }) }).then(
      (r) => {
        if (abort.signal.aborted || !r) return;
        inFlight.current = null;
        setFailure(null);
        setResult({ run: r.run, outcome: r.outcome, key });
      },
      (err: unknown) => !abort.signal.aborted && setFailure(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [client, settled, retry]);
  // Layout effect: runs in the same task as the keystroke, before any message from the worker.
  // Back to the text of a comparison a keystroke stopped (the pause in typing does not fire again): compare it again.
  useLayoutEffect(() => {
    const f = inFlight.current;
    if (f && f.key !== draftKey) f.abort.abort();
    else if (f && f.abort.signal.aborted && f.key === cancelledRef.current) return;
    else if (f && f.abort.signal.aborted) setRetry((n) => n + 1);
  }, [draftKey]);
  const cancel = () => {
    const f = inFlight.current;
    if (!f) return;
    f.abort.abort();
    cancelledRef.current = f.key;
    setCancelled(f.key);
  };
  const compareAgain = () => {
    cancelledRef.current = null;
    setCancelled(null);
    setRetry((n) => n + 1);
  };

  // The proposed graph for the view: the previous one stays up (pending) while the next is built.
  const shown = useRef<GraphModel | null>(null);
  /** The latest proposed graph, and the collapsed groups of the view it was built for. */
  const [graph, setGraph] = useState<{ readonly model: GraphModel; readonly collapsed: string } | null>(null);
  useEffect(() => {
    if (!client || !result) return;
    let live = true;
    onGraph(shown.current ? { model: shown.current, pending: true, engineError: result.outcome.engineError } : null);
    client.graph(result.run, view).then(
      (model) => {
        if (!live || model === null) return;
        shown.current = model;
        setGraph({ model, collapsed: view.collapsed.join('\n') });
        onGraph({ model, pending: false, engineError: result.outcome.engineError });
      },
      (err: unknown) => live && setFailure(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [client, result, view, onGraph]);
  useEffect(() => () => onGraph(null), [onGraph]);

  useEffect(() => {
    if (!client || !result || query === null) {
      setAnswer(null);
      return;
    }
    let live = true;
    client.query(result.run, query).then(
      (o) => live && o && setAnswer(o),
      () => live && setAnswer(null),
    );
    return () => {
      live = false;
    };
  }, [client, result, query]);
  useEffect(() => onAnswer(answer), [answer, onAnswer]);
  useEffect(() => () => onAnswer(null), [onAnswer]);

  // "Show on graph": the groups that hide the changed paths are expanded, then the first one drawn
  // in the graph of that view is selected (brought into view, its bundle opened).
  const [reveal, setReveal] = useState<{ readonly ends: readonly ChangedPath[]; readonly collapsed: string } | null>(null);
  const [revealNote, setRevealNote] = useState<string | null>(null);
  /** The edge "Show on graph" selected: its description (at the panel's top) is scrolled into view once drawn. */
  const revealedRef = useRef<string | null>(null);
  const selectedRef = useRef<HTMLDivElement | null>(null);
  const indexOf = useMemo(() => new Map((result?.outcome.changes ?? []).map((c, i) => [c, i])), [result]);
  const onReveal = useCallback(
    (group: readonly Change[]) => {
      if (!client || !result) return;
      const changes = group.flatMap((c) => {
        const i = indexOf.get(c);
        return i === undefined ? [] : [i];
      });
      void client.ends(result.run, changes, view.groupingLabel).then((ends) => {
        if (!ends) return;
        const hidden = new Set(ends.flatMap((p) => [...p.from, ...p.to]).flatMap((e) => (e.group !== null && view.collapsed.includes(e.group) ? [e.group] : [])));
        for (const g of hidden) onViewAction({ type: 'toggle-collapsed', group: g });
        setRevealNote(null);
        setReveal({ ends, collapsed: view.collapsed.filter((g) => !hidden.has(g)).join('\n') });
      });
    },
    [client, result, indexOf, view, onViewAction],
  );
  useEffect(() => {
    if (reveal === null || graph === null || graph.collapsed !== reveal.collapsed) return;
    setReveal(null);
    for (const p of reveal.ends) {
      const found = findChangedPath(graph.model, p);
      const id = found.edges[0] ?? found.node;
      if (id !== null && id !== undefined) {
        onSelect(id);
        revealedRef.current = id;
        return;
      }
    }
    setRevealNote('This path is not drawn at this view: a filter hides it, or the graph draws one of its ends nowhere.');
  }, [reveal, graph, onSelect]);

  const checking = result === null || result.key !== draftKey;
  // A long comparison's progress, while it is the one for the draft in the editor.
  const working = checking && progress !== null && progress.key === draftKey && settled.key === draftKey ? progress.progress : null;
  const diagsById = useMemo(() => new Map((result?.outcome.documents ?? []).map((d) => [d.id, d.diagnostics])), [result]);
  const problems = useMemo(() => new Map(drafts.documents.map((d) => [d.id, isEdited(d) ? worstSeverity(diagsById.get(d.id) ?? []) : null])), [drafts.documents, diagsById]);
  const active = drafts.documents.find((d) => d.id === drafts.active) ?? null;
  const defaultNamespace = useMemo(() => [...data.cluster.namespaces.keys()].find((n) => !n.startsWith('kube-')) ?? 'default', [data.cluster]);
  const outcome = result?.outcome ?? null;
  const selectedEdge = selection !== null && selection.startsWith('e:') ? (graph?.model.edges.find((e) => e.id === selection) ?? null) : null;
  const notDrawn = graph?.model.counts.changesNotDrawn ?? 0;
  // In a short window the panel is scrolled to the list when "Show on graph" is clicked: the description of the path it selected would be out of view.
  useLayoutEffect(() => {
    if (selectedEdge === null || revealedRef.current !== selectedEdge.id) return;
    revealedRef.current = null;
    selectedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selectedEdge]);

  return (
    <aside className="details whatif" aria-labelledby="whatif-title" data-testid="whatif-panel">
      <div className="section-head">
        <h2 id="whatif-title" className="panel-title">
          What if…
        </h2>
        <button type="button" className="btn small" onClick={onClose} data-testid="whatif-close">
          Back to the loaded policies
        </button>
      </div>
      <p className="muted whatif-intro">Edit, add or delete policies: the graph shows the proposed set, with the paths that change marked. Nothing is applied to the cluster.</p>
      {selectedEdge ? (
        <div ref={selectedRef}>
          <SelectedEdge edge={selectedEdge} />
        </div>
      ) : null}
      {fix !== null ? <SuggestedFix fix={fix} onDismiss={() => setFix(null)} /> : null}
      <PolicyPicker policies={data.cluster.policies} drafts={drafts} dispatch={dispatch} defaultNamespace={defaultNamespace} />
      <DocumentTabs drafts={drafts} problems={problems} dispatch={dispatch} />
      {active ? <DocumentEditor key={active.id} doc={active} diagnostics={isEdited(active) ? (diagsById.get(active.id) ?? null) : []} checking={checking} dispatch={dispatch} /> : null}
      {drafts.removed.length > 0 ? (
        <DeletedPolicies removed={drafts.removed} policies={data.cluster.policies} dispatch={dispatch} />
      ) : null}

      <section className="whatif-result" aria-labelledby="whatif-result-title">
        <div className="section-head">
          <h3 id="whatif-result-title" className="section-title">
            What changes
          </h3>
          {hasChanges(drafts) ? (
            <button type="button" className="btn small" onClick={() => saveFile('proposed-policies.yaml', proposedYaml(drafts, data.cluster.policies), 'application/yaml')} data-testid="whatif-download">
              Download proposed YAML
            </button>
          ) : null}
        </div>
        {outcome !== null && !checking && outcome.engineError === null ? <NotLoaded documents={outcome.documents} drafts={drafts} /> : null}
        <p role="status" aria-live="polite" className="whatif-summary" data-testid="whatif-summary" aria-busy={checking && cancelled !== draftKey}>
          {failure !== null
            ? `The comparison failed: ${failure}`
            : cancelled === draftKey
              ? 'Comparison cancelled: the lists below are of an earlier draft. Edit the draft, or compare again.'
              : outcome === null && !working
                ? 'Preparing the comparison…'
                : outcome !== null && outcome.engineError !== null && !checking
                  ? `The policy engine failed on the proposed policies: ${outcome.engineError}`
                  : !hasChanges(drafts) && !checking
                    ? 'No edits yet: choose a policy to edit, write a new one, or delete one.'
                    : checking || outcome === null
                      ? `Comparing…${working ? ` ${stepText[working.step]} (${Math.round(working.fraction * 100)}%)` : ''}`
                      : summaryText(outcome, flows !== null && flows.edges.length > 0)}
        </p>
        {working && cancelled !== draftKey ? (
          <div className="whatif-progress" data-testid="whatif-progress">
            <progress max={1} value={working.fraction} aria-label="Comparison progress" />
            <button type="button" className="btn small" onClick={cancel} data-testid="whatif-cancel">
              Cancel
            </button>
          </div>
        ) : null}
        {cancelled === draftKey ? (
          <button type="button" className="btn small" onClick={compareAgain} data-testid="whatif-compare-again">
            Compare again
          </button>
        ) : null}
        {query !== null && answer?.kind === 'answer' ? (
          <div className="whatif-query" data-testid="whatif-query">
            <h4>
              Path query with the proposed policies{' '}
              {loadedAnswer?.kind === 'answer' ? (
                <span className="muted" data-testid="whatif-query-loaded">
                  (loaded policies: {loadedAnswer.decision.verdict})
                </span>
              ) : null}
            </h4>
            <DecisionView header={answer.header} decision={answer.decision} testId="whatif-verdict" />
          </div>
        ) : null}
        {outcome && hasChanges(drafts) && outcome.engineError === null ? (
          <div className={checking ? 'whatif-stale' : undefined} aria-busy={checking} data-testid="whatif-lists">
            {flows !== null && flows.edges.length > 0 ? (
              <>
                <h4>Observed connections that change</h4>
                <ObservedChanges observed={outcome.observed} />
              </>
            ) : null}
            <h4>Paths that change, by the rule that changes them</h4>
            {revealNote !== null ? (
              <p className="muted" data-testid="whatif-reveal-note">
                {revealNote}
              </p>
            ) : null}
            {notDrawn > 0 ? (
              <p className="muted" data-testid="whatif-not-drawn">
                {plural(notDrawn, 'changed path')} not drawn at this view (filtered out, or an end the graph draws nowhere).
              </p>
            ) : null}
            <ChangesByRule changes={outcome.changes} byRule={outcome.byRule} names={outcome.peerNames} onReveal={onReveal} />
          </div>
        ) : null}
      </section>
    </aside>
  );
}
