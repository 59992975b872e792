/**
 * An edge of the graph: its ends, ports and verdict, the rules behind it, the explanation chain
 * (a real `decide` for one representative port, the same one the path query runs) and the
 * observed flows in a virtualised table.
 */
import { useMemo } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import { observedDnsAddresses } from '../../core/query/dnsAddresses.ts';
import { isDenied, type GraphEdge, type GraphModel } from '../../core/graph/types.ts';
import { VERDICT_STYLE } from '../graph/verdictStyle.ts';
import { DecisionView, RuleChip } from '../query/DecisionView.tsx';
import { runQuery } from '../../core/query/runQuery.ts';
import type { QueryText } from '../state/urlState.ts';
import { askedEdgeQuery, edgeContext, edgeFlows, edgeQuery, type EdgeQuery } from './edgeView.ts';
import { FlowTable } from './FlowTable.tsx';
import { edgeAttributionView } from './attributionView.ts';
import { FindingList, type FindingsIndex } from '../lint/FindingList.tsx';
import { plural } from '../../core/util/plural.ts';

export interface EdgeDetailsProps {
  readonly edge: GraphEdge;
  readonly graph: GraphModel;
  readonly model: EngineModel | null;
  readonly flows: FlowAggregate | null;
  /** Flow records read with the input (to tell "none loaded" from "none on this path"). */
  readonly flowRecords: number;
  readonly onSelect: (id: string) => void;
  /** Puts the edge's ends into the path query (to try other ports). */
  readonly onQuery: (q: QueryText) => void;
  /** Lint findings per policy: those of the deciding policies are listed. */
  readonly findings?: FindingsIndex | null;
  /** The path query answered above: when it asks about this edge (a drop opened from the inbox), its address and port are explained. */
  readonly asked?: QueryText | null;
}

const MISMATCH_WORDS: Readonly<Record<string, string>> = {
  'observed-allowed-predicted-denied': 'flows passed although the loaded policy denies them (audit mode, a stale policy, a missing label?)',
  'observed-denied-predicted-allowed': 'flows were dropped although the loaded policy allows them',
  'recorded-policy-differs': 'the verdict agrees, but Cilium recorded another policy than the loaded ones name',
};

