/**
 * The Cytoscape stylesheet. Every text comes from element data and is drawn on the canvas as
 * text (never HTML). Labels shrink away when zoomed out (`min-zoomed-font-size`); on big graphs
 * edge labels need more zoom before they show.
 */
import type { StylesheetJson } from 'cytoscape';
import { CHANGE_COLOR, DASH, HIGHLIGHT_COLOR, type VerdictStyle } from '../../core/export/style.ts';
import { AGGREGATE_DRAWN_W, COLLAPSED_DRAWN_H, EDGE_LABEL_FONT, GROUP_TITLE_FONT, NAME_FONT, NAMESPACE_TITLE_FONT } from '../../core/graph/layout.ts';
import { TENANTS_GROUP } from '../../core/graph/grouping.ts';
import { edgeVerdicts } from '../../core/graph/types.ts';
import { MISMATCH_COLOR, VERDICT_STYLE } from './verdictStyle.ts';

const INK = '#1f2933';
const ALLOWED = VERDICT_STYLE.allowed;
const DENIED = VERDICT_STYLE['default-deny'];
const NOT_KNOWN = VERDICT_STYLE['not-known'];
const MUTED = '#52606d';

/** Big graphs show edge labels from this rendered size (px) up (hoverLayer.ts draws a hovered line's label by the same rule). */
export const BIG_EDGE_LABEL_MIN_PX = 12;

export interface StylesheetOptions {
  /** A big graph (see canvasOptions.ts): edge labels only from a higher zoom. */
  readonly big?: boolean;
  /**
   * A huge graph (canvasOptions.ts): straight edges. The two directions between a pair of nodes
   * then share one line (an arrowhead at each end) instead of curving apart.
   */
  readonly huge?: boolean;
}

/**
 * A verdict's line, dashed as the legend and the exports draw it (DASH, in model units).
 * Cytoscape's own `dotted` is a 1-unit pattern (a third of a pixel at the 5k cluster's fit: it
 * drew a faint solid line), and the canvas strokes every dash one by one: 500 per 1,000 units
 * of a dotted line against 200 now.
 */
export function lineStyle(line: VerdictStyle['line']): { 'line-style': 'solid' | 'dashed'; 'line-dash-pattern'?: number[] } {
  const dash = DASH[line];
  return dash === null ? { 'line-style': 'solid' } : { 'line-style': 'dashed', 'line-dash-pattern': dash.split(' ').map(Number) };
}

