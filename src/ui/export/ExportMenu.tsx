/**
 * Export and share the current view: PNG (2x), SVG, JSON (the graph model shown), a
 * self-contained HTML report for tickets, and "copy link" (the view state in the URL, never the
 * data). Every file comes from the same core writer (core/export) as the CLI's `render`, from the
 * GraphModel the canvas draws, so filters, collapsed groups, the highlighted path and the
 * customer view's redaction are in it by construction. The menu's content (ExportPopover.tsx) is a
 * chunk loaded when the menu is first opened.
 */
import { lazy, Suspense, useState } from 'react';
import type { ExportPopoverProps } from './ExportPopover.tsx';
import './export.css';
import { useInputDigest } from './inputDigest.ts';

/** The menu's content: a chunk loaded when the menu is first opened. */
const ExportPopover = lazy(() => import('./ExportPopover.tsx').then((m) => ({ default: m.ExportPopover })));

export type ExportMenuProps = Omit<ExportPopoverProps, 'open' | 'digest'>;

export function ExportMenu(props: ExportMenuProps) {
  const digest = useInputDigest(props.data);
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on (closed, <details> hides it): its status and link stay.
  const [opened, setOpened] = useState(false);
  return (
    <details
      className="export-menu"
      data-testid="export-menu"
      onToggle={(e) => {
        const isOpen = e.currentTarget.open;
        setOpen(isOpen);
        if (isOpen) setOpened(true);
      }}
    >
      <summary className="btn" data-testid="export-open">
        Export / share
      </summary>
      {opened ? (
        <Suspense fallback={<div className="export-popover" role="group" aria-label="Export and share the current view" aria-busy="true"><p className="muted export-note">Opening…</p></div>}>
          <ExportPopover {...props} open={open} digest={digest} />
        </Suspense>
      ) : null}
    </details>
  );
}

