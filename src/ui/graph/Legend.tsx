/**
 * What the lines and shapes mean. Drawn with the same style table as the canvas, as inline
 * SVG so it prints in black and white exactly like the graph does.
 */
import { useId, useState } from 'react';
import { edgeVerdicts } from '../../core/graph/types.ts';
import { CHANGE_COLOR, HIGHLIGHT_COLOR } from '../../core/export/style.ts';
import { MISMATCH_COLOR, VERDICT_STYLE } from './verdictStyle.ts';

const DASH: Record<'solid' | 'dashed' | 'dotted', string | undefined> = { solid: undefined, dashed: '6 4', dotted: '2 3' };

function Arrow({ shape, color }: { readonly shape: string; readonly color: string }) {
  switch (shape) {
    case 'tee':
      return <line x1="40" y1="3" x2="40" y2="13" stroke={color} strokeWidth="3" />;
    case 'diamond':
      return <polygon points="33,8 37,4 41,8 37,12" fill={color} />;
    case 'vee':
      return <polyline points="34,4 40,8 34,12" fill="none" stroke={color} strokeWidth="1.5" />;
    case 'triangle-cross':
      return (
        <>
          <polygon points="34,4 41,8 34,12" fill={color} />
          <line x1="31" y1="3" x2="31" y2="13" stroke={color} strokeWidth="1.5" />
        </>
      );
    default:
      return <polygon points="34,4 41,8 34,12" fill={color} />;
  }
}

export interface LegendProps {
  /** A path query lights up part of the graph: say how it looks. */
  readonly highlight?: boolean;
  /** The graph shows a what-if's proposed policies: say how changes look. */
  readonly whatIf?: boolean;
  /** Parallel paths are drawn as one line: say how it looks. */
  readonly bundles?: boolean;
  /** Allowed paths no flow was seen on are drawn faint (flows loaded): say so. */
  readonly unseen?: boolean;
  /** The graph has paths dropped because authentication always fails: their row (rare, so only then). */
  readonly authDenied?: boolean;
  /** The graph has paths through an endpoint whose policy Cilium cannot compute: their row (rare, so only then). */
  readonly notKnown?: boolean;
  /** Some bundle holds such a path: its sample has a grey part too. */
  readonly bundleNotKnown?: boolean;
  /** Unfolded (the default); with `onToggle`, the caller holds the state. */
  readonly open?: boolean;
  /** The user folded or unfolded it. */
  readonly onToggle?: (open: boolean) => void;
}

/**
 * Overlaid on a corner of the canvas, compact, and folds away to one button (GraphView folds it
 * by itself when it would shrink an opening picture's text below the clear size).
 */