export function EdgeDetails({ edge, graph, model, flows, flowRecords, onSelect, onQuery, findings = null, asked = null }: EdgeDetailsProps) {
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const source = node(edge.source);
  const target = node(edge.target);
  const style = VERDICT_STYLE[edge.verdict];
  const ctx = useMemo(() => (model ? edgeContext(model.cluster) : undefined), [model]);
  const own = edgeQuery(edge, graph, ctx);
  const fromAsked = own.ok ? askedEdgeQuery(own.query, edge, graph, asked) : null;
  const q: EdgeQuery = own.ok && fromAsked ? { ok: true, query: fromAsked.query } : own;
  const dns = useMemo(() => observedDnsAddresses(flows), [flows]);
  const outcome = model && q.ok ? runQuery(model, q.query, dns) : null;
  const observed = useMemo(() => edgeFlows(flows, edge), [flows, edge]);
  const attribution = useMemo(() => edgeAttributionView(model, flows, edge, observed), [model, flows, edge, observed]);
  return (
    <div className="details-body" data-testid="edge-details" data-answer tabIndex={-1}>
      <h3 className="details-name edge-title">
        <button type="button" className="link" onClick={() => onSelect(edge.source)}>
          {source?.label ?? edge.source}
        </button>{' '}
        <span aria-label="to">→</span>{' '}
        <button type="button" className="link" onClick={() => onSelect(edge.target)}>
          {target?.label ?? edge.target}
        </button>
      </h3>
      <dl className="facts">
        <dt>Verdict</dt>
        <dd>
          {outcome?.kind === 'answer' && outcome.decision.notComputed ? (
            <span data-testid="edge-not-computed">
              <span className="verdict-word verdict-unknown">Not known</span> Cilium cannot compute the policy of {outcome.decision.notComputed.join(' and ')}; these
              policies would say: {edge.verdict !== 'not-known' ? style.label : outcome.decision.verdict === 'denied' ? 'Denied' : VERDICT_STYLE[outcome.decision.egress.l7 === 'filtered' || outcome.decision.ingress.l7 === 'filtered' ? 'l7-filtered' : 'allowed'].label}
            </span>
          ) : (
            <span className={`verdict-tag vt-${edge.verdict}`} data-testid="edge-verdict-tag">
              {style.label}
            </span>
          )}
        </dd>
        <dt>Ports</dt>
        <dd className="mono" data-testid="edge-ports">
          {edge.portsText}
        </dd>
        <dt>Drawn from</dt>
        <dd>{edge.policy ? (edge.observed ? 'policy and observed flows' : 'policy only (not seen in flows)') : 'observed flows only'}</dd>
        {edge.observed ? (
          <>
            <dt>Observed</dt>
            <dd>
              {plural(edge.observed.flows, 'flow')} on <span className="mono">{edge.observed.ports || '—'}</span>
            </dd>
          </>
        ) : null}
        {edge.members > 1 ? (
          <>
            <dt>Aggregates</dt>
            <dd>{edge.members} workload paths (a collapsed group)</dd>
          </>
        ) : null}
      </dl>
      {edge.mismatch !== null ? (
        <p className="mismatch" data-testid="edge-mismatch">
          Flows disagree with policy: {MISMATCH_WORDS[edge.mismatch] ?? edge.mismatch}
        </p>
      ) : null}
      {attribution.causes.map((c) => (
        <p className="mismatch" data-testid="edge-likely-cause" key={`${c.title}\n${c.text}`}>
          <strong>Likely cause: {c.title}.</strong> {c.text}
        </p>
      ))}
      {attribution.lines.length > 0 ? (
        <>
          <h4>Cilium recorded</h4>
          {attribution.checked < attribution.paths ? (
            <p className="muted">
              For {attribution.checked} of the {attribution.paths} observed paths behind this edge (those with most drops); expand the group to see the others.
            </p>
          ) : null}
          <dl className="facts attribution" data-testid="edge-attribution">
            {attribution.lines.map((l) => (
              <div key={`${l.where}\n${l.recorded}\n${l.computed}`} className={l.differs ? 'attribution-differs' : undefined}>
                <dt>{l.where}</dt>
                <dd>
                  Cilium recorded: {l.recorded}
                  <br />
                  computed: {l.computed}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {edge.rules.length > 0 ? (
        <>
          <h4>{edge.verdict === 'not-known' ? 'What these policies would decide by (not what Cilium enforces)' : edge.verdict === 'default-deny' ? 'Default deny from' : edge.verdict === 'auth-denied' ? 'Allowed, but authentication always fails (test-always-fail) by' : isDenied(edge.verdict) ? 'Denied by' : 'Allowed by'}</h4>
          <ul className="rule-list compact">
            {edge.rules.map((r) => (
              <li key={`${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`}>
                <RuleChip rule={r} />
              </li>
            ))}
          </ul>
          <FindingList index={findings} policies={edge.rules} />
        </>
      ) : null}
      <h4>Explanation{q.ok ? <span className="muted"> for {q.query.port === '' ? 'all ports' : q.query.port.startsWith('/') ? `all ${q.query.port.slice(1)} ports` : q.query.port}</span> : null}</h4>
      {!q.ok ? (
        <p className="muted">{q.why}.</p>
      ) : outcome === null ? (
        <p className="muted">Preparing the policy engine…</p>
      ) : outcome.kind === 'invalid' ? (
        <p className="muted">Cannot explain this path: {outcome.message}</p>
      ) : (
        <>
          {fromAsked?.address ? (
            <p className="muted" data-testid="edge-asked-address">
              Explained for <span className="mono">{fromAsked.address}</span>, the address the answer above asks about. This path stands for more addresses than this one; others may be decided otherwise.
            </p>
          ) : ctx && (q.query.from === ctx.world || q.query.to === ctx.world) ? (
            <p className="muted" data-testid="edge-example-address">
              <span className="mono">{ctx.world}</span> is an example address: it stands for the internet here, an address no policy names a range for.
            </p>
          ) : null}
          <DecisionView header={outcome.header} decision={outcome.decision} testId="edge-explanation" model={model} />
          <button type="button" className="btn small" onClick={() => onQuery(q.query)} data-testid="edge-to-query">
            Check another port of this path…
          </button>
        </>
      )}
      <h4>Observed flows</h4>
      {observed.length > 0 ? (
        <>
          {edge.observed && edge.observed.flows > observed.length ? (
            <p className="muted">
              A sample of {observed.length} of {edge.observed.flows} flows (drops and audits first).
            </p>
          ) : null}
          <FlowTable flows={attribution.flows} />
        </>
      ) : (
        <p className="muted" data-testid="edge-no-flows">
          {flows !== null ? 'No flows observed on this path.' : flowRecords > 0 ? `${flowRecords} flow records were read, but their breakdown by path is not available in this view.` : 'No flow export loaded.'}
        </p>
      )}
    </div>
  );
}
