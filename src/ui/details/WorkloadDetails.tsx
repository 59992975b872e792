/**
 * A workload: what it is, its labels and pods, bandwidth limits, the policies that select it
 * for ingress and for egress (what each entry allows or denies), and its paths on the graph.
 */
import type { EngineModel } from '../../core/engine/compile.ts';
import { workloadNodeId } from '../../core/graph/registry.ts';
import type { GraphModel } from '../../core/graph/types.ts';
import type { Cluster, Workload } from '../../core/model/cluster.ts';
import { useContext } from 'react';
import { RuleChip } from '../query/DecisionView.tsx';
import { RuleTextContext } from '../query/ruleTextSource.ts';
import { PolicyTextButton } from '../policytext/PolicyTextButton.tsx';
import { tenantOf } from '../state/summary.ts';
import { Labels } from './Labels.tsx';
import { PathList } from './PathList.tsx';
import { bandwidthOf, workloadPolicies, type RuleView } from './policyView.ts';
import { FindingList, type FindingsIndex } from '../lint/FindingList.tsx';

function RuleList({ rules, direction }: { readonly rules: readonly RuleView[]; readonly direction: 'ingress' | 'egress' }) {
  const source = useContext(RuleTextContext);
  if (rules.length === 0)
    return <p className="muted">{direction === 'ingress' ? 'No policy selects it for ingress: every peer may connect.' : 'No policy selects it for egress: it may connect anywhere.'}</p>;
  return (
    <ul className="rule-list" data-testid={`policies-${direction}`}>
      {rules.map((r) => (
        <li key={`${r.ref.kind}/${r.ref.namespace ?? ''}/${r.ref.name}/${r.ref.path}`} className="rule-item">
          <div className="rule-head">
            <RuleChip rule={r.ref} />
            {r.source ? <span className="muted rule-source">{r.source}</span> : null}
            {r.at && source ? <PolicyTextButton target={{ ...r.ref, at: r.at }} source={source} /> : null}
          </div>
          <ul className="entries">
            {r.entries.map((e) => (
              <li key={e.path} className={`entry entry-${e.action}`}>
                <code className="entry-path">{e.path.replace(/^.*\.(ingress|egress)/, '$1')}</code>{' '}
                <span className={`entry-action ea-${e.action}`}>{e.action === 'deny' ? 'denies' : 'allows'}</span> <span className="entry-peers">{e.peers}</span>{' '}
                <span className="muted">on</span> <span className="mono">{e.ports}</span>
                {e.l7 ? <span className="entry-l7"> · {e.l7}</span> : null}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export interface WorkloadDetailsProps {
  readonly workload: Workload;
  readonly cluster: Cluster;
  readonly model: EngineModel | null;
  readonly graph: GraphModel | null;
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
  /** Lint findings per policy: those of the policies selecting the workload are listed. */
  readonly findings?: FindingsIndex | null;
}

export function WorkloadDetails({ workload, cluster, model, graph, selected, onSelect, findings = null }: WorkloadDetailsProps) {
  const policies = model ? workloadPolicies(model, workload.key) : null;
  const bandwidth = bandwidthOf(workload.podAnnotations);
  const pods = cluster.pods.filter((p) => p.workload === workload.key);
  return (
    <div className="details-body" data-testid="workload-details" data-answer tabIndex={-1}>
      <h3 className="details-name">{workload.name}</h3>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{workload.kind}</dd>
        <dt>Namespace</dt>
        <dd>{workload.namespace}</dd>
        <dt>Tenant</dt>
        <dd>{tenantOf(cluster.namespaces.get(workload.namespace)) ?? '—'}</dd>
        <dt>Service account</dt>
        <dd>{workload.serviceAccount}</dd>
        <dt>Replicas</dt>
        <dd>{workload.replicas ?? '—'}</dd>
        <dt>Host network</dt>
        <dd>{workload.hostNetwork ? 'yes' : 'no'}</dd>
        <dt>Defined in</dt>
        <dd>{workload.source ? `${workload.source.file}:${workload.source.line}` : 'implied by its pods'}</dd>
      </dl>
      {/* Who it talks to, and who talks to it: the question most often asked of a workload, first. */}
      {graph ? (
        <>
          <h4>Paths on the graph</h4>
          <PathList graph={graph} nodeId={workloadNodeId(workload.key)} selected={selected} onSelect={onSelect} />
        </>
      ) : null}
      {bandwidth.length > 0 ? (
        <>
          <h4>Bandwidth</h4>
          <dl className="facts" data-testid="bandwidth">
            {bandwidth.map((b) => (
              <div key={b.annotation} className="fact-pair">
                <dt>{b.annotation.endsWith('egress-bandwidth') ? 'Egress limit' : 'Ingress limit'}</dt>
                <dd>
                  <span className="mono">{b.value}</span> <span className="muted">({b.annotation})</span>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
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
          {pods.map((p) => (
            <tr key={`${p.namespace}/${p.name}`}>
              <td className="pod-name">{p.name}</td>
              <td className="mono">{p.ips.join(', ') || '—'}</td>
              <td>{p.nodeName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Ingress policies (who may connect to it)</h4>
      {policies ? <RuleList rules={policies.ingress} direction="ingress" /> : <p className="muted">Preparing the policy engine…</p>}
      <h4>Egress policies (where it may connect)</h4>
      {policies ? <RuleList rules={policies.egress} direction="egress" /> : <p className="muted">Preparing the policy engine…</p>}
      {policies ? <FindingList index={findings} policies={[...policies.ingress, ...policies.egress].map((r) => r.ref)} /> : null}
    </div>
  );
}
