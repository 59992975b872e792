/**
 * The export writer (core/export: the SVG picture, the JSON model, the HTML report, PNG text) is
 * a chunk of its own, not part of what the default screen loads. It is fetched at the first
 * pointer or key event on the page (before anyone can reach the export menu or press Ctrl+P,
 * it is there), when the export menu is used, or when printing starts without it; Ctrl+P
 * before it is there waits for it, then prints (PrintFigure.tsx).
 */
import type * as Writer from './exportWriter.ts';

export type ExportWriter = typeof Writer;

let writer: ExportWriter | null = null;
let loading: Promise<ExportWriter> | null = null;

/** Fetches the writer (once). */
export function loadExportWriter(): Promise<ExportWriter> {
  loading ??= import('./exportWriter.ts').then((m) => (writer = m));
  return loading;
}

/** The writer if it is loaded, else null. */
export function exportWriterNow(): ExportWriter | null {
  return writer;
}

/** Events after which the writer is fetched (the first of them, once). */
const INTERACTION_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Fetches the writer at the first interaction with the page; returns a function that stops listening. */
export function loadExportWriterOnInteraction(): () => void {
  const stop = (): void => {
    for (const e of INTERACTION_EVENTS) window.removeEventListener(e, fetch, true);
  };
  const fetch = (): void => {
    stop();
    void loadExportWriter();
  };
  if (writer === null) for (const e of INTERACTION_EVENTS) window.addEventListener(e, fetch, { capture: true, passive: true });
  return stop;
}
