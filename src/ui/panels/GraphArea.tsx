import { POLICY_ABBREV } from '../../core/model/policyLabel.ts';
import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { Policy } from '../../core/model/policy.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { overview, plural, type NamespaceGroup, type WorkloadRow } from '../state/summary.ts';
import { GraphView } from '../graph/GraphView.tsx';
import type { GraphControl } from '../state/graphControl.ts';
import { useState } from 'react';
import { BIG_CLUSTER_WORKLOADS } from '../../core/graph/viewState.ts';
import type { GraphModel } from '../../core/graph/types.ts';
import { PathsTable } from '../a11y/PathsTable.tsx';
import { INPUT_COMMANDS } from './inputCommands.ts';
import { FindingBadge, type FindingsIndex } from '../lint/FindingList.tsx';

/** A fresh graph view (collapse state, selection) for every load. */
const loadIds = new WeakMap<LoadedData, number>();
let nextLoadId = 1;
function loadId(data: LoadedData): number {
  let id = loadIds.get(data);
  if (id === undefined) {
    id = nextLoadId++;
    loadIds.set(data, id);
  }
  return id;
}

/**
 * The central slot: the connectivity graph (src/ui/graph) on top and, below it, the same
 * workloads as a text list (tenant ▸ namespace ▸ workload, with the policies of each namespace):
 * the keyboard- and screen-reader-friendly view of what the canvas draws. The list can be hidden.
 */
export interface GraphAreaProps {
  readonly data: LoadedData | null;
  readonly selected: WorkloadKey | null;
  readonly onSelect: (key: WorkloadKey | null) => void;
  /**
   * View state, selection, model and path highlight kept by the app (URL, filters, path query).
   * Without it the graph keeps its own.
   */
  readonly graph?: GraphControl;
  /**
   * The GraphModel the canvas draws, for its text alternative (every path with its verdict, as
   * a table: src/ui/a11y). Null while the engine runs; without it the table is not offered.
   */
  readonly paths?: GraphModel | null;
  /** Lint findings per policy (a badge beside each policy that has some); null while linting. */
  readonly findings?: FindingsIndex | null;
}


function PolicyList({ policies, findings }: { readonly policies: readonly Policy[]; readonly findings?: FindingsIndex | null | undefined }) {
  if (policies.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="policy-list">
      {policies.map((p) => (
        <li key={p.key} title={p.description ?? p.ref.kind}>
          <abbr className={`pk pk-${POLICY_ABBREV[p.ref.kind]}`} title={p.ref.kind}>
            {POLICY_ABBREV[p.ref.kind]}
          </abbr>{' '}
          {p.ref.name}
          <FindingBadge findings={findings?.get(p.key)} />
        </li>
      ))}
    </ul>
  );
}