export function Legend({ highlight = false, whatIf = false, bundles = false, unseen = false, authDenied = false, notKnown = false, bundleNotKnown = false, open: held, onToggle }: LegendProps) {
  const [own, setOwn] = useState(true);
  const open = held ?? own;
  const setOpen = (next: boolean): void => (onToggle ? onToggle(next) : setOwn(next));
  const id = useId();
  return (
    <div className={open ? 'graph-legend' : 'graph-legend folded'} data-testid="graph-legend" role="group" aria-label="Legend">
      <button type="button" className="legend-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} data-testid="graph-legend-toggle" title={open ? 'Fold the legend away' : 'Show the legend'}>
        Legend {open ? '▾' : '▸'}
      </button>
      <ul id={id} hidden={!open}>
        {edgeVerdicts.filter((v) => (v !== 'auth-denied' || authDenied) && (v !== 'not-known' || notKnown)).map((v) => {
          const s = VERDICT_STYLE[v];
          return (
            <li key={v} data-verdict={v}>
              <svg width="44" height="16" aria-hidden="true">
                <line x1="2" y1="8" x2="34" y2="8" stroke={s.color} strokeWidth={Math.max(1.5, s.width)} strokeDasharray={DASH[s.line]} />
                <Arrow shape={s.arrow} color={s.color} />
              </svg>
              {s.label}
            </li>
          );
        })}
        <li>
          <svg width="44" height="16" aria-hidden="true">
            <line x1="2" y1="8" x2="40" y2="8" stroke="#52606d" strokeWidth="5" />
          </svg>
          Seen in flows (×count)
        </li>
        {unseen ? (
          <li data-testid="legend-unseen">
            <svg width="44" height="16" aria-hidden="true">
              <g opacity="0.35">
                <line x1="2" y1="8" x2="34" y2="8" stroke={VERDICT_STYLE.allowed.color} strokeWidth="1.5" />
                <Arrow shape={VERDICT_STYLE.allowed.arrow} color={VERDICT_STYLE.allowed.color} />
              </g>
            </svg>
            Allowed, no flow seen (faint)
          </li>
        ) : null}
        {bundles ? (
          <li data-testid="legend-bundle">
            <svg width="44" height="16" aria-hidden="true">
              {/* The colours in a line's order (bundle.ts bundleShades): allowed, not known, denied. */}
              <line x1="2" y1="8" x2={bundleNotKnown ? 15 : 21} y2="8" stroke={VERDICT_STYLE.allowed.color} strokeWidth="6" />
              {bundleNotKnown ? <line x1="15" y1="8" x2="28" y2="8" stroke={VERDICT_STYLE['not-known'].color} strokeWidth="6" /> : null}
              <line x1={bundleNotKnown ? 28 : 21} y1="8" x2="40" y2="8" stroke={VERDICT_STYLE['default-deny'].color} strokeWidth="6" />
            </svg>
            Paths between two groups (count; click to list)
          </li>
        ) : null}
        <li>
          <svg width="44" height="16" aria-hidden="true">
            <line x1="2" y1="8" x2="40" y2="8" stroke={MISMATCH_COLOR} strokeOpacity="0.35" strokeWidth="10" />
            <line x1="2" y1="8" x2="40" y2="8" stroke="#52606d" strokeWidth="2" />
          </svg>
          Flows disagree with policy (≠)
        </li>
        <li>
          <svg width="44" height="16" aria-hidden="true">
            <rect x="14" y="2" width="16" height="12" rx="3" fill="#ffebee" stroke="#7f0000" strokeDasharray="3 2" strokeWidth="1.5" />
          </svg>
          Carved-out ports or range
        </li>
        <li>
          <svg width="44" height="16" aria-hidden="true">
            <rect x="14" y="2" width="16" height="12" rx="3" fill="#f5f5f5" stroke="#8a8f98" strokeDasharray="3 2" strokeWidth="1.5" />
          </svg>
          No policy selects it
        </li>
        <li>
          <svg width="44" height="16" aria-hidden="true">
            <rect x="14" y="2" width="16" height="12" rx="3" fill="#e3ecf7" stroke="#2f5d8a" strokeDasharray="1.5 2" strokeWidth="2" />
          </svg>
          No policy in one direction
        </li>
        {whatIf ? (
          <li data-testid="legend-whatif">
            <svg width="44" height="16" aria-hidden="true">
              <line x1="2" y1="8" x2="40" y2="8" stroke={CHANGE_COLOR} strokeOpacity="0.55" strokeWidth="14" />
              <line x1="2" y1="8" x2="40" y2="8" stroke="#52606d" strokeWidth="2" />
            </svg>
            Changed by the what-if (+opened −closed; faint: removed; on a node: changed paths inside it)
          </li>
        ) : null}
        {highlight ? (
          <li data-testid="legend-highlight">
            <svg width="44" height="16" aria-hidden="true">
              <line x1="2" y1="8" x2="40" y2="8" stroke={HIGHLIGHT_COLOR} strokeOpacity="0.5" strokeWidth="12" />
              <line x1="2" y1="8" x2="40" y2="8" stroke="#52606d" strokeWidth="2" />
            </svg>
            Lit up: the queried path, or a finding’s policy (the rest faded)
          </li>
        ) : null}
      </ul>
    </div>
  );
}
