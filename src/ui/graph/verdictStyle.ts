/**
 * How each verdict is drawn. The table lives in the core (src/core/export/style.ts) so the
 * canvas, the legend, the SVG export and the CLI render draw the same picture.
 */
export { MISMATCH_COLOR, VERDICT_STYLE, type VerdictStyle } from '../../core/export/style.ts';
