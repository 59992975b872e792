/**
 * The legend of an exported picture: the same entries as the app's legend (Legend.tsx), as data
 * (for JSON, HTML and PNG text) and drawn as SVG.
 * @public
 */
import { edgeVerdicts } from '../graph/types.ts';
import { arrowSvg } from './shapes.ts';
import { DASH, HIGHLIGHT_COLOR, MISMATCH_COLOR, MUTED, OBSERVED_WIDTH, UNSEEN_OPACITY, VERDICT_STYLE } from './style.ts';
import { esc, num, textWidth } from './xml.ts';

export interface LegendItem {
  readonly key: string;
  readonly label: string;
}

/**
 * `withFlows`: flows are overlaid, so an allowed path no flow was seen on is drawn faint (svg.ts).
 * `withAuthDenied`: some path is dropped because authentication always fails (a rare verdict, listed only then).
 */
export function legendItems(withHighlight: boolean, withBundles = false, withFlows = false, withAuthDenied = false): LegendItem[] {
  return [
    ...edgeVerdicts.filter((v) => v !== 'auth-denied' || withAuthDenied).map((v) => ({ key: v, label: VERDICT_STYLE[v].label })),
    { key: 'observed', label: 'Seen in flows (×count)' },
    ...(withFlows ? [{ key: 'unseen', label: 'Allowed, no flow seen (faint)' }] : []),
    ...(withBundles ? [{ key: 'bundle', label: 'Paths between two groups (count)' }] : []),
    { key: 'mismatch', label: 'Flows disagree with policy (≠)' },
    { key: 'carve-out', label: 'Carved-out ports or range' },
    { key: 'unrestricted', label: 'No policy selects it' },
    { key: 'half-unrestricted', label: 'No policy in one direction' },
    ...(withHighlight ? [{ key: 'highlight', label: 'Highlighted path' }] : []),
  ];
}

const SAMPLE_W = 44;
const ROW_H = 22;
const FONT = 13;

function sample(key: string): string {
  const v = VERDICT_STYLE[key as keyof typeof VERDICT_STYLE];
  if (v !== undefined) {
    const dash = DASH[v.line];
    return `<line x1="2" y1="8" x2="32" y2="8" stroke="${v.color}" stroke-width="${num(Math.max(1.5, v.width))}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${arrowSvg(v.arrow, { x: 42, y: 8 }, 0, v.color, 1)}`;
  }
  switch (key) {
    case 'observed':
      return `<line x1="2" y1="8" x2="40" y2="8" stroke="${MUTED}" stroke-width="${num(OBSERVED_WIDTH)}"/>`;
    case 'unseen':
      return `<g opacity="${UNSEEN_OPACITY}"><line x1="2" y1="8" x2="32" y2="8" stroke="${VERDICT_STYLE.allowed.color}" stroke-width="${num(Math.max(1.5, VERDICT_STYLE.allowed.width))}"/>${arrowSvg(VERDICT_STYLE.allowed.arrow, { x: 42, y: 8 }, 0, VERDICT_STYLE.allowed.color, 1)}</g>`;
    case 'mismatch':
      return `<line x1="2" y1="8" x2="40" y2="8" stroke="${MISMATCH_COLOR}" stroke-opacity="0.35" stroke-width="10"/><line x1="2" y1="8" x2="40" y2="8" stroke="${MUTED}" stroke-width="2"/>`;
    case 'carve-out':
      return `<rect x="14" y="2" width="16" height="12" rx="3" fill="#ffebee" stroke="#7f0000" stroke-dasharray="3 2" stroke-width="1.5"/>`;
    case 'unrestricted':
      return `<rect x="14" y="2" width="16" height="12" rx="3" fill="#f5f5f5" stroke="#8a8f98" stroke-dasharray="3 2" stroke-width="1.5"/>`;
    case 'half-unrestricted':
      return `<rect x="14" y="2" width="16" height="12" rx="3" fill="#e3ecf7" stroke="#2f5d8a" stroke-dasharray="1.5 2" stroke-width="2"/>`;
    case 'bundle':
      return `<line x1="2" y1="8" x2="21" y2="8" stroke="${VERDICT_STYLE.allowed.color}" stroke-width="6"/><line x1="21" y1="8" x2="40" y2="8" stroke="${VERDICT_STYLE['default-deny'].color}" stroke-width="6"/>`;
    case 'highlight':
      return `<line x1="2" y1="8" x2="40" y2="8" stroke="${HIGHLIGHT_COLOR}" stroke-opacity="0.45" stroke-width="12"/><line x1="2" y1="8" x2="40" y2="8" stroke="${MUTED}" stroke-width="2"/>`;
    default:
      return '';
  }
}

/** The legend as SVG rows in columns filling `width`; returns its height. */
export function legendSvg(items: readonly LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  const colW = Math.max(...items.map((i) => SAMPLE_W + 10 + textWidth(i.label, FONT))) + 24;
  const cols = Math.max(1, Math.min(items.length, Math.floor((width + 24) / colW)));
  const rows = Math.ceil(items.length / cols);
  const parts = items.map((item, i) => {
    const cx = x + Math.floor(i / rows) * colW;
    const cy = y + 24 + (i % rows) * ROW_H;
    return `<g data-legend="${esc(item.key)}" transform="translate(${num(cx)} ${num(cy)})">${sample(item.key)}<text x="${SAMPLE_W + 8}" y="12.5" font-size="${FONT}">${esc(item.label)}</text></g>`;
  });
  const title = `<text x="${num(x)}" y="${num(y + 12)}" font-size="${FONT}" font-weight="bold" fill="${MUTED}">Legend</text>`;
  return { svg: `<g class="legend">${title}${parts.join('')}</g>`, height: 24 + rows * ROW_H };
}
