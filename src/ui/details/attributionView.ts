/**
 * Cilium's own attribution beside the computed one, for the flows behind a graph edge: the
 * cross-check of each FlowAggregate edge (`checkEdge`, the same the CLI and the worker run) and of
 * each sampled flow (`checkFlowSample`). Pure, so the details panel only renders.
 * @public
 */
import type { EngineModel } from '../../core/engine/compile.ts';
import { shortPolicyKey } from '../../core/flows/attribution.ts';
import { checkEdge, checkFlowSample, flowCheckContext, type CheckedEdge, type CheckedFlow } from '../../core/flows/crossCheck.ts';
import type { FlowAggregate, FlowSample } from '../../core/flows/types.ts';
import type { GraphEdge } from '../../core/graph/types.ts';

/** One line of "Cilium recorded: … · computed: …" for a policy side of the flows behind an edge. */
export interface AttributionLine {
  /** `egress of acme-web/frontend` / `ingress of acme-web/api`. */
  readonly where: string;
  readonly recorded: string;
  readonly computed: string;
  /** Cilium names a policy the computed decision does not. */
  readonly differs: boolean;
}

export interface EdgeAttributionView {
  /** Observed paths behind the edge, and how many of them were checked (MAX_CHECKED, drops first). */
  readonly paths: number;
  readonly checked: number;
  readonly lines: readonly AttributionLine[];
  /** Likely causes of the mismatches (one per distinct cause), with the mismatch class they explain. */
  readonly causes: readonly { readonly mismatchClass: string; readonly title: string; readonly text: string }[];
  /** Sampled flows with their own check, oldest first. */
  readonly flows: readonly { readonly sample: FlowSample; readonly check: CheckedFlow | null }[];
}

function peerName(key: string): string {
  // `ns/Kind/name` → `ns/name`; other keys (`ip:…`, `fqdn:…`, `reserved:…`) as they are.
  const parts = key.split('/');
  return parts.length === 3 ? `${parts[0]}/${parts[2]}` : key;
}

/**
 * At most this many FlowAggregate edges are checked on the page for one graph edge: a collapsed
 * group's edge can stand for thousands, and each check is a `decide`.
 */
export const MAX_CHECKED = 40;

/** The checks of the FlowAggregate edges behind `edge`, those with most drops first (none without a model or flows). */
export function edgeChecks(model: EngineModel | null, flows: FlowAggregate | null, edge: GraphEdge, max = MAX_CHECKED): CheckedEdge[] {
  if (model === null || flows === null || edge.flowKeys.length === 0) return [];
  const keys = new Set(edge.flowKeys);
  const context = flowCheckContext(model);
  const behind = flows.edges.filter((e) => keys.has(e.key));
  const dropped = (e: (typeof behind)[number]) => e.verdicts.DROPPED ?? 0;
  if (behind.length > max) behind.sort((a, b) => dropped(b) - dropped(a) || b.flows - a.flows || (a.key < b.key ? -1 : 1));
  return behind.slice(0, max).map((e) => checkEdge(model, e, context));
}

/** What the details panel shows of Cilium's attribution for a graph edge. */
export function edgeAttributionView(model: EngineModel | null, flows: FlowAggregate | null, edge: GraphEdge, samples: readonly FlowSample[]): EdgeAttributionView {
  const checks = edgeChecks(model, flows, edge);
  const lines: AttributionLine[] = [];
  const seen = new Set<string>();
  for (const c of checks) {
    for (const s of c.attribution?.sides ?? []) {
      const where = `${s.side} of ${peerName(s.side === 'egress' ? c.edge.source.key : c.edge.destination.key)}`;
      const recorded = recordedText(s.recorded.allowedBy, s.recorded.deniedBy) ?? s.recordedText;
      const computed =
        s.computed.reason === 'allowed'
          ? `allowed by ${s.computed.allowedBy.map(shortPolicyKey).join(', ')}`
          : s.computed.reason === 'explicit-deny'
            ? `denied by ${s.computed.deniedBy.map(shortPolicyKey).join(', ')}`
            : s.computed.reason === 'default-deny'
              ? 'default deny (no allow rule matches)'
              : s.computedText;
      const id = `${where}\n${recorded}\n${computed}`;
      if (seen.has(id)) continue;
      seen.add(id);
      lines.push({ where, recorded, computed, differs: s.unexplained.length > 0 });
    }
  }
  const causes: EdgeAttributionView['causes'][number][] = [];
  for (const c of checks) {
    if (c.cause === null || c.mismatchClass === 'match') continue;
    if (!causes.some((x) => x.title === c.cause?.title && x.text === c.cause.text)) causes.push({ mismatchClass: c.mismatchClass, title: c.cause.title, text: c.cause.text });
  }
  const context = model === null ? null : flowCheckContext(model);
  const byUuid = new Map<string, CheckedEdge>();
  for (const c of checks) for (const s of c.edge.sample) byUuid.set(`${s.uuid}\n${s.time ?? ''}`, c);
  const rows = samples.map((sample) => {
    const c = byUuid.get(`${sample.uuid}\n${sample.time ?? ''}`);
    return { sample, check: c === undefined || context === null ? null : checkFlowSample(sample, c, context) };
  });
  return { paths: edge.flowKeys.length, checked: checks.length, lines, causes, flows: rows };
}

function recordedText(allowed: readonly string[], denied: readonly string[]): string | null {
  const parts: string[] = [];
  if (allowed.length > 0) parts.push(`allowed by ${allowed.map(shortPolicyKey).join(', ')}`);
  if (denied.length > 0) parts.push(`denied by ${denied.map(shortPolicyKey).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A flow's recorded policies in the table's short form (`CNP ns/name`), or `—` when Cilium named none. */
export function recordedCell(sample: FlowSample): string {
  const allowed = sample.recordedAllowedBy.map(shortPolicyKey);
  const denied = sample.recordedDeniedBy.map((k) => `deny ${shortPolicyKey(k)}`);
  const all = [...allowed, ...denied];
  return all.length === 0 ? '—' : all.join(', ');
}
