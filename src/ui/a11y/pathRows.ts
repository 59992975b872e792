/**
 * The graph as rows of text: one row per drawn path (GraphModel edge) with both ends named, the
 * verdict in words, the ports, the flows seen and whether they disagree with policy. This is the
 * text alternative of the canvas for keyboard and screen-reader users: the same GraphModel, so it
 * shows exactly what the canvas draws (filters, collapsed tenants, customer redaction).
 */
import { VERDICT_STYLE } from '../../core/export/style.ts';
import { nodeDisplayName } from '../../core/export/nodeLabel.ts';
import { plural } from '../../core/util/plural.ts';
import type { EdgeVerdict, GraphModel, GraphNode } from '../../core/graph/types.ts';

export interface PathRow {
  /** The edge id (selecting it shows the edge details). */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly verdict: EdgeVerdict;
  readonly verdictText: string;
  /** The verdict in a word or two, for a badge (verdictText says it in full). */
  readonly verdictShort: string;
  readonly ports: string;
  /** Request flows seen, or null when the path comes from policy only. */
  readonly flows: number | null;
  /** Of those, the ones Cilium dropped. */
  readonly dropped: number;
  /** Words for a disagreement between flows and policy, or null. */
  readonly mismatch: string | null;
}

/**
 * A node as the panels name it: `namespace/workload`, a group as the graph labels it (its lines on
 * one: `platform (3 workloads)`, `tenant acme (12 workloads)`, `other tenants`), else its label.
 */
export function nodeName(n: GraphNode | undefined): string {
  if (n === undefined) return '(not shown)';
  if (n.kind === 'group') return nodeDisplayName(n);
  if (n.kind === 'workload' && n.namespace !== null && !n.namespace.startsWith('~')) return `${n.namespace}/${n.label}`;
  return n.label;
}

const VERDICT_SHORT: Readonly<Record<EdgeVerdict, string>> = {
  allowed: 'allowed',
  'l7-filtered': 'L7 filtered',
  'not-enforced': 'no policy',
  'default-deny': 'denied',
  'explicit-deny': 'deny rule',
  'auth-denied': 'authentication fails',
  'not-known': 'not known',
};

function mismatchText(m: string | null): string | null {
  if (m === null) return null;
  if (m === 'observed-allowed-predicted-denied') return 'flows passed although policy denies';
  if (m === 'observed-denied-predicted-allowed') return 'flows dropped although policy allows';
  return m;
}

/** The table's caption (read out when a screen reader enters it): how many paths, how many denied. */
export function pathsCaption(paths: number, denied: number): string {
  return `Paths with verdicts: ${plural(paths, 'path')}, ${denied.toLocaleString('en-US')} denied`;
}

export function pathRows(graph: GraphModel): PathRow[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.edges.map((e) => ({
    id: e.id,
    from: nodeName(byId.get(e.source)),
    to: nodeName(byId.get(e.target)),
    verdict: e.verdict,
    verdictText: VERDICT_STYLE[e.verdict].label,
    verdictShort: VERDICT_SHORT[e.verdict],
    ports: e.portsText,
    flows: e.observed?.flows ?? null,
    dropped: e.observed?.verdicts.DROPPED ?? 0,
    mismatch: mismatchText(e.mismatch),
  }));
}

/** The rows with dropped flows first, most drops first; the others after them in their order. */
export function dropsFirst(rows: readonly PathRow[]): PathRow[] {
  return [...rows.filter((r) => r.dropped > 0).sort((a, b) => b.dropped - a.dropped), ...rows.filter((r) => r.dropped === 0)];
}

/** What a list sorted by dropsFirst says above its rows; null when no flow was dropped. */
export function dropsFirstText(rows: readonly PathRow[]): string | null {
  const withDrops = rows.filter((r) => r.dropped > 0);
  if (withDrops.length === 0) return null;
  const flows = withDrops.reduce((n, r) => n + r.dropped, 0);
  return `${plural(flows, 'dropped flow')} on ${plural(withDrops.length, 'path')}, listed first.`;
}
