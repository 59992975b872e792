/**
 * The one slot beside the canvas where panels open (see dock.ts). Its width leaves the canvas
 * at least half of the window (styles.css, `.dock`); Escape or × closes it (the focus returns to
 * what opened it), "←" goes back to the panel the shown one was opened from.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { PanelId } from './dock.ts';

export interface DockProps {
  readonly open: PanelId;
  /** What "←" goes back to, with its name; null: no way back. */
  readonly back: { readonly id: PanelId; readonly label: string } | null;
  /** Name of the shown panel (for the close button). */
  readonly label: string;
  /** Wide panels (what-if, tables) get more room, still leaving the canvas half the window. */
  readonly wide?: boolean;
  readonly onClose: () => void;
  readonly onBack: () => void;
  readonly children: ReactNode;
}

export function Dock({ open, back, label, wide = false, onClose, onBack, children }: DockProps) {
  // Closed (Escape, ×) with the focus inside it, the focus went to the page's body: the keyboard
  // started over from the top. It goes back to what had it when the dock opened (the button that
  // opened it, the search box), when that is still on the page.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null));
  useEffect(
    () => () => {
      const now = document.activeElement;
      if ((now === null || now === document.body || !now.isConnected) && opener?.isConnected) opener.focus();
    },
    [opener],
  );
  return (
    <div id="dock" className={wide ? 'dock dock-wide' : 'dock'} data-testid="dock" data-panel={open}>
      <div className="dock-bar">
        {back !== null ? (
          <button type="button" className="btn small dock-back" onClick={onBack} data-testid="dock-back">
            ← {back.label}
          </button>
        ) : null}
        <button type="button" className="dock-close" onClick={onClose} aria-label={`Close ${label}`} title={`Close ${label} (Esc)`} data-testid="dock-close">
          ×
        </button>
      </div>
      <div className="dock-body">{children}</div>
    </div>
  );
}
