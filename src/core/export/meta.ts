/**
 * The words around an exported picture: its title, the provenance lines (what is shown, the view,
 * the input digest, the time) and the explanation of the highlighted path. Everything is derived
 * from the (possibly redacted) GraphModel and the ViewState, never from raw input, so a customer
 * view's export says only what its graph says.
 * @public
 */
import { formatRuleRef } from '../engine/side.ts';
import type { FlowTotals } from '../flows/types.ts';
import { groupLabel, OTHERS_GROUP, PLATFORM_GROUP, TENANTS_GROUP } from '../graph/grouping.ts';
import type { GraphEdge, GraphModel, GraphNode, ViewState } from '../graph/types.ts';
import type { LegendItem } from './legend.ts';
import { nodeDisplayName } from './nodeLabel.ts';
import { shortDigest } from './digest.ts';
import { VERDICT_STYLE } from './style.ts';
import type { ExportHighlight } from './svg.ts';
import { plural } from '../util/plural.ts';
import { thousands } from './xml.ts';

export interface ExportContext {
  readonly model: GraphModel;
  readonly view: ViewState;
  /** Cluster name as loaded (`default` when the input does not say). */
  readonly clusterName: string;
  /** Hex SHA-256 of the inputs (digest.ts), or null when unknown. */
  readonly digest: string | null;
  /** When the export was made (ISO 8601), or null to leave time out (deterministic output). */
  readonly time: string | null;
  readonly highlight: ExportHighlight | null;
  /** Overrides the default title. */
  readonly title?: string;
  /**
   * The Hubble flows overlaid (their count and time range): the picture says which capture it
   * shows. Null: none loaded (it says so); absent: not known (nothing said).
   */
  readonly flows?: Pick<FlowTotals, 'flows' | 'firstTime' | 'lastTime'> | null;
}

export interface ExportText {
  readonly title: string;
  readonly subtitle: readonly string[];
  /** One line per highlighted edge (or why the path is not drawn). */
  readonly caption: readonly string[];
  /** The legend as the picture draws it (svg.ts: the colours of its lines as drawn). */
  readonly legend: readonly LegendItem[];
  /** Why the picture is blank, when it draws nothing (null: it draws something). */
  readonly empty: string | null;
}

/** A node as the picture and the app's panels name it: `acme-web/api`, a group `tenant globex (3 workloads)`. */
function nodeName(n: GraphNode | undefined): string {
  if (n === undefined) return '(not shown)';
  if (n.kind === 'workload' && n.namespace !== null && !n.namespace.startsWith('~')) return `${n.namespace}/${n.label}`;
  if (n.kind === 'group') return nodeDisplayName(n);
  return n.label;
}

/** Whose workloads a collapsed group's box stands for, in a reader's words. */
function whoseWorkloads(n: GraphNode): string {
  if (n.id === PLATFORM_GROUP) return "the platform's workloads";
  if (n.id === TENANTS_GROUP || n.id === OTHERS_GROUP) return "those tenants' workloads";
  return "the tenant's workloads";
}

/**
 * How the picture draws a path one of whose ends it shows as a collapsed group: the line between
 * the boxes drawn, and what such a box is (`drawn as the line acme-jobs/mailer → tenant globex
 * (3 workloads), one box for the tenant's workloads`). It said `drawn on globex (collapsed)`.
 */
function drawnAsText(source: GraphNode | undefined, target: GraphNode | undefined): string {
  const boxes = [source, target].filter((n): n is GraphNode => n?.kind === 'group');
  const [only] = boxes;
  if (only === undefined) return '';
  const what = boxes.length === 1 ? `one box for ${whoseWorkloads(only)}` : 'each end one box for its workloads';
  return ` · drawn as the line ${nodeName(source)} → ${nodeName(target)}, ${what}`;
}

function ruleText(e: GraphEdge): string {
  if (e.rules.length === 0) return '';
  const shown = e.rules.slice(0, 3).map((r) => formatRuleRef(r).trim());
  return ` · ${e.verdict === 'not-known' ? 'not computed from' : isDeniedText(e) ? 'decided by' : 'allowed by'} ${shown.join(', ')}${e.rules.length > 3 ? ` and ${e.rules.length - 3} more` : ''}`;
}

function isDeniedText(e: GraphEdge): boolean {
  return e.verdict === 'default-deny' || e.verdict === 'explicit-deny' || e.verdict === 'auth-denied';
}

