/**
 * A self-contained HTML report for a ticket: the picture (inline SVG) with its legend and the
 * highlighted path's lines, the provenance lines and the explanation of the highlighted path. It
 * runs nothing: no scripts, no event handlers, no external resources, and a Content-Security-Policy
 * that forbids them; every text is escaped.
 *
 * The legend and the path's lines are the picture's own, once: a second copy as a list of words
 * (`Allowed`, `Denied by default` without the line each stands for) told a reader of the pasted
 * report nothing the picture's did not, and the picture keeps its legend wherever it is pasted.
 * @public
 */
import type { ExportText } from './meta.ts';
import { esc } from './xml.ts';

export interface HtmlReportInput {
  readonly text: ExportText;
  /** From graphSvg (already escaped markup of our own). */
  readonly svg: string;
  /** The engine's explanation of the path query (support view only), as plain text. */
  readonly details: string | null;
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;margin:24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}p.meta{color:#52606d;margin:2px 0}figure{margin:16px 0;overflow:auto;border:1px solid #d9e2ec}
figure svg{max-width:100%;height:auto;display:block}h2{font-size:16px;margin:20px 0 6px}pre{white-space:pre-wrap;background:#f5f7fa;padding:10px;border:1px solid #d9e2ec}
@media print{figure{border:0}figure svg{max-height:90vh;width:auto}}`;

export function htmlReport(input: HtmlReportInput): string {
  const t = input.text;
  const details = input.details !== null && input.details.trim() !== '' ? `<h2>Explanation</h2><pre>${esc(input.details)}</pre>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(t.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(t.title)}</h1>`,
    ...t.subtitle.map((l) => `<p class="meta">${esc(l)}</p>`),
    `<figure>${input.svg.trim()}</figure>`,
    details,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
