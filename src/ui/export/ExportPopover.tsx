/**
 * The Export / share menu's content (ExportMenu.tsx): PNG (2x), SVG, JSON, the HTML report, copy
 * link and print. A chunk of its own, loaded when the menu is first opened (the default screen
 * shows only the menu's button); it stays mounted after, so its status line survives a close.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';
import { explainText } from '../../core/engine/explainText.ts';
import type { ExportContext } from '../../core/export/meta.ts';
import type { ExportHighlight } from '../../core/export/svg.ts';
import type { GraphModel, ViewState } from '../../core/graph/types.ts';
import type { ViewAction } from '../../core/graph/viewState.ts';
import type { QueryOutcome } from '../../core/query/runQuery.ts';
import type { LoadedData } from '../../workers/protocol.ts';
import { customerLeaks, withheldText } from '../customer/customerGuard.ts';
import { exportWriterNow, loadExportWriter, type ExportWriter } from './exportCode.ts';
import { saveFile, svgToPng } from './files.ts';

export interface ExportPopoverProps {
  /** The graph as shown (null until the engine has run). */
  readonly graph: GraphModel | null;
  readonly view: ViewState;
  readonly data: LoadedData | null;
  readonly highlight: ExportHighlight | null;
  /**
   * The path query's answer and the model that gave it, for the HTML report's explanation (never
   * used in a customer view): the text "Copy explanation" copies, with its "Decided as…" line.
   */
  readonly explanation: { readonly answer: Extract<QueryOutcome, { kind: 'answer' }>; readonly model: EngineModel } | null;
  /** Collapses groups so that the picture reads at a document's page width. */
  readonly onViewAction: (action: ViewAction) => void;
  /** Whether the menu is open (the page size is measured only then). */
  readonly open: boolean;
  /** The inputs' digest, for the files' legend. */
  readonly digest: string | null;
}

/**
 * The groups to collapse so that the picture gets narrower for a document: first every open
 * group but those holding the highlighted path's ends, then every group. Null: nothing left to collapse.
 */
export function narrowerFor(graph: GraphModel, highlight: ExportHighlight | null): { readonly groups: readonly string[]; readonly keepsPath: boolean } | null {
  const open = graph.nodes.filter((n) => n.kind === 'group' && !n.collapsed).map((n) => n.id);
  if (open.length === 0) return null;
  const shut = graph.groups.filter((g) => !open.includes(g));
  const lit = new Set(highlight?.nodes ?? []);
  const pathGroups = new Set(graph.nodes.filter((n) => lit.has(n.id) && n.group !== null).map((n) => n.group as string));
  const others = open.filter((g) => !pathGroups.has(g));
  if (pathGroups.size > 0 && others.length > 0) return { groups: [...shut, ...others], keepsPath: true };
  return { groups: graph.groups, keepsPath: false };
}

type Format = 'png' | 'svg' | 'json' | 'html';

/**
 * No time in the files: the same inputs and view give the same bytes, as `netpol-viz render` does
 * without `--time` (an incident review's pictures change only when what they show changes; the
 * inputs' digest and the flows' time range say what they show).
 */
const TIME = null;

/** The explanation as "Copy explanation" gives it, with the line naming the Cilium version and settings (fetched here: a chunk of its own). */
export async function explanationText({ answer, model }: NonNullable<ExportPopoverProps['explanation']>): Promise<string> {
  const { decidedUnder } = await import('../../core/query/decidedUnder.ts');
  return explainText({ ...answer.header, decidedUnder: decidedUnder(model) }, answer.decision, model);
}

