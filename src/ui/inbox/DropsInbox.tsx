/**
 * The drops inbox: dropped flows grouped by source, destination, port and drop reason (and, on
 * its second tab, the paths whose flows disagree with the loaded policy), newest first, with
 * counts and first/last time. One click on a group explains it: the path query for exactly that
 * path runs (its answer lights the path on the graph) and the graph edge carrying its flows is
 * selected. A time brush over all flows narrows the lists, the counts and the graph.
 * Self-contained: the app shell decides where it sits. A chunk of its own, loaded when the inbox
 * is first opened (InboxButtons.tsx, the top bar's two counts, is on the page from the start).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { flowHistogram } from '../../core/flows/histogram.ts';
import { edgePortText, edgeQueryText, peerLabel, type DropGroup, type MismatchGroup, type TimeRange } from '../../core/flows/inbox.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import { rowWindow } from '../details/virtualWindow.ts';
import { plural } from '../../core/util/plural.ts';
import { groupLabel, groupPath, mismatchWords, spansDays, timeSpan } from './inboxView.ts';
import { TimeBrush } from './TimeBrush.tsx';
import type { InboxTab } from './InboxButtons.tsx';
import './inbox.css';

export interface DropsInboxProps {
  readonly tab: InboxTab;
  readonly onTab: (tab: InboxTab) => void;
  readonly drops: readonly DropGroup[];
  readonly mismatches: readonly MismatchGroup[];
  /** The loaded flows: the time brush draws their flows per minute (core/flows/histogram.ts). */
  readonly flows: FlowAggregate;
  readonly range: TimeRange | null;
  readonly onRange: (range: TimeRange | null) => void;
  /** First and last time of the whole capture (dates are shown when it spans days). */
  readonly captureFirst: string | null;
  readonly captureLast: string | null;
  /** The group last opened (marked in the list). */
  readonly openedId: string | null;
  /** The path query answered beside the inbox: with no group opened (a link, a reload), the group it asks about is marked. */
  readonly query?: { readonly from: string; readonly to: string; readonly port: string } | null;
  readonly onOpen: (group: DropGroup | MismatchGroup) => void;
  /** Graph filters that may hide opened paths on the graph (empty: none), and how to clear them. */
  readonly activeFilters: readonly string[];
  readonly onResetFilters: () => void;
  /**
   * Opened from the top bar's count just now: the first group takes the focus (the title when
   * there is none), so the keyboard is one Enter from an explanation instead of tabbing through
   * the toolbars; `onFocused` says it is done (the inbox mounts again under a selection).
   */
  readonly focusOnOpen?: boolean;
  readonly onFocused?: () => void;
}

const ROW_HEIGHT = 82;

/** The inbox's two tabs, in order, and the id of the panel (the list) both control: one is shown at a time. */
const TABS: readonly InboxTab[] = ['drops', 'mismatches'];
const INBOX_PANEL = 'inbox-panel';

/** Where a row of the list sits, and whether it is the one in the tab order. */
interface RowPlace {
  readonly style: React.CSSProperties;
  readonly posinset: number;
  readonly setsize: number;
  /** In the tab order (the list's roving focus). */
  readonly tabbable: boolean;
}

/**
 * The rows in a window of their own: an ARIA listbox whose options are the groups, the one
 * explained selected (`aria-selected`); only the rows in the window are in the page, each says its
 * place (`aria-posinset` of `aria-setsize`). `current` (the group opened) is kept in sight: opened,
 * the answer takes most of the dock and the inbox mounts again above it, its list a row or two
 * high; without this it showed its first rows whichever group was explained.
 */
