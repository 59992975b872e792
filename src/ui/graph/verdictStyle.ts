import type { EdgeVerdict } from '../../core/graph/types.ts';

/**
 * How each verdict is drawn: colour AND line style AND arrow shape, so a black-and-white print
 * or a colour-blind reader still tells them apart. Shared by the stylesheet and the legend.
 */
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
};

/** Drawn around edges whose flows disagree with the loaded policy. */
export const MISMATCH_COLOR = '#8e24aa';