function ports(row: WorkloadRow): string {
  return row.workload.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` ${p.name}` : ''}`).join(', ');
}

function NamespaceCard({ group, selected, onSelect, findings }: { readonly group: NamespaceGroup } & Omit<GraphAreaProps, 'data'>) {
  return (
    <div className="ns-card" data-testid="namespace-card">
      <header className="ns-head">
        <h4 className="ns-name">{group.name}</h4>
        {group.namespace === null ? <span className="tag" title="No Namespace document was loaded for it">implied</span> : null}
        <span className="ns-meta">{plural(group.workloads.length, 'workload')}</span>
      </header>
      {group.workloads.length > 0 ? (
        <table className="wl-table">
          <thead>
            <tr>
              <th scope="col">Workload</th>
              <th scope="col">Pods</th>
              <th scope="col">Ports</th>
            </tr>
          </thead>
          <tbody>
            {group.workloads.map((row) => {
              const w = row.workload;
              const isSelected = selected === w.key;
              return (
                <tr key={w.key} className={isSelected ? 'selected' : undefined}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={isSelected}
                      onClick={() => onSelect(isSelected ? null : w.key)}
                      data-testid="workload"
                    >
                      {w.name}
                    </button>{' '}
                    <span className="wl-kind">{w.kind}</span>
                  </td>
                  <td className="num">
                    {row.pods.length}
                    {w.replicas !== null && w.replicas !== row.pods.length ? <span className="muted">/{w.replicas}</span> : null}
                  </td>
                  <td className="ports">{ports(row)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="ns-policies">
        <span className="label">Policies</span> <PolicyList policies={group.policies} findings={findings} />
      </div>
    </div>
  );
}

/**
 * The workload list opens with small clusters only: thousands of cards are seconds of layout on
 * the main thread before the graph's first frame, and the graph is what a big cluster needs first.
 */
function listOpensWith(data: LoadedData | null): boolean {
  return data === null || data.cluster.workloads.length <= BIG_CLUSTER_WORKLOADS;
}

export function GraphArea({ data, selected, onSelect, graph, paths, findings = null }: GraphAreaProps) {
  // The user's choice holds for the load it was made on; a new load opens as its size suggests.
  const [listChoice, setListChoice] = useState<{ readonly data: LoadedData | null; readonly open: boolean } | null>(null);
  const listOpen = listChoice !== null && listChoice.data === data ? listChoice.open : listOpensWith(data);
  const setListOpen = (f: (open: boolean) => boolean) => setListChoice({ data, open: f(listOpen) });
  const [pathsOpen, setPathsOpen] = useState(false);
  if (!data) {
    return (
      <section className="graph-area" aria-labelledby="graph-title" data-testid="graph-area">
        <div className="onboarding">
          <h2 id="graph-title">Nothing loaded</h2>
          <p>Open or drop files, paste text, or load the demo. Useful exports from a cluster:</p>
          <pre className="commands">{INPUT_COMMANDS.join('\n')}</pre>
          <p className="muted">Files are read in this browser tab only; nothing is uploaded.</p>
        </div>
      </section>
    );
  }
  const o = overview(data.cluster);
  return (
    <section className="graph-area" aria-labelledby="graph-title" data-testid="graph-area">
      <div className="area-head">
        <h2 id="graph-title">Connectivity</h2>
        <span className="muted">
          {plural(data.cluster.workloads.length, 'workload')} · {plural(data.cluster.pods.length, 'pod')}
        </span>
        <button
          type="button"
          className="btn link"
          aria-expanded={listOpen}
          aria-controls="workload-list"
          onClick={() => setListOpen((v) => !v)}
          data-testid="workload-list-toggle"
        >
          {listOpen ? 'Hide list' : 'Show list'}
        </button>
        {paths !== undefined && graph ? (
          <button
            type="button"
            className="btn link"
            aria-expanded={pathsOpen}
            aria-controls="paths-table"
            onClick={() => setPathsOpen((v) => !v)}
            data-testid="paths-table-toggle"
          >
            {pathsOpen ? 'Hide paths table' : `Paths as a table${paths ? ` (${paths.counts.edges})` : ''}`}
          </button>
        ) : null}
      </div>
      {pathsOpen && graph ? (
        <div
          id="paths-table"
          className="area-body"
          style={{ flex: '0 0 auto', maxHeight: '40%', borderBottom: '1px solid var(--border)' }}
          tabIndex={0}
          role="region"
          aria-label="Paths with verdicts"
        >
          <PathsTable key={data ? loadId(data) : 0} graph={paths ?? null} selection={graph.selection} onSelect={graph.onSelect} {...(graph.onChosen ? { onChosen: graph.onChosen } : {})} />
        </div>
      ) : null}
      {graph ? (
        <GraphView
          key={loadId(data)}
          data={data}
          view={graph.view}
          onViewAction={graph.onViewAction}
          selection={graph.selection}
          onSelect={graph.onSelect}
          highlight={graph.highlight}
          {...(graph.model ? { model: graph.model } : {})}
          {...(graph.autoCollapse !== undefined ? { autoCollapse: graph.autoCollapse } : {})}
        />
      ) : (
        <GraphView key={loadId(data)} data={data} onSelectWorkload={onSelect} />
      )}
      {listOpen ? (
        <div
          id="workload-list"
          className="area-body"
          style={{ flex: '0 0 auto', maxHeight: '32%', borderTop: '1px solid var(--border)' }}
          tabIndex={0}
          aria-label="Loaded workloads"
          role="region"
        >
          <h3 className="tenant-title">Workloads by tenant and namespace</h3>
          <WorkloadList o={o} selected={selected} onSelect={onSelect} findings={findings} />
        </div>
      ) : null}
    </section>
  );
}

function WorkloadList({ o, selected, onSelect, findings }: { readonly o: ReturnType<typeof overview> } & Omit<GraphAreaProps, 'data'>) {
  return (
    <>
      {o.clusterwide.length > 0 ? (
        <section className="tenant">
          <h3 id="tenant-clusterwide" className="tenant-title">
            Cluster-wide policies
          </h3>
          <div className="ns-card">
            <PolicyList policies={o.clusterwide} findings={findings} />
          </div>
        </section>
      ) : null}
      {o.tiers.length > 0 ? (
        <section className="tenant" data-testid="policy-tiers">
          <h3 className="tenant-title">Policy tiers</h3>
          <div className="ns-card">
            <ul className="policy-list">
              {o.tiers.map((t) => (
                <li key={t.key}>
                  <abbr className="pk" title={t.kind}>
                    {POLICY_ABBREV[t.kind]}
                  </abbr>{' '}
                  {t.name} <span className="muted">{t.kind === 'BaselineAdminNetworkPolicy' ? t.tier : `${t.tier}, priority ${t.priority}`}</span>
                </li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
      {o.tenants.map((t, i) => (
        <section key={t.tenant ?? '\u0000none'} className="tenant" data-testid="tenant-group">
          <h3 id={`tenant-${i}`} className="tenant-title">
            {t.tenant === null ? (
              'Namespaces without a tenant label'
            ) : (
              <>
                <span className="muted">Tenant</span> {t.tenant}
              </>
            )}
            <span className="tenant-meta">{plural(t.namespaces.length, 'namespace')}</span>
          </h3>
          <div className="ns-grid">
            {t.namespaces.map((g) => (
              <NamespaceCard key={g.name} group={g} selected={selected} onSelect={onSelect} findings={findings} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
