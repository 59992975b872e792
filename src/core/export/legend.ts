/**
 * The legend of an exported picture: the same entries as the app's legend (Legend.tsx), as data
 * (for JSON, HTML and PNG text) and drawn as SVG.
 * @public
 */
import { bundleKind, bundleShades, type BundleShade } from '../graph/bundle.ts';
import { edgeVerdicts, isDenied, type EdgeBundle, type GraphModel } from '../graph/types.ts';
import { bundledEdges } from './drawn.ts';
import { arrowSvg } from './shapes.ts';
import { DASH, HIGHLIGHT_COLOR, MISMATCH_COLOR, MUTED, OBSERVED_WIDTH, UNSEEN_OPACITY, VERDICT_STYLE } from './style.ts';
import { esc, num, textWidth } from './xml.ts';

export interface LegendItem {
  readonly key: string;
  readonly label: string;
  /** The bundle row: the colours of the bundles drawn (bundleShades), in the verdict rows' order. */
  readonly shades?: readonly BundleShade[];
}

/**
 * The legend of the picture of `model` with `highlight`: only the kinds it draws, in the app
 * legend's order and words (a reader of a pasted picture is not told of lines it does not hold).
 * Edge kinds from the lines as drawn (drawn.ts: a closed bundle is one line, allowed, denied by
 * default, not known or two of them: bundleShades); `withFlows`: flows are overlaid, so an
 * allowed path no flow was seen on is drawn faint (svg.ts); node kinds from the nodes drawn; the highlighted path when some of it is drawn.
 * `shadesOf`: the colours a bundle's line is drawn in; the picture passes drawnShades with each
 * line's length (a short green/grey line is drawn all grey: its green is not in the picture).
 */
export function legendItems(
  model: GraphModel,
  highlight: { readonly nodes: readonly string[]; readonly edges: readonly string[] } | null,
  withFlows = false,
  shadesOf: (b: EdgeBundle) => readonly BundleShade[] = bundleShades,
): LegendItem[] {
  const lit = new Set(highlight?.edges ?? []);
  const drawn = bundledEdges(model, lit);
  const lines = drawn.edges.filter((e) => {
    const b = drawn.bundles.get(e.id);
    return b === undefined || bundleKind(b) !== 'mixed';
  });
  const verdicts = new Set(lines.map((e) => e.verdict));
  // Each colour of a split line needs its row as much as a line of that colour: green (allowed),
  // grey (not known), red (the denied verdicts it holds). Only 'Not known' was listed: a reader of
  // a green/grey line had no word for its green.
  for (const b of drawn.bundles.values()) {
    if (bundleKind(b) !== 'mixed') continue;
    for (const shade of shadesOf(b)) {
      if (shade === 'default-deny') for (const v of edgeVerdicts) if (isDenied(v) && (b.verdicts[v] ?? 0) > 0) verdicts.add(v);
      if (shade !== 'default-deny') verdicts.add(shade);
    }
  }
  const litEdges = model.edges.filter((e) => lit.has(e.id));
  // As svg.ts draws them: the path lit, everything else faded; else a line without flows, not denied, faint.
  const focus = litEdges.length > 0;
  const placed = model.nodes.filter((n) => n.position !== null);
  const litNodes = new Set(focus ? litEdges.flatMap((e) => [e.source, e.target]) : (highlight?.nodes ?? []));
  const has = (key: string, yes: boolean): LegendItem[] => (yes ? [{ key, label: LABELS[key] as string }] : []);
  return [
    ...edgeVerdicts.filter((v) => verdicts.has(v)).map((v) => ({ key: v, label: VERDICT_STYLE[v].label })),
    ...has('observed', drawn.edges.some((e) => e.observed)),
    ...has('unseen', withFlows && !focus && drawn.edges.some((e) => !e.observed && !isDenied(e.verdict) && e.verdict !== 'not-known')),
    ...bundleRow([...drawn.bundles.values()].flatMap(shadesOf)),
    ...has('mismatch', drawn.edges.some((e) => e.mismatch)),
    ...has('carve-out', placed.some((n) => n.kind === 'carve-out')),
    ...has('unrestricted', placed.some((n) => n.unrestricted.length === 2)),
    ...has('half-unrestricted', placed.some((n) => n.unrestricted.length === 1)),
    ...has('highlight', focus || placed.some((n) => litNodes.has(n.id))),
  ];
}

/** The bundle row, its sample in the colours of the bundles drawn (a green/red line said some held denied paths when none did). */
function bundleRow(shades: readonly BundleShade[]): LegendItem[] {
  if (shades.length === 0) return [];
  return [{ key: 'bundle', label: LABELS['bundle'] as string, shades: edgeVerdicts.filter((v): v is BundleShade => shades.includes(v as BundleShade)) }];
}

const LABELS: Readonly<Record<string, string>> = {
  observed: 'Seen in flows (×count)',
  unseen: 'Allowed, no flow seen (faint)',
  bundle: 'Paths between two groups (count)',
  mismatch: 'Flows disagree with policy (≠)',
  'carve-out': 'Carved-out ports or range',
  unrestricted: 'No policy selects it',
  'half-unrestricted': 'No policy in one direction',
  highlight: 'Highlighted path',
};

const SAMPLE_W = 44;
const ROW_H = 22;
const FONT = 13;

function sample(key: string, shades: readonly BundleShade[] = []): string {
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
      // As svg.ts draws a bundle of one kind (its verdict's line, 6 wide), else a part in each colour drawn.
      if (shades.length === 1) {
        const v = VERDICT_STYLE[shades[0] as BundleShade];
        const dash = DASH[v.line];
        return `<line x1="2" y1="8" x2="40" y2="8" stroke="${v.color}" stroke-width="6"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
      }
      return shades.map((k, i) => `<line x1="${num(2 + (i * 38) / shades.length)}" y1="8" x2="${num(2 + ((i + 1) * 38) / shades.length)}" y2="8" stroke="${VERDICT_STYLE[k].color}" stroke-width="6"/>`).join('');
    case 'highlight':
      return `<line x1="2" y1="8" x2="40" y2="8" stroke="${HIGHLIGHT_COLOR}" stroke-opacity="0.45" stroke-width="12"/><line x1="2" y1="8" x2="40" y2="8" stroke="${MUTED}" stroke-width="2"/>`;
    default:
      return '';
  }
}

/** The legend as SVG rows in columns filling `width`; returns its height. */
export function legendSvg(items: readonly LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  // A picture that draws nothing has nothing to explain.
  if (items.length === 0) return { svg: '', height: 0 };
  const colW = Math.max(...items.map((i) => SAMPLE_W + 10 + textWidth(i.label, FONT))) + 24;
  const cols = Math.max(1, Math.min(items.length, Math.floor((width + 24) / colW)));
  const rows = Math.ceil(items.length / cols);
  const parts = items.map((item, i) => {
    const cx = x + Math.floor(i / rows) * colW;
    const cy = y + 24 + (i % rows) * ROW_H;
    return `<g data-legend="${esc(item.key)}" transform="translate(${num(cx)} ${num(cy)})">${sample(item.key, item.shades)}<text x="${SAMPLE_W + 8}" y="12.5" font-size="${FONT}">${esc(item.label)}</text></g>`;
  });
  const title = `<text x="${num(x)}" y="${num(y + 12)}" font-size="${FONT}" font-weight="bold" fill="${MUTED}">Legend</text>`;
  return { svg: `<g class="legend">${title}${parts.join('')}</g>`, height: 24 + rows * ROW_H };
}