function VirtualList<T extends { id: string }>({ rows, current, render, label, testId, tabId }: { rows: readonly T[]; current: string | null; render: (row: T, place: RowPlace) => React.ReactNode; label: string; testId: string; tabId: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const index = current === null ? -1 : rows.findIndex((r) => r.id === current);
  // Roving focus: one option is in the tab order (the one the arrows last reached, else the group
  // opened, else the first); ↑/↓, Home and End move it, Enter (or Space) opens it.
  const [moved, setMoved] = useState<number | null>(null);
  const active = Math.min(Math.max(moved ?? (index >= 0 ? index : 0), 0), Math.max(rows.length - 1, 0));
  const [focusAsked, setFocusAsked] = useState(0);
  useEffect(() => setMoved(null), [current]);
  const reveal = (el: HTMLDivElement, i: number): void => {
    const top = i * ROW_HEIGHT;
    const next = top < el.scrollTop ? top : top + ROW_HEIGHT > el.scrollTop + el.clientHeight ? top + ROW_HEIGHT - el.clientHeight : el.scrollTop;
    if (next !== el.scrollTop) {
      el.scrollTop = next;
      setScrollTop(el.scrollTop);
    }
  };
  useEffect(() => {
    const el = scroller.current;
    if (!el || index < 0) return;
    // First into the list's window (the row may not be rendered yet), then into the inbox's own
    // scroll box, which the list overflows when the dock is short.
    reveal(el, index);
    const frame = requestAnimationFrame(() => el.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [index, height]);
  useEffect(() => {
    if (focusAsked === 0) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[role="option"][aria-posinset="${active + 1}"]`);
    row?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }, [focusAsked, active]);
  const onKeyDown = (e: React.KeyboardEvent): void => {
    const el = scroller.current;
    if (!el || rows.length === 0) return;
    const to = e.key === 'ArrowDown' ? active + 1 : e.key === 'ArrowUp' ? active - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = Math.min(Math.max(to, 0), rows.length - 1);
    setMoved(next);
    reveal(el, next);
    setFocusAsked((n) => n + 1);
  };
  const w = rowWindow(scrollTop, height, ROW_HEIGHT, rows.length);
  return (
    <div ref={scroller} className="inbox-scroll" role="tabpanel" id={INBOX_PANEL} aria-labelledby={tabId} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid={testId}>
      <ul className="inbox-list" role="listbox" aria-label={`${label} (↑ ↓ to move, Enter to explain)`} style={{ height: w.total }} onKeyDown={onKeyDown}>
        {rows.slice(w.start, w.end).map((row, i) => render(row, { style: { top: (w.start + i) * ROW_HEIGHT, height: ROW_HEIGHT }, posinset: w.start + i + 1, setsize: rows.length, tabbable: w.start + i === active }))}
      </ul>
    </div>
  );
}

/**
 * One group of either tab, an option of the list: its path, flow count and times; `children` are
 * its own notes. Its name (groupLabel) says in words what the columns show.
 */
function GroupRow<G extends DropGroup | MismatchGroup>(props: {
  group: G;
  opened: boolean;
  onOpen: (group: G) => void;
  withDate: boolean;
  testId: string;
  place: RowPlace;
  children: React.ReactNode;
}) {
  const { group: g, opened, onOpen, withDate, testId, place, children } = props;
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onOpen(g);
  };
  return (
    <li
      role="option"
      className={`inbox-row${opened ? ' opened' : ''}`}
      aria-selected={opened}
      aria-label={groupLabel(g, withDate)}
      aria-posinset={place.posinset}
      aria-setsize={place.setsize}
      style={place.style}
      tabIndex={place.tabbable ? 0 : -1}
      onClick={() => onOpen(g)}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      <span className="inbox-path" title={groupPath(g)}>
        {peerLabel(g.source)}
      </span>
      <span className="inbox-path inbox-to" title={groupPath(g)}>
        → {peerLabel(g.destination)} <span className="inbox-port">{edgePortText(g.protocol, g.port)}</span>
      </span>
      <span className="inbox-count">×{g.flows.toLocaleString('en-US')}</span>
      <span className="inbox-meta">{children}</span>
      <span className="inbox-time">{timeSpan(g.firstTime, g.lastTime, withDate)}</span>
    </li>
  );
}

/** The group a path query asks about (its path and port), or null. */
function explained(groups: readonly (DropGroup | MismatchGroup)[], query: DropsInboxProps['query']): string | null {
  if (!query) return null;
  const asked = groups.find((g) => {
    const q = edgeQueryText(g);
    return q.ok && q.query.from === query.from && q.query.to === query.to && q.query.port === query.port;
  });
  return asked?.id ?? null;
}

export function DropsInbox(props: DropsInboxProps) {
  const { tab, onTab, drops, mismatches, flows, range, onRange, captureFirst, captureLast, onOpen, activeFilters, onResetFilters, focusOnOpen = false, onFocused, query = null } = props;
  const openedId = props.openedId ?? explained(tab === 'drops' ? drops : mismatches, query);
  const withDate = spansDays(captureFirst, captureLast);
  const histogram = useMemo(() => flowHistogram(flows), [flows]);
  const dropped = drops.reduce((n, g) => n + g.flows, 0);
  const title = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!focusOnOpen) return;
    (section.current?.querySelector<HTMLElement>('.inbox-list [role="option"][tabindex="0"]') ?? section.current?.querySelector<HTMLElement>('.inbox-list [role="option"]') ?? title.current)?.focus();
    onFocused?.();
  }, [focusOnOpen, onFocused, tab]);
  const onTabKey = (e: React.KeyboardEvent): void => {
    const i = TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length] as InboxTab;
    onTab(next);
    section.current?.querySelector<HTMLElement>(`#inbox-tab-${next}`)?.focus();
  };
  return (
    <section className="inbox" aria-labelledby="inbox-title" data-testid="drops-inbox" ref={section}>
      <div className="inbox-head">
        <h2 id="inbox-title" className="panel-title" ref={title} tabIndex={-1}>
          {tab === 'drops' ? 'Dropped flows' : 'Mismatches'}
        </h2>
      </div>
      {/* One Tab stop: ←/→ (Home, End) move to the other tab and show it. */}
      <div className="inbox-tabs" role="tablist" aria-label="Inbox" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`inbox-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={INBOX_PANEL}
            tabIndex={tab === t ? 0 : -1}
            className={tab === t ? 'on' : ''}
            onClick={() => onTab(t)}
            data-testid={`inbox-tab-${t}`}
          >
            {t === 'drops' ? 'Drops' : 'Mismatches'} <b>{(t === 'drops' ? dropped : mismatches.length).toLocaleString('en-US')}</b>
          </button>
        ))}
      </div>
      <TimeBrush histogram={histogram} range={range} onRange={onRange} withDate={withDate} />
      {activeFilters.length > 0 ? (
        <p className="inbox-note" data-testid="inbox-filters-note">
          Graph filters are on ({activeFilters.join(', ')}): some paths listed here may not be drawn.{' '}
          <button type="button" className="link" onClick={onResetFilters} data-testid="inbox-reset-filters">
            Reset filters
          </button>
        </p>
      ) : null}
      <p className="muted inbox-note" role="status" data-testid="inbox-summary">
        {tab === 'drops'
          ? drops.length === 0
            ? range
              ? 'No dropped flows in this time range.'
              : 'No dropped flows in the loaded flows.'
            : `${plural(dropped, 'dropped flow')} in ${plural(drops.length, 'group')}, newest first (times in UTC).`
          : mismatches.length === 0
            ? range
              ? 'No path disagrees with the policy in this time range.'
              : 'Every observed path agrees with the loaded policy.'
            : `${plural(mismatches.length, 'path')} whose flows disagree with the loaded policy, newest first.`}
      </p>
      {tab === 'drops' ? (
        <VirtualList
          rows={drops}
          current={openedId}
          label="Dropped flows by path and drop reason"
          testId="inbox-drops"
          tabId="inbox-tab-drops"
          render={(g, place) => (
            <GroupRow key={g.id} group={g} opened={g.id === openedId} onOpen={onOpen} withDate={withDate} testId="drop-group" place={place}>
              <span className="drop-reason">{g.reason}</span>
              {g.mismatch !== null ? <span className="inbox-mismatch" title={mismatchWords(g.mismatch)}>≠ policy</span> : null}
              {g.recorded.length > 0 ? <span className="inbox-recorded" title="Policies Cilium recorded as denying these flows">recorded: {g.recorded.map((p) => p.name).filter((n, i, a) => a.indexOf(n) === i).join(', ')}</span> : null}
            </GroupRow>
          )}
        />
      ) : (
        <VirtualList
          rows={mismatches}
          current={openedId}
          label="Paths whose flows disagree with the loaded policy"
          testId="inbox-mismatches"
          tabId="inbox-tab-mismatches"
          render={(g, place) => (
            <GroupRow key={g.id} group={g} opened={g.id === openedId} onOpen={onOpen} withDate={withDate} testId="mismatch-group" place={place}>
              <span className="inbox-mismatch">{mismatchWords(g.mismatch)}</span>
              {g.dropped > 0 ? <span className="muted">{plural(g.dropped, 'drop')}</span> : null}
            </GroupRow>
          )}
        />
      )}
    </section>
  );
}