/**
 * The highlighted path in words, from what the graph draws: per lit edge its ends, verdict,
 * ports, flows and deciding rules. A path the view does not draw still gets its verdict and port
 * (and, outside the customer view, its ends as asked: a customer's export names only what its
 * graph names).
 */
export function pathCaption(model: GraphModel, highlight: ExportHighlight | null, customer = false): string[] {
  if (highlight === null) return [];
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const edges = model.edges.filter((e) => highlight.edges.includes(e.id));
  if (edges.length === 0) {
    const [s, t] = highlight.nodes;
    const end = (id: string | undefined, asked: string | undefined): string => {
      const n = id === undefined ? undefined : byId.get(id);
      return n !== undefined || customer || asked === undefined ? nodeName(n) : asked;
    };
    const answer = highlight.verdict !== undefined ? `${highlight.verdict}${highlight.port !== undefined ? ` on ${highlight.port}` : ''} · ` : '';
    return [`${end(s, highlight.ends?.[0])} → ${end(t, highlight.ends?.[1])}: ${answer}not drawn with this view and filters`];
  }
  return edges.map((e) => {
    const seen = e.observed ? ` · ${thousands(e.observed.flows)} flow${e.observed.flows === 1 ? '' : 's'} seen` : '';
    const mismatch = e.mismatch ? ` · flows disagree with policy (${e.mismatch})` : '';
    // An end drawn as a collapsed group is named as asked (outside the customer view), the line drawn after.
    let asGroup = false;
    const end = (id: string, asked: string | undefined): string => {
      const n = byId.get(id);
      if (n?.kind !== 'group' || customer || asked === undefined || edges.length !== 1) return nodeName(n);
      asGroup = true;
      return asked;
    };
    const ends = `${end(e.source, highlight.ends?.[0])} → ${end(e.target, highlight.ends?.[1])}`;
    const drawn = asGroup ? drawnAsText(byId.get(e.source), byId.get(e.target)) : '';
    return `${ends}: ${VERDICT_STYLE[e.verdict].label} on ${e.portsText}${seen}${mismatch}${drawn}${ruleText(e)}`;
  });
}

function filterText(model: GraphModel, view: ViewState): string | null {
  const f = view.filters;
  const groups = new Set(model.groups);
  const namespaces = new Set(model.nodes.map((n) => n.namespace).filter((n): n is string => n !== null));
  const parts: string[] = [];
  const g = f.groups.filter((x) => groups.has(x));
  if (g.length > 0) parts.push(`groups ${g.map(groupLabel).join(', ')}`);
  const ns = f.namespaces.filter((x) => namespaces.has(x));
  if (ns.length > 0) parts.push(`namespaces ${ns.join(', ')}`);
  if (f.verdicts.length > 0) parts.push(`verdicts ${f.verdicts.join(', ')}`);
  if (f.protocols.length > 0) parts.push(`protocols ${f.protocols.join(', ')}`);
  if (f.port !== null) parts.push(`port ${f.port}`);
  if (f.show !== 'all') parts.push(`only ${f.show}`);
  // A search text is whatever was typed: in a customer view it is not repeated.
  if (f.search.trim() !== '') parts.push(view.customerTenant === null ? `search "${f.search.trim()}"` : 'a search');
  return parts.length > 0 ? `Filters: ${parts.join('; ')}` : null;
}

/** `2026-11-20 09:00:00` from Hubble's RFC 3339 time (fraction left out); the text as given when it is not one. */
function flowTime(t: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(t);
  return m ? `${m[1]} ${m[2]}` : t;
}

/** Which flows the picture overlays, for a reader who never opened the app. */
function flowsText(flows: ExportContext['flows'], customer: boolean): string | null {
  if (flows === undefined) return null;
  if (flows === null || flows.flows === 0) return 'No Hubble flows loaded: paths as the policies decide them';
  let span = 'time range unknown';
  if (flows.firstTime !== null && flows.lastTime !== null) {
    const [first, last] = [flowTime(flows.firstTime), flowTime(flows.lastTime)];
    // The same day: its date once (`2026-11-20 09:00:00 to 09:01:54 UTC`).
    const sameDay = first.length === 19 && last.length === 19 && first.slice(0, 11) === last.slice(0, 11);
    span = `from ${first} to ${sameDay ? last.slice(11) : last} UTC`;
  }
  // A customer's picture gives the capture's time range, not the whole cluster's flow count.
  return customer ? `Hubble flows ${span}` : `Hubble flows: ${thousands(flows.flows)} ${span}`;
}

/** Lines at the tenants' aggregate written out in the subtitle; more are counted. */
export const AGGREGATE_LINES_MAX = 12;

