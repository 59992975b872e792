/**
 * The row of panel toggles above the canvas: each opens its panel in the dock beside the canvas
 * (or closes it), with a count where one helps (diagnostics, findings, paths).
 */
import type { PanelId } from './dock.ts';

export interface PanelToggle {
  readonly id: PanelId;
  readonly label: string;
  /** Shown after the label (a count); empty or undefined: nothing. */
  readonly count?: string | number | undefined;
  /** Colours the count: errors found, warnings found. */
  readonly tone?: 'error' | 'warning' | undefined;
  readonly title?: string | undefined;
  /** Defaults to `panel-<id>`. */
  readonly testId?: string | undefined;
}

export interface PanelBarProps {
  readonly panels: readonly PanelToggle[];
  readonly open: PanelId | null;
  readonly onToggle: (id: PanelId) => void;
}

export function PanelBar({ panels, open, onToggle }: PanelBarProps) {
  return (
    <div className="panel-bar" role="group" aria-label="Panels">
      {panels.map((p) => (
        <button
          key={p.id}
          type="button"
          className="btn panel-toggle"
          aria-expanded={open === p.id}
          aria-controls={open === p.id ? 'dock' : undefined}
          onClick={() => onToggle(p.id)}
          title={p.title}
          data-testid={p.testId ?? `panel-${p.id}`}
        >
          {p.label}
          {p.count !== undefined && p.count !== '' ? ' ' : null}
          {p.count !== undefined && p.count !== '' ? <span className={`panel-badge${p.tone ? ` tone-${p.tone}` : ''}`}>{typeof p.count === 'number' ? p.count.toLocaleString('en-US') : p.count}</span> : null}
        </button>
      ))}
    </div>
  );
}
