/**
 * One call for every export format of a view: the words (meta.ts), the SVG picture, the JSON
 * model and the HTML report, from the same GraphModel. The app and the CLI both go through it.
 * @public
 */
import { graphJson } from './json.ts';
import { htmlReport } from './html.ts';
import { exportText, type ExportContext, type ExportText } from './meta.ts';
import { graphSvg, type SvgPicture } from './svg.ts';

export interface ViewExport {
  readonly text: ExportText;
  readonly picture: SvgPicture;
  json(): string;
  html(details: string | null): string;
  /** Text chunks for a PNG of the picture (withPngText). */
  pngText(): [string, string][];
}

export function exportView(ctx: ExportContext): ViewExport {
  const words = exportText(ctx);
  const options = { title: words.title, subtitle: words.subtitle, highlight: ctx.highlight, caption: words.caption, empty: words.empty, withFlows: (ctx.flows?.flows ?? 0) > 0 };
  const picture = graphSvg(ctx.model, options);
  // The legend written beside the picture (PNG text, JSON, HTML) is the one drawn in it: the
  // colours of its lines as drawn (a short green/grey bundle line is all grey).
  const text: ExportText = { ...words, legend: picture.legend };
  return {
    text,
    picture,
    json: () => graphJson(ctx, text),
    // The page prints the title and provenance lines itself: the picture in it goes without them.
    html: (details) => htmlReport({ text, svg: graphSvg(ctx.model, { ...options, bare: true }).svg, details }),
    pngText: () => [
      ['Title', text.title],
      ['Description', [...text.subtitle, ...(text.caption.length > 0 ? ['Highlighted path:', ...text.caption] : [])].join('\n')],
      ...(text.legend.length > 0 ? ([['Legend', text.legend.map((l) => l.label).join('\n')]] as [string, string][]) : []),
      ['Software', 'netpol-viz'],
      ...(ctx.digest !== null ? ([['Source', `inputs sha256:${ctx.digest}`]] as [string, string][]) : []),
      ...(ctx.time !== null ? ([['Creation Time', ctx.time]] as [string, string][]) : []),
    ],
  };
}

/** File name for an export: `netpol-viz-<what>-<digest>.<ext>` (no spaces, no data names but the tenant). */
export function exportFileName(ctx: Pick<ExportContext, 'view' | 'digest'>, ext: 'svg' | 'png' | 'json' | 'html'): string {
  const who = ctx.view.customerTenant !== null ? `tenant-${ctx.view.customerTenant}` : 'cluster';
  const safe = who.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  return `netpol-viz-${safe}${ctx.digest !== null ? `-${ctx.digest.slice(0, 8)}` : ''}.${ext}`;
}
