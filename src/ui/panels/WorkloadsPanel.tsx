/**
 * The workload list: the same workloads as the canvas, as text (tenant ▸ namespace ▸ workload,
 * with the policies of each namespace): the keyboard- and screen-reader-friendly view of what
 * the canvas draws. Opens in the dock beside the canvas.
 */
import { POLICY_ABBREV } from '../../core/model/policyLabel.ts';
import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { Policy } from '../../core/model/policy.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { plural } from '../state/summary.ts';
import { overview, type NamespaceGroup, type WorkloadRow } from './overview.ts';
import { FindingBadge, type FindingsIndex } from '../lint/FindingList.tsx';
import { useContext } from 'react';
import { RuleTextContext, useRuleTextSource } from '../query/ruleTextSource.ts';
import { PolicyTextButton } from '../policytext/PolicyTextButton.tsx';
import { policyTarget } from '../policytext/policyTarget.ts';

interface ListProps {
  readonly selected: WorkloadKey | null;
  readonly onSelect: (key: WorkloadKey | null) => void;
  /** Lint findings per policy (a badge beside each policy that has some); null while linting. */
  readonly findings?: FindingsIndex | null;
}


/** The policies by name; a name opens the policy's text as loaded (PolicyTextButton) when the load's worker can read it. */
function PolicyList({ policies, findings }: { readonly policies: readonly Policy[]; readonly findings?: FindingsIndex | null | undefined }) {
  const source = useContext(RuleTextContext);
  if (policies.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="policy-list">
      {policies.map((p) => (
        <li key={p.key} title={p.description ?? p.ref.kind}>
          <abbr className={`pk pk-${POLICY_ABBREV[p.ref.kind]}`} title={p.ref.kind}>
            {POLICY_ABBREV[p.ref.kind]}
          </abbr>{' '}
          {source ? (
            <PolicyTextButton target={policyTarget(p)} source={source} className="link">
              {p.ref.name}
            </PolicyTextButton>
          ) : (
            p.ref.name
          )}
          <FindingBadge findings={findings?.get(p.key)} />
        </li>
      ))}
    </ul>
  );
}

function ports(row: WorkloadRow): string {
  return row.workload.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` ${p.name}` : ''}`).join(', ');
}

function NamespaceCard({ group, selected, onSelect, findings }: { readonly group: NamespaceGroup } & ListProps) {
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


export function WorkloadsPanel({ data, selected, onSelect, findings = null }: ListProps & { readonly data: LoadedData }) {
  const o = overview(data.cluster);
  const source = useRuleTextSource(data);
  return (
    <section id="workload-list" className="panel workloads" tabIndex={0} aria-labelledby="workloads-title" data-testid="workloads-panel">
      <h2 id="workloads-title" className="panel-title">
        Workloads by tenant and namespace{' '}
        <span className="panel-count">
          {plural(data.cluster.workloads.length, 'workload')} · {plural(data.cluster.pods.length, 'pod')}
        </span>
      </h2>
      <RuleTextContext.Provider value={source}>
        <WorkloadList o={o} selected={selected} onSelect={onSelect} findings={findings} />
      </RuleTextContext.Provider>
    </section>
  );
}

function WorkloadList({ o, selected, onSelect, findings }: { readonly o: ReturnType<typeof overview> } & ListProps) {
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
                  {t.name}{' '}
                  <span className="muted">
                    {t.kind === 'BaselineAdminNetworkPolicy' ? t.tier : `${t.tier}, priority ${t.priority}`}
                    {/* v1alpha1: no Cilium release reads it (core/engine/tiers.ts kindEnforced). */}
                    {t.kind !== 'ClusterNetworkPolicy' ? ' · no effect on Cilium (v1alpha1)' : ''}
                  </span>
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
