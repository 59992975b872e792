/**
 * How the graph is drawn, as data shared by the canvas stylesheet, the legend and the SVG
 * writer: every verdict has a colour AND a line style AND an arrow shape, so a black-and-white
 * print or a colour-blind reader still tells them apart.
 * @public
 */
import type { EdgeVerdict, NodeKind } from '../graph/types.ts';

export interface VerdictStyle {
  readonly label: string;
  readonly color: string;
  readonly line: 'solid' | 'dashed' | 'dotted';
  readonly arrow: 'triangle' | 'tee' | 'diamond' | 'vee' | 'triangle-cross';
  /** Width of a policy-only edge; observed edges are drawn thicker. */
  readonly width: number;
}

export const VERDICT_STYLE: Readonly<Record<EdgeVerdict, VerdictStyle>> = {
  allowed: { label: 'Allowed', color: '#2e7d32', line: 'solid', arrow: 'triangle', width: 2 },
  'l7-filtered': { label: 'Allowed, L7-filtered', color: '#c77700', line: 'solid', arrow: 'diamond', width: 2 },
  'not-enforced': { label: 'Not enforced (no policy)', color: '#8a8f98', line: 'solid', arrow: 'vee', width: 1 },
  'default-deny': { label: 'Denied by default', color: '#d32f2f', line: 'dashed', arrow: 'triangle-cross', width: 2 },
  'explicit-deny': { label: 'Denied by a deny rule', color: '#7f0000', line: 'dotted', arrow: 'tee', width: 2.5 },
  'auth-denied': { label: 'Dropped: authentication always fails', color: '#880e4f', line: 'dashed', arrow: 'tee', width: 2.5 },
  // Neither green nor red (nothing is known to pass or drop), dark enough on white; dashed with an
  // open arrow, the one such pair, so it reads without colour.
  'not-known': { label: 'Not known (?): Cilium cannot compute the policy', color: '#5f6b7a', line: 'dashed', arrow: 'vee', width: 2.5 },
};

/** Drawn around edges whose flows disagree with the loaded policy. */
export const MISMATCH_COLOR = '#8e24aa';
/** The path a query lit up (and the canvas selection). */
export const HIGHLIGHT_COLOR = '#1e88e5';
/** Drawn around edges a what-if changes (the proposed policy set against the loaded one). */
export const CHANGE_COLOR = '#f9a825';
/** Width of an edge that flows were seen on. */
export const OBSERVED_WIDTH = 4.5;
/** Opacity of a path drawn without flows on it, not denied (policy only): it recedes. */
export const UNSEEN_OPACITY = 0.6;
export const INK = '#1f2933';
export const MUTED = '#52606d';

export const DASH: Readonly<Record<VerdictStyle['line'], string | null>> = { solid: null, dashed: '6 4', dotted: '2 3' };

export type NodeShape = 'round-rectangle' | 'diamond' | 'ellipse' | 'hexagon' | 'tag' | 'octagon';

export interface NodeStyle {
  readonly shape: NodeShape;
  readonly w: number;
  readonly h: number;
  readonly fill: string;
  readonly stroke: string;
  readonly dash: string | null;
  readonly strokeWidth: number;
}

const BASE: NodeStyle = { shape: 'round-rectangle', w: 36, h: 36, fill: '#ffffff', stroke: '#3e4c59', dash: null, strokeWidth: 2 };

export const NODE_STYLE: Readonly<Record<NodeKind, NodeStyle>> = {
  workload: { ...BASE, fill: '#e3ecf7', stroke: '#2f5d8a' },
  identity: { ...BASE, shape: 'ellipse', fill: '#f5f5f5', dash: '4 3' },
  world: { ...BASE, shape: 'ellipse', w: 52, h: 52, fill: '#1565c0', stroke: '#0d47a1' },
  cidr: { ...BASE, shape: 'hexagon', w: 42, h: 36, fill: '#e8eaf6', stroke: '#3949ab' },
  fqdn: { ...BASE, shape: 'tag', w: 42, h: 32, fill: '#ede7f6', stroke: '#5e35b1' },
  entity: { ...BASE, shape: 'octagon', w: 40, h: 40, fill: '#fff8e1', stroke: '#8d6e00' },
  'carve-out': { ...BASE, w: 40, h: 30, fill: '#ffebee', stroke: '#7f0000', dash: '5 3' },
  unknown: { ...BASE, shape: 'ellipse', fill: '#eeeeee', stroke: '#9e9e9e' },
  // Compound kinds; a collapsed group is drawn as a 150×66 box.
  group: { ...BASE, w: 150, h: 66, fill: '#eef2f7', stroke: '#52606d', strokeWidth: 3 },
  namespace: { ...BASE, fill: '#ffffff', stroke: '#9aa5b1', strokeWidth: 1 },
};

export const DNS_STYLE: NodeStyle = { ...BASE, shape: 'diamond', w: 40, h: 40, fill: '#e0f2f1', stroke: '#00695c' };
export const UNRESTRICTED_STYLE = { fill: '#f5f5f5', stroke: '#8a8f98', dash: '5 3' } as const;
export const PLATFORM_GROUP_STYLE = { fill: '#f3f0e8', stroke: '#7a6a45' } as const;