export function ExportPopover({ graph, view, data, highlight, explanation, onViewAction, open, digest }: ExportPopoverProps) {
  const [status, setStatus] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [writer, setWriter] = useState<ExportWriter | null>(exportWriterNow);
  const ready = graph !== null && data !== null;
  useEffect(() => {
    if (open && writer === null) void loadExportWriter().then(setWriter);
  }, [open, writer]);
  // How the picture reads pasted into a document: measured only while the menu is open.
  const onPage = useMemo(() => {
    if (!open || writer === null || graph === null || data === null) return null;
    return writer.smallestTextAt(writer.exportView({ model: graph, view, clusterName: data.cluster.name, digest, time: TIME, highlight, flows: data.flows?.totals ?? null }).picture);
  }, [open, writer, graph, data, view, digest, highlight]);
  const tooSmall = onPage !== null && writer !== null && onPage < writer.PAGE_READABLE_PX;
  const narrower = tooSmall && graph !== null ? narrowerFor(graph, highlight) : null;

  const exportAs = async (format: Format): Promise<void> => {
    if (!ready) return;
    const ctx: ExportContext = { model: graph, view, clusterName: data.cluster.name, digest, time: TIME, highlight, flows: data.flows?.totals ?? null };
    const { exportFileName, exportView, withPngText } = await loadExportWriter();
    const exp = exportView(ctx);
    const name = exportFileName(ctx, format);
    // Customer view: the last check before anything leaves the page (customer/customerGuard.ts).
    const html = async () => exp.html(view.customerTenant === null && explanation !== null ? await explanationText(explanation) : null);
    const text = format === 'json' ? exp.json() : format === 'html' ? await html() : `${exp.picture.svg}\n${exp.pngText().flat().join('\n')}`;
    const leaks = await customerLeaks(`${name}\n${text}`, data, view, `the ${format.toUpperCase()} export`);
    if (leaks.length > 0) {
      setStatus(withheldText(`The ${format.toUpperCase()} export is`, leaks.length));
      return;
    }
    try {
      switch (format) {
        case 'svg':
          saveFile(name, exp.picture.svg, 'image/svg+xml');
          break;
        case 'json':
          saveFile(name, text, 'application/json');
          break;
        case 'html':
          // The engine's explanation names both sides' policies: a customer view shows only what its graph says.
          saveFile(name, text, 'text/html');
          break;
        case 'png': {
          const png = await svgToPng(exp.picture.svg, exp.picture.width, exp.picture.height, 2);
          saveFile(name, withPngText(png, exp.pngText()) as Uint8Array<ArrayBuffer>, 'image/png');
          break;
        }
      }
      setStatus(`Saved ${name}`);
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const copyLink = async (): Promise<void> => {
    const href = window.location.href;
    // The link's values (not its parameter names) must not name another tenant either.
    const values = [...new URL(href).searchParams.values()].join('\n');
    const leaks = await customerLeaks(values, data, view, 'the link');
    if (leaks.length > 0) {
      setLink(null);
      setStatus(withheldText('The link is', leaks.length));
      return;
    }
    setLink(href);
    try {
      await navigator.clipboard.writeText(href);
      setStatus('Link copied. It holds the view (filters, collapsed groups, path, customer view), not the data: open it with the same files.');
    } catch {
      setStatus('Copy the link below. It holds the view, not the data: open it with the same files.');
    }
  };

  const item = (format: Format, label: string, title: string) => (
    <button type="button" className="btn small" disabled={!ready} title={title} onClick={() => void exportAs(format)} data-testid={`export-${format}`}>
      {label}
    </button>
  );

  return (
    <div className="export-popover" role="group" aria-label="Export and share the current view">
      <p className="muted export-note">The view as shown: filters, collapsed groups and the highlighted path, with title, legend and a digest of the inputs.</p>
      <div className="export-buttons">
        {item('png', 'PNG (2×)', 'Picture for slides and chats')}
        {item('svg', 'SVG', 'Vector picture for documents')}
        {item('json', 'JSON', 'The graph model of what is shown')}
        {item('html', 'HTML report', 'Self-contained page for a ticket: picture and the explanation of the highlighted path')}
      </div>
      {onPage !== null ? (
        <p className={`export-note${tooSmall ? ' export-warn' : ''}`} data-testid="export-page-size">
          {tooSmall ? `In a document (16 cm wide) its smallest text is ${onPage.toFixed(1)} px: too small to read. ` : `In a document (16 cm wide) its smallest text is ${onPage.toFixed(1)} px: readable.`}
          {narrower !== null ? (
            <button type="button" className="btn small" onClick={() => onViewAction({ type: 'collapse-all', groups: narrower.groups })} data-testid="export-fit-page">
              {narrower.keepsPath ? 'Collapse all but the path’s groups' : 'Collapse all groups'}
            </button>
          ) : null}
        </p>
      ) : null}
      <div className="export-buttons">
        <button type="button" className="btn small" onClick={() => void copyLink()} data-testid="share-copy-link">
          Copy link
        </button>
        <button type="button" className="btn small" onClick={() => void loadExportWriter().then(() => window.print())} data-testid="export-print">
          Print…
        </button>
      </div>
      {link !== null ? <input className="share-link mono" readOnly value={link} aria-label="Link to this view" data-testid="share-link" onFocus={(e) => e.currentTarget.select()} /> : null}
      {status !== null ? (
        <p className="export-status" role="status" data-testid="export-status">
          {status}
        </p>
      ) : null}
    </div>
  );
}
