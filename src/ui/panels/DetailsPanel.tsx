import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { tenantOf } from '../state/summary.ts';

function Labels({ labels, name }: { readonly labels: Readonly<Record<string, string>>; readonly name: string }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">none</p>;
  return (
    <ul className="labels" aria-label={name}>
      {entries.map(([k, v]) => (
        <li key={k} className="label-chip">
          <span className="lk">{k}</span>
          {v !== '' ? <span className="lv">={v}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The right-hand slot: details of the selected workload (labels, pods, source). Later views
 * (edge explanations, path query results) render here too.
 */
export function DetailsPanel({ data, selected }: { readonly data: LoadedData | null; readonly selected: WorkloadKey | null }) {
  const workload = selected ? data?.cluster.workloads.find((w) => w.key === selected) : undefined;
  return (
    <aside className="details" aria-labelledby="details-title" data-testid="details-panel" tabIndex={0}>
      <h2 id="details-title" className="panel-title">
        Details
      </h2>
      {!workload || !data ? (
        <p className="empty">Select a workload to see its labels, pods and where it was defined.</p>
      ) : (
        <div className="details-body" data-testid="workload-details">
          <h3 className="details-name">{workload.name}</h3>
          <dl className="facts">
            <dt>Kind</dt>
            <dd>{workload.kind}</dd>
            <dt>Namespace</dt>
            <dd>{workload.namespace}</dd>
            <dt>Tenant</dt>
            <dd>{tenantOf(data.cluster.namespaces.get(workload.namespace)) ?? '—'}</dd>
            <dt>Service account</dt>
            <dd>{workload.serviceAccount}</dd>
            <dt>Replicas</dt>
            <dd>{workload.replicas ?? '—'}</dd>
            <dt>Host network</dt>
            <dd>{workload.hostNetwork ? 'yes' : 'no'}</dd>
            <dt>Defined in</dt>
            <dd>{workload.source ? `${workload.source.file}:${workload.source.line}` : 'implied by its pods'}</dd>
          </dl>
          <h4>Pod labels</h4>
          <Labels labels={workload.podLabels} name="Pod labels" />
          {Object.keys(workload.podAnnotations).length > 0 ? (
            <>
              <h4>Pod annotations</h4>
              <Labels labels={workload.podAnnotations} name="Pod annotations" />
            </>
          ) : null}
          <h4>Pods</h4>
          <table className="pod-table">
            <thead>
              <tr>
                <th scope="col">Pod</th>
                <th scope="col">IP</th>
                <th scope="col">Node</th>
              </tr>
            </thead>
            <tbody>
              {data.cluster.pods
                .filter((p) => p.workload === workload.key)
                .map((p) => (
                  <tr key={`${p.namespace}/${p.name}`}>
                    <td className="pod-name">{p.name}</td>
                    <td className="mono">{p.ips.join(', ') || '—'}</td>
                    <td>{p.nodeName ?? '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </aside>
  );
}
