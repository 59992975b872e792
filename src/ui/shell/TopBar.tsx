import { useRef, type ReactNode } from 'react';
import type { GraphCounts } from '../../core/graph/types.ts';
import type { DataOrigin } from '../state/appState.ts';
import { plural, type DatasetSummary } from '../state/summary.ts';

interface TopBarProps {
  readonly summary: DatasetSummary | null;
  readonly origin: DataOrigin | null;
  readonly label: string;
  readonly onOpenFiles: (files: File[]) => void;
  /** A folder chosen with "Open folder…" (`<input webkitdirectory>`): every file below it. */
  readonly onOpenFolder: (files: File[]) => void;
  readonly onPaste: () => void;
  readonly onDemo: () => void;
  /** Paths of the graph (all of them, before filters); null until the engine has run. */
  readonly graphCounts?: GraphCounts | null;
  /** Customer view: the summary (file names, cluster, counts of every tenant) gives way to this tenant's name. */
  readonly customerTenant?: string | null;
  /** Extra controls (customer view toggle, export and share), before the load buttons. */
  readonly tools?: ReactNode;
  /**
   * Status buttons after the summary (counts that open a panel: drops, mismatches, …): the
   * place for whatever needs the user's attention next.
   */
  readonly status?: ReactNode;
  /** The diagnostics count opens the diagnostics panel. */
  readonly onShowDiagnostics?: () => void;
}

function Count({ id, n, one, many }: { id: string; n: number; one: string; many?: string }) {
  return (
    <span className="summary-item" data-testid={`summary-${id}`}>
      <b>{n.toLocaleString('en-US')}</b> {n === 1 ? one : (many ?? `${one}s`)}
    </span>
  );
}

/** Product name, what is loaded, and the three ways to load something else. */
function severityText(d: DatasetSummary['diagnostics']): string {
  return [d.error ? plural(d.error, 'error') : '', d.warning ? plural(d.warning, 'warning') : '', d.info ? `${d.info} info` : ''].filter(Boolean).join(', ');
}

/** One row at 1280 px: the summary gives way before the buttons do, an item at a time (what does not fit whole is not shown; never half a name). */
export function TopBar({ summary, origin, label, onOpenFiles, onOpenFolder, onPaste, onDemo, graphCounts, customerTenant = null, tools, status, onShowDiagnostics }: TopBarProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const d = summary?.diagnostics;
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <circle cx="3" cy="8" r="2" />
          <circle cx="13" cy="3" r="2" />
          <circle cx="13" cy="13" r="2" />
          <path d="M5 8 11 3.5M5 8l6 4.5" />
        </svg>
        <h1>netpol-viz</h1>
      </div>
      <div className="summary" data-testid="summary" role="group" aria-label="What is loaded">
        {customerTenant !== null ? (
          <span className="summary-item" data-testid="summary-customer">
            tenant <b>{customerTenant}</b>
          </span>
        ) : summary ? (
          <>
            <span className={`origin origin-${origin ?? 'none'}`} data-testid="summary-origin" title={label}>
              {origin === 'demo' ? 'Demo' : label}
            </span>
            <span className="summary-item" title="Cluster">
              <span className="visually-hidden">cluster </span>
              <b className="cluster-name">{summary.clusterName}</b>
            </span>
            <Count id="workloads" n={summary.workloads} one="workload" />
            <Count id="policies" n={summary.policies} one="policy" many="policies" />
            <Count id="flows" n={summary.flows} one="flow" />
            <button
              type="button"
              className={`summary-item diag-link${d && d.error > 0 ? ' has-errors' : ''}`}
              onClick={onShowDiagnostics}
              title={d && d.total > 0 ? `Show the diagnostics: ${severityText(d)}` : 'Show the diagnostics'}
              data-testid="summary-diagnostics"
            >
              <b>{d?.total.toLocaleString('en-US')}</b> {d?.total === 1 ? 'diagnostic' : 'diagnostics'}
              {d && d.error > 0 ? <span className="diag-split"> ({plural(d.error, 'error')})</span> : null}
            </button>
            {graphCounts ? (
              <span className="summary-item" data-testid="summary-paths">
                <b>{graphCounts.edges.toLocaleString('en-US')}</b> {graphCounts.edges === 1 ? 'path' : 'paths'} (
                <span data-testid="summary-denied">
                  <b>{graphCounts.deniedEdges.toLocaleString('en-US')}</b> denied
                </span>
                {graphCounts.notKnownEdges ? (
                  <span data-testid="summary-not-known">
                    , <b>{graphCounts.notKnownEdges.toLocaleString('en-US')}</b> not known
                  </span>
                ) : null}
                ,{' '}
                <span data-testid="summary-mismatches">
                  <b>{graphCounts.mismatches.toLocaleString('en-US')}</b> {graphCounts.mismatches === 1 ? 'mismatch' : 'mismatches'}
                </span>
                )
              </span>
            ) : null}
            <span className="summary-item" data-testid="summary-namespaces">
              <b>{summary.namespaces.toLocaleString('en-US')}</b> {summary.namespaces === 1 ? 'namespace' : 'namespaces'}
              {summary.tenants > 0 ? (
                <span data-testid="summary-tenants">
                  {' '}
                  / <b>{summary.tenants}</b> {summary.tenants === 1 ? 'tenant' : 'tenants'}
                </span>
              ) : null}
            </span>
          </>
        ) : (
          <span className="summary-item muted">Nothing loaded</span>
        )}
      </div>
      {status ? (
        <div className="topbar-status" role="group" aria-label="Status">
          {status}
        </div>
      ) : null}
      <div className="actions">
        {tools}
        <button type="button" className="btn primary" onClick={() => fileInput.current?.click()} data-testid="open-files-button">
          Open files…
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Open files"
          data-testid="open-files"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            // Reset so that choosing the same files again loads them again.
            e.currentTarget.value = '';
            if (files.length > 0) onOpenFiles(files);
          }}
        />
        <button type="button" className="btn" onClick={() => folderInput.current?.click()} data-testid="open-folder-button" title="Open a folder, such as an unpacked cilium sysdump: its policies, inventory and flows are read, the rest is skipped">
          Open folder…
        </button>
        <input
          ref={folderInput}
          type="file"
          hidden
          aria-label="Open folder"
          data-testid="open-folder"
          // React passes unknown lower-case attributes through to the DOM.
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length > 0) onOpenFolder(files);
          }}
        />
        <button type="button" className="btn" onClick={onPaste} data-testid="paste-open">
          Paste…
        </button>
        <button type="button" className="btn" onClick={onDemo} data-testid="load-demo" aria-pressed={origin === 'demo'}>
          Demo
        </button>
      </div>
    </header>
  );
}