/**
 * Every line at the tenants' aggregate in words, most tenants first (`68 of 120 tenants →
 * internet all except 25/TCP: Allowed`): the picture cannot give every line a label, and a reader
 * who never opened the app learns from it what the lines of one node standing for many mean.
 */
function aggregateLines(model: GraphModel): string[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const at = model.edges
    .filter((e) => e.tenants !== undefined)
    .sort((a, b) => (b.tenants?.ids.length ?? 0) - (a.tenants?.ids.length ?? 0) || (a.id < b.id ? -1 : 1));
  const out = at.slice(0, AGGREGATE_LINES_MAX).map((e) => {
    const share = e.tenants?.text ?? '';
    const [from, to] = e.source === TENANTS_GROUP ? [share, nodeName(byId.get(e.target))] : [nodeName(byId.get(e.source)), share];
    // A carved-out range's node is named with its ports ('internet 25/TCP'): not said twice.
    const ports = to.endsWith(` ${e.portsText}`) || from.endsWith(` ${e.portsText}`) ? '' : ` ${e.portsText}`;
    return `- ${from} → ${to}${ports}: ${VERDICT_STYLE[e.verdict].label}`;
  });
  if (at.length > AGGREGATE_LINES_MAX) out.push(`- and ${plural(at.length - AGGREGATE_LINES_MAX, 'more line')} (the app lists each: click it)`);
  return out;
}

/** The words of an export but its legend (which the picture gives: exportView). */
export function exportText(ctx: ExportContext): Omit<ExportText, 'legend'> {
  const { model, view } = ctx;
  const c = model.counts;
  const customer = view.customerTenant;
  const title = ctx.title ?? (customer !== null ? `Network paths of tenant ${customer}` : `Connectivity of cluster ${ctx.clusterName}`);
  const denied = model.edges.filter((e) => isDeniedText(e)).length;
  const notKnown = model.edges.filter((e) => e.verdict === 'not-known').length;
  const lines = [
    `${customer !== null ? `Customer view of tenant ${customer}` : `Cluster ${ctx.clusterName}`} · ${plural(c.workloads, 'workload')} · ${thousands(model.edges.length)} of ${plural(c.edges, 'path')} shown (${thousands(denied)} denied${notKnown > 0 ? `, ${thousands(notKnown)} not known` : ''})${c.mismatches > 0 ? ` · ${thousands(c.mismatches)} ${c.mismatches === 1 ? 'disagrees' : 'disagree'} with flows` : ''}`,
  ];
  // The tenants as one node: said in words, so that a reader of the picture knows what it holds
  // and what it leaves out (its tenants are not listed one by one).
  const aggregate = model.nodes.find((n) => n.id === TENANTS_GROUP);
  if (aggregate !== undefined) {
    lines.push(`"${aggregate.label}": ${aggregate.label.includes('other') ? 'these' : 'all'} tenants drawn as one node; paths between tenants and inside them are not drawn; its lines, with the tenants each stands for:`);
    lines.push(...aggregateLines(model));
  }
  const drawn = new Set(model.nodes.map((n) => n.id));
  // Named as the picture names their boxes (`tenant globex (3 workloads)`), and what such a box is.
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const collapsed = view.collapsed.filter((g) => model.groups.includes(g) && drawn.has(g)).map((g) => byId.get(g) as GraphNode);
  if (collapsed.length > 0) lines.push(`${collapsed.length === 1 ? 'Collapsed into one box' : 'Collapsed, one box each'}: ${collapsed.map(nodeName).join(', ')}`);
  const flows = flowsText(ctx.flows, customer !== null);
  if (flows !== null) lines.push(flows);
  const filters = filterText(model, view);
  if (filters !== null) lines.push(filters);
  const provenance = [ctx.digest !== null ? `inputs sha256:${shortDigest(ctx.digest)}` : 'inputs: digest unknown', ctx.time !== null ? `made ${ctx.time}` : null, 'netpol-viz'].filter((x): x is string => x !== null);
  lines.push(provenance.join(' · '));
  // A blank picture says why, as the canvas does (GraphView's "Nothing to draw").
  const blank = !model.nodes.some((n) => n.position !== null);
  const filtered = filters !== null || (view.filters.time ?? null) !== null;
  const empty = !blank ? null : filtered ? 'Nothing to draw: the filters hide every path.' : 'Nothing to draw: the inputs hold no workload and no path.';
  return { title, subtitle: lines, caption: pathCaption(model, ctx.highlight, customer !== null), empty };
}
