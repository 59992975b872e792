/**
 * The JSON export: the graph model of what is shown (nodes with positions, edges with verdict,
 * ports, deciding rules and observed counts), with the same title, provenance, legend and
 * highlighted path as the picture. Stable key order and sorted lists: same view, same bytes.
 * @public
 */
import type { GraphModel } from '../graph/types.ts';
import type { ExportContext, ExportText } from './meta.ts';

export const GRAPH_JSON_FORMAT = 'netpol-viz.graph/v1';

export function graphJson(ctx: ExportContext, text: ExportText): string {
  const m: GraphModel = ctx.model;
  const doc = {
    format: GRAPH_JSON_FORMAT,
    title: text.title,
    subtitle: text.subtitle,
    ...(ctx.time !== null ? { generatedAt: ctx.time } : {}),
    inputs: { sha256: ctx.digest },
    view: {
      groupingLabel: ctx.view.groupingLabel,
      customerTenant: ctx.view.customerTenant,
      collapsed: ctx.view.collapsed.filter((g) => m.groups.includes(g)),
      filters: ctx.view.filters,
    },
    highlight: ctx.highlight === null ? null : { nodes: [...ctx.highlight.nodes], edges: [...ctx.highlight.edges], explanation: text.caption },
    legend: text.legend,
    counts: m.counts,
    groups: m.groups,
    nodes: m.nodes,
    edges: m.edges,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