export function graphStylesheet(options: StylesheetOptions = {}): StylesheetJson {
  const verdictRules: StylesheetJson = edgeVerdicts.map((v) => {
    const s = VERDICT_STYLE[v];
    return {
      selector: `edge.v-${v}`,
      style: {
        'line-color': s.color,
        'target-arrow-color': s.color,
        'target-arrow-shape': s.arrow,
        ...lineStyle(s.line),
        width: s.width,
        color: s.color,
      },
    };
  });
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
        'font-size': NAME_FONT,
        color: INK,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 5,
        'text-wrap': 'ellipsis',
        'text-max-width': '150px',
        'min-zoomed-font-size': 6,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        width: 36,
        height: 36,
        'background-color': '#ffffff',
        'border-width': 2,
        'border-color': '#3e4c59',
        shape: 'round-rectangle',
        // Leaves (and edges, below) on top of compound boxes, as Cytoscape's 'auto' does, but
        // without it walking every element's ancestors on each z-sort of a big graph.
        'z-compound-depth': 'top',
      },
    },
    { selector: 'node.k-workload', style: { 'background-color': '#e3ecf7', 'border-color': '#2f5d8a' } },
    { selector: 'node.dns', style: { shape: 'diamond', 'background-color': '#e0f2f1', 'border-color': '#00695c', width: 40, height: 40 } },
    { selector: 'node.unrestricted', style: { 'border-style': 'dashed', 'border-color': '#8a8f98', 'background-color': '#f5f5f5' } },
    { selector: 'node.half-unrestricted', style: { 'border-style': 'dotted', 'border-width': 3 } },
    // Outside peers stand in a column on the right: their labels go right, into free space.
    {
      selector: 'node.k-world, node.k-cidr, node.k-fqdn, node.k-entity, node.k-carve-out, node.k-unknown',
      style: { 'text-halign': 'right', 'text-valign': 'center', 'text-margin-x': 8, 'text-margin-y': 0, 'text-wrap': 'wrap', 'text-max-width': '210px' },
    },
    // Peers left of the groups (the many-tenant opening: core/graph/layout.ts hubLayout): names outwards, on their left.
    { selector: 'node.name-left', style: { 'text-halign': 'left', 'text-margin-x': -8 } },
    { selector: 'node.k-identity', style: { shape: 'ellipse', 'background-color': '#f5f5f5', 'border-style': 'dashed' } },
    {
      selector: 'node.k-world',
      style: { shape: 'ellipse', width: 52, height: 52, 'background-color': '#1565c0', 'border-color': '#0d47a1', 'font-weight': 'bold', 'font-size': 19 },
    },
    // A range node's name wraps at its words: `10.0.0.0/8, 169.254.0.0/16, … (excepted from internet)`
    // one range or two words a line, no wider than a range (a wider name shrinks the whole fitted picture).
    { selector: 'node.k-cidr', style: { shape: 'hexagon', width: 42, height: 36, 'text-wrap': 'wrap', 'text-max-width': '150px', 'background-color': '#e8eaf6', 'border-color': '#3949ab' } },
    { selector: 'node.k-fqdn', style: { shape: 'tag', width: 42, height: 32, 'background-color': '#ede7f6', 'border-color': '#5e35b1' } },
    { selector: 'node.k-entity', style: { shape: 'octagon', width: 40, height: 40, 'background-color': '#fff8e1', 'border-color': '#8d6e00' } },
    {
      selector: 'node.k-carve-out',
      style: { shape: 'round-rectangle', width: 40, height: 30, 'background-color': '#ffebee', 'border-color': '#7f0000', 'border-style': 'dashed', 'border-width': 2, color: '#7f0000', 'font-weight': 'bold' },
    },
    { selector: 'node.k-unknown', style: { shape: 'ellipse', 'background-color': '#eeeeee', 'border-color': '#9e9e9e' } },
    {
      selector: 'node.k-namespace',
      style: {
        shape: 'round-rectangle',
        'background-color': '#ffffff',
        'background-opacity': 0.9,
        'border-width': 1,
        'border-color': '#9aa5b1',
        padding: '14px',
        // The title is its own element above the edges (titles.ts).
        label: '',
        'z-compound-depth': 'auto',
      },
    },
    {
      selector: 'node.k-group',
      style: {
        shape: 'round-rectangle',
        'background-color': '#eef2f7',
        'border-width': 2,
        'border-color': '#52606d',
        // Room for the group's title and, below it, the first namespace's.
        padding: '30px',
        label: '',
        'z-compound-depth': 'auto',
      },
    },
    { selector: 'node.k-group.platform', style: { 'background-color': '#f3f0e8', 'border-color': '#7a6a45' } },
    // Group and namespace titles: centred on the compound's top border, on an opaque label box
    // drawn above the edges, so no edge or edge label covers them.
    {
      selector: 'node.k-title',
      style: {
        width: 1,
        height: 1,
        'background-opacity': 0,
        'border-width': 0,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-margin-y': 0,
        'text-wrap': 'none',
        'text-max-width': '420px',
        'text-background-opacity': 1,
        'text-background-shape': 'roundrectangle',
        'text-background-padding': '3px',
        'text-border-opacity': 1,
        'text-border-width': 1,
        'text-events': 'yes',
        'z-index': 40,
        events: 'yes',
      },
    },
    {
      selector: 'node.k-title-group',
      style: {
        'font-size': GROUP_TITLE_FONT,
        'font-weight': 'bold',
        color: INK,
        'min-zoomed-font-size': 4,
        'text-background-color': '#eef2f7',
        'text-border-color': '#52606d',
        'text-border-width': 2,
      },
    },
    { selector: 'node.k-title-group.platform', style: { 'text-background-color': '#f3f0e8', 'text-border-color': '#7a6a45' } },
    {
      selector: 'node.k-title-namespace',
      style: { 'font-size': NAMESPACE_TITLE_FONT, color: MUTED, 'text-background-color': '#ffffff', 'text-border-color': '#9aa5b1', 'text-background-padding': '2px', 'z-index': 39 },
    },
    {
      selector: 'node.k-group.collapsed',
      style: {
        label: 'data(label)',
        // A collapsed group is one node of the layout's size, not a compound box around children.
        padding: '0px',
        'z-compound-depth': 'top',
        'font-weight': 'bold',
        color: INK,
        'text-background-opacity': 0,
        'text-halign': 'center',
        'min-zoomed-font-size': 4,
        width: 150,
        height: COLLAPSED_DRAWN_H,
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-wrap': 'wrap',
        'text-max-width': '146px',
        'font-size': NAME_FONT,
        'border-width': 3,
        'border-style': 'double',
      },
    },
    // Every tenant as one node: wider, so that `249 other tenants` reads on one line.
    { selector: `node.k-group.collapsed[id = "${TENANTS_GROUP}"]`, style: { width: AGGREGATE_DRAWN_W, 'text-max-width': `${AGGREGATE_DRAWN_W - 4}px` } },
    {
      selector: 'edge',
      style: {
        'curve-style': options.huge ? 'straight' : 'bezier',
        'arrow-scale': 1.1,
        opacity: 0.9,
        'z-compound-depth': 'top',
      },
    },
    // The label only on edges that have one (a flow count, a bundle's paths, a what-if change)
    // and on those hovered, selected or lit (which show their ports): Cytoscape sets every
    // property of every matching rule on each element, with its own bookkeeping per property,
    // and most paths have no label (no flows loaded: 1,400 of the 5k cluster's 1,652 lines).
    {
      selector: 'edge[label != ""], edge.hover, edge:selected, edge.hl',
      style: {
        label: 'data(label)',
        'font-size': EDGE_LABEL_FONT,
        'font-weight': 'bold',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
        'min-zoomed-font-size': options.big ? BIG_EDGE_LABEL_MIN_PX : 8,
        'text-rotation': 'none',
      },
    },
    ...verdictRules,
    // Lines bent around boxes they would cross (core/graph/route.ts decides how far).
    ...(options.huge ? [] : [{ selector: 'edge.routed', style: { 'curve-style': 'unbundled-bezier' as const, 'control-point-distances': 'data(bend)', 'control-point-weights': 0.5 } }]),
    // Observed traffic: thicker than policy-only paths, with the flow count as label.
    { selector: 'edge.observed', style: { width: 4.5, opacity: 1 } },
    // Allowed policy paths recede; red paths stay on top and fully opaque: they are what an incident is about.
    { selector: 'edge.policy-only', style: { opacity: 0.6 } },
    { selector: 'edge.v-default-deny, edge.v-explicit-deny, edge.v-auth-denied, edge.v-not-known', style: { opacity: 1, 'z-index': 10 } },
    { selector: 'edge.mismatch', style: { 'underlay-color': MISMATCH_COLOR, 'underlay-padding': 5, 'underlay-opacity': 0.35 } },
    // What-if: changed paths carry a wide amber band and their port change as label; paths only
    // the loaded set has stay as faint ghosts, with the stubs they ended on.
    { selector: 'edge.changed', style: { 'underlay-color': CHANGE_COLOR, 'underlay-padding': 7, 'underlay-opacity': 0.55, 'min-zoomed-font-size': 4, 'z-index': 25, opacity: 1 } },
    { selector: 'edge.chg-removed', style: { opacity: 0.45, 'underlay-opacity': 0.3 } },
    { selector: 'node.ghost', style: { opacity: 0.45, 'border-style': 'dashed' } },
    // Changed paths drawn on no edge (inside a collapsed group, or among a workload's own pods): the node carries the band.
    { selector: 'node.changed-inside', style: { 'underlay-color': CHANGE_COLOR, 'underlay-padding': 7, 'underlay-opacity': 0.55 } },
    // With flows loaded, allowed paths no flow was seen on recede (a toggle shows them in full).
    { selector: 'edge.unseen', style: { opacity: 0.22, width: 1.5 } },
    // Bundles (core/graph/bundle.ts): one thick line for parallel paths between two groups, in
    // the verdict's colour, half green half red when some are allowed and some denied; the
    // paths they hold are hidden until the bundle is opened (bundles.ts).
    {
      selector: 'edge.bundle',
      style: {
        width: 'mapData(count, 2, 24, 4, 9)',
        'line-color': ALLOWED.color,
        'target-arrow-color': ALLOWED.color,
        'source-arrow-color': ALLOWED.color,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 1,
        color: ALLOWED.color,
        opacity: 0.85,
      },
    },
    { selector: 'edge.bundle.both-ways', style: { 'source-arrow-shape': 'triangle' } },
    { selector: 'edge.bundle-denied', style: { 'line-color': DENIED.color, 'target-arrow-color': DENIED.color, 'source-arrow-color': DENIED.color, ...lineStyle(DENIED.line), color: DENIED.color, opacity: 1, 'z-index': 10 } },
    {
      selector: 'edge.bundle-mixed',
      style: {
        'line-fill': 'linear-gradient',
        'line-gradient-stop-colors': [ALLOWED.color, ALLOWED.color, DENIED.color, DENIED.color],
        'line-gradient-stop-positions': [0, 50, 50, 100],
        'target-arrow-color': DENIED.color,
        color: INK,
        opacity: 1,
        'z-index': 10,
      },
    },
    // Some paths not known (bundle.ts bundleShades): grey, never green, for them.
    { selector: 'edge.bundle-not-known', style: { 'line-color': NOT_KNOWN.color, 'target-arrow-color': NOT_KNOWN.color, 'source-arrow-color': NOT_KNOWN.color, 'target-arrow-shape': NOT_KNOWN.arrow, ...lineStyle(NOT_KNOWN.line), color: NOT_KNOWN.color, opacity: 1, 'z-index': 10 } },
    { selector: 'edge.split-allowed-not-known', style: { 'line-gradient-stop-colors': [ALLOWED.color, ALLOWED.color, NOT_KNOWN.color, NOT_KNOWN.color], 'target-arrow-color': NOT_KNOWN.color } },
    { selector: 'edge.split-not-known-default-deny', style: { 'line-gradient-stop-colors': [NOT_KNOWN.color, NOT_KNOWN.color, DENIED.color, DENIED.color], 'source-arrow-color': NOT_KNOWN.color } },
    // Too short for green and grey (declutter.ts SHORT_NOT_KNOWN): the not-known line.
    { selector: 'edge.split-allowed-not-known.short-not-known', style: { 'line-fill': 'solid', 'line-color': NOT_KNOWN.color, 'source-arrow-color': NOT_KNOWN.color, 'target-arrow-shape': NOT_KNOWN.arrow, ...lineStyle(NOT_KNOWN.line), color: NOT_KNOWN.color } },
    // All three (bundleShades): green, grey and red in thirds (bundleTurns), the arrow red.
    {
      selector: 'edge.split-allowed-not-known-default-deny',
      style: { 'line-gradient-stop-colors': [ALLOWED.color, ALLOWED.color, NOT_KNOWN.color, NOT_KNOWN.color, DENIED.color, DENIED.color], 'line-gradient-stop-positions': [0, 33.33, 33.33, 66.67, 66.67, 100] },
    },
    // Hidden paths are straight: Cytoscape takes a hidden bezier edge's style as a change of the
    // curves between its two nodes and walks every edge of its source node, per property (the
    // 5k cluster as opened: 1,400 hidden paths on a few group nodes); hidden, no curve is drawn.
    { selector: 'edge.bundled', style: { display: 'none', 'curve-style': 'straight' } },
    { selector: 'edge.bundled.unbundled', style: { display: 'element', 'curve-style': options.huge ? 'straight' : 'bezier' } },
    ...(options.huge ? [] : [{ selector: 'edge.bundled.unbundled.routed', style: { 'curve-style': 'unbundled-bezier' as const } }]),
    { selector: 'edge.bundle.open', style: { display: 'none' } },
    // An edge label that would cover a name (declutter.ts): none; hover and selection show it.
    { selector: 'edge.label-off', style: { label: '' } },
    { selector: 'edge.hover, edge:selected', style: { label: 'data(longLabel)', 'z-index': 20, opacity: 1 } },
    { selector: 'edge:selected', style: { 'underlay-color': '#1e88e5', 'underlay-padding': 6, 'underlay-opacity': 0.35 } },
    { selector: 'node:selected', style: { 'border-color': '#1e88e5', 'border-width': 4, 'underlay-color': '#1e88e5', 'underlay-padding': 6, 'underlay-opacity': 0.25 } },
    // The path a query lit up: a wide halo (it reads as a grey band in black and white too) and
    // the ports as label; everything else fades.
    { selector: 'edge.faded', style: { opacity: 0.15 } },
    // A node off the path fades, its name does not: drawn whole in MUTED (6.3:1 on white), as the
    // exports draw it (svg.ts). At 0.15 opacity 'tenant globex' or 'kube-apiserver' read 1.3:1, and
    // they are what tells a reader where the lit path sits.
    { selector: 'node.faded', style: { 'background-opacity': 0.15, 'border-opacity': 0.2, color: MUTED } },
    { selector: 'edge.mismatch.faded', style: { 'underlay-opacity': 0.06 } },
    {
      selector: 'edge.hl',
      style: {
        'underlay-color': HIGHLIGHT_COLOR,
        'underlay-padding': 9,
        'underlay-opacity': 0.5,
        label: 'data(longLabel)',
        'min-zoomed-font-size': 4,
        'z-index': 30,
        opacity: 1,
      },
    },
    {
      selector: 'node.hl',
      style: {
        'outline-color': HIGHLIGHT_COLOR,
        'outline-width': 5,
        'outline-offset': 4,
        'outline-opacity': 0.8,
        'border-width': 3,
        // No bolder name: Cytoscape keeps the width it measured in the normal font and cuts a
        // bold name at both ends.
      },
    },
    // Big graphs: a pressed element draws as it is (Cytoscape's default is a grey halo), so a
    // press does not cost a redraw of every element (steadyLayers.ts). A tap still selects.
    ...(options.big ? [{ selector: ':active', style: { 'overlay-opacity': 0, 'overlay-color': '#000', 'overlay-padding': 10 } }] : []),
  ];
}
