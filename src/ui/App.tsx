import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { DEMO_LABEL, demoSources } from '../demo/demoSources.ts';
import type { LoadSource } from '../workers/protocol.ts';
import { DetailsPanel } from './panels/DetailsPanel.tsx';
import { DiagnosticsPanel } from './panels/DiagnosticsPanel.tsx';
import { GraphArea } from './panels/GraphArea.tsx';
import { SourcesPanel } from './panels/SourcesPanel.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { LoadStatus } from './shell/LoadStatus.tsx';
import { PasteDialog } from './shell/PasteDialog.tsx';
import { TopBar } from './shell/TopBar.tsx';
import { DropOverlay } from './shell/DropOverlay.tsx';
import { useFileDrop } from './shell/useFileDrop.ts';
import { appReducer, initialAppState } from './state/appState.ts';
import { summarize } from './state/summary.ts';
import { readUrlViewState, replaceUrlViewState } from './state/urlState.ts';
import { useLoader } from './state/useLoader.ts';

function fileSources(files: readonly File[]): LoadSource[] {
  return files.map((file) => ({ kind: 'file', name: file.name, file }));
}

function filesLabel(files: readonly File[]): string {
  return files.length === 1 ? (files[0]?.name ?? '1 file') : `${files.length} files`;
}

export function App() {
  const [state, dispatch] = useReducer(appReducer, initialAppState);
  const [pasteOpen, setPasteOpen] = useState(false);

  const loader = useLoader((data, job) => {
    dispatch({ type: 'loaded', data, origin: job.origin, label: job.label });
    // A reload after loading real input must not silently show the demo instead.
    replaceUrlViewState({ demo: job.origin === 'demo' });
  });
  const { load } = loader;

  const loadFiles = useCallback(
    (files: File[]) => load({ sources: fileSources(files), origin: 'user', label: filesLabel(files) }),
    [load],
  );
  const loadDemo = useCallback(() => load({ sources: demoSources, origin: 'demo', label: DEMO_LABEL }), [load]);
  const dragging = useFileDrop(loadFiles);

  useEffect(() => {
    if (readUrlViewState(window.location.search).demo) loadDemo();
  }, [loadDemo]);

  const summary = useMemo(() => (state.data ? summarize(state.data) : null), [state.data]);
  const context = summary
    ? `${state.label}: ${summary.workloads} workloads, ${summary.policies} policies, ${summary.flows} flows, ${summary.diagnostics.total} diagnostics`
    : 'nothing';

  return (
    <div className="app" aria-busy={loader.pending}>
      <TopBar summary={summary} origin={state.origin} label={state.label} onOpenFiles={loadFiles} onPaste={() => setPasteOpen(true)} onDemo={loadDemo} />
      <LoadStatus
        progress={loader.progress}
        pendingLabel={loader.pendingLabel}
        failure={loader.pending ? null : loader.failure}
        shownLabel={state.data ? state.label : ''}
        onCancel={loader.cancel}
        onDismiss={loader.dismiss}
      />
      <ErrorBoundary context={context}>
        <div className="workspace">
          <aside className="inputs" aria-label="Loaded input">
            <SourcesPanel data={state.data} />
            <DiagnosticsPanel data={state.data} />
          </aside>
          <main className="center">
            <GraphArea data={state.data} selected={state.selected} onSelect={(key) => dispatch({ type: 'select', key })} />
          </main>
          <DetailsPanel data={state.data} selected={state.selected} />
        </div>
      </ErrorBoundary>
      <PasteDialog
        open={pasteOpen}
        onClose={() => setPasteOpen(false)}
        onLoad={(name, text) => {
          setPasteOpen(false);
          load({ sources: [{ kind: 'text', name, text }], origin: 'user', label: name });
        }}
      />
      <DropOverlay active={dragging} />
    </div>
  );
}
