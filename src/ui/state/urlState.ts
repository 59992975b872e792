/**
 * View state kept in the URL: which input to start on, the graph view (grouping, collapsed
 * groups, filters), the selection and the last path query. Only what the user chose: never
 * anything read from the loaded data (URLs end up in tickets, browser history and screenshots).
 * Ids the user picked (a tenant, a namespace, a selected element) are choices, not data dumps.
 *
 * Parameters: `demo=0`, `group=LABEL`, `collapsed=ID,ID`, `tenants=ID,ID`, `ns=NS,NS`,
 * `verdict=V,V`, `proto=P,P`, `port=N`, `show=observed|policy|mismatches`, `search=TEXT`,
 * `customer=TENANT`, `sel=ELEMENT-ID`, `from=PEER&to=PEER&qport=PORT`, `time=FROM/TO` (UTC minutes,
 * `2026-11-20T09:00Z/2026-11-20T09:01Z`, the end excluded), `inbox=drops|mismatches` (the drops
 * inbox open on that tab).
 * @public
 */
import { noFilters } from '../../core/graph/filter.ts';
import { edgeVerdicts, type EdgeVerdict, type GraphFilters, type ShowOnly, type ViewState } from '../../core/graph/types.ts';
import { DEFAULT_GROUPING_LABEL, defaultViewState } from '../../core/graph/viewState.ts';
import { portProtocols, type PortProto } from '../../core/engine/PortSet.ts';

import type { QueryText } from '../../core/query/runQuery.ts';
export type { QueryText };

export interface UrlViewState {
  /** Start on the built-in demo (default), or empty (`?demo=0`). */
  readonly demo: boolean;
  readonly view: ViewState;
  /**
   * Whether `collapsed` was chosen by the user (present in the URL, possibly empty). When not, a
   * loaded cluster opens with its default (big clusters start collapsed).
   */
  readonly collapsedExplicit: boolean;
  /** Selected graph element id (`w:…` workload, `e:…` edge, any other node id), or null. */
  readonly selected: string | null;
  readonly query: QueryText | null;
  /** The drops inbox open on this tab (src/ui/inbox), or null. */
  readonly inbox: InboxTabName | null;
}

/** The drops inbox's tabs (InboxButtons.tsx's InboxTab). */
export type InboxTabName = 'drops' | 'mismatches';
const INBOX_TABS: readonly InboxTabName[] = ['drops', 'mismatches'];

export const defaultUrlViewState: UrlViewState = { demo: true, view: defaultViewState, collapsedExplicit: false, selected: null, query: null, inbox: null };

const SHOW: readonly ShowOnly[] = ['all', 'observed', 'policy', 'mismatches'];
/** Longest search text kept (a URL is not a clipboard). */
const MAX_SEARCH = 200;

function list(params: URLSearchParams, key: string): string[] {
  const v = params.get(key);
  if (v === null || v === '') return [];
  return [...new Set(v.split(',').map((s) => s.trim()).filter((s) => s !== ''))].sort();
}

/** `2026-11-20T09:00Z`: a minute (since the epoch) as the link writes it. */
function minuteText(minute: number): string {
  return new Date(minute * 60_000).toISOString().slice(0, 16) + 'Z';
}

const MINUTE = /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/;

function readMinute(text: string): number | null {
  if (!MINUTE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms / 60_000 : null;
}

/** The time range `FROM/TO`, or null when absent, malformed or empty. */
function readTime(text: string | null): { from: number; to: number } | null {
  const [a, b, ...rest] = (text ?? '').split('/');
  if (a === undefined || b === undefined || rest.length > 0) return null;
  const from = readMinute(a);
  const to = readMinute(b);
  return from !== null && to !== null && from < to ? { from, to } : null;
}

function readFilters(params: URLSearchParams): GraphFilters {
  const verdicts = list(params, 'verdict').filter((v): v is EdgeVerdict => (edgeVerdicts as readonly string[]).includes(v));
  const protocols = list(params, 'proto').filter((p): p is PortProto => (portProtocols as readonly string[]).includes(p));
  const portText = params.get('port');
  const port = portText !== null && /^\d{1,5}$/.test(portText) && Number(portText) <= 65535 ? Number(portText) : null;
  const showText = params.get('show');
  const show = SHOW.find((s) => s === showText) ?? 'all';
  const time = readTime(params.get('time'));
  return {
    ...(time !== null ? { time } : {}),
    groups: list(params, 'tenants'),
    namespaces: list(params, 'ns'),
    verdicts: edgeVerdicts.filter((v) => verdicts.includes(v)),
    protocols: portProtocols.filter((p) => protocols.includes(p)),
    port,
    show,
    search: (params.get('search') ?? '').slice(0, MAX_SEARCH),
  };
}

/** Parses what it understands and ignores the rest (a hand-edited URL never breaks the app). */
export function readUrlViewState(search: string): UrlViewState {
  const params = new URLSearchParams(search);
  const collapsedExplicit = params.has('collapsed');
  const from = params.get('from');
  const to = params.get('to');
  return {
    demo: params.get('demo') !== '0',
    view: {
      groupingLabel: params.get('group') || DEFAULT_GROUPING_LABEL,
      collapsed: list(params, 'collapsed'),
      filters: readFilters(params),
      customerTenant: params.get('customer') || null,
    },
    collapsedExplicit,
    selected: params.get('sel') || null,
    query: from !== null && to !== null && from !== '' && to !== '' ? { from, to, port: params.get('qport') ?? '' } : null,
    inbox: INBOX_TABS.find((t) => t === params.get('inbox')) ?? null,
  };
}

function setOrDelete(params: URLSearchParams, key: string, value: string | null): void {
  if (value === null || value === '') params.delete(key);
  else params.set(key, value);
}

function writeView(params: URLSearchParams, view: ViewState, collapsedExplicit: boolean): void {
  setOrDelete(params, 'group', view.groupingLabel === DEFAULT_GROUPING_LABEL ? null : view.groupingLabel);
  if (collapsedExplicit) params.set('collapsed', [...view.collapsed].sort().join(','));
  else params.delete('collapsed');
  const f = view.filters;
  setOrDelete(params, 'tenants', [...f.groups].sort().join(','));
  setOrDelete(params, 'ns', [...f.namespaces].sort().join(','));
  setOrDelete(params, 'verdict', f.verdicts.join(','));
  setOrDelete(params, 'proto', f.protocols.join(','));
  setOrDelete(params, 'port', f.port === null ? null : String(f.port));
  setOrDelete(params, 'show', f.show === 'all' ? null : f.show);
  setOrDelete(params, 'search', f.search.slice(0, MAX_SEARCH));
  setOrDelete(params, 'time', f.time ? `${minuteText(f.time.from)}/${minuteText(f.time.to)}` : null);
  setOrDelete(params, 'customer', view.customerTenant);
}

/**
 * The search string with the given parts of the state written; parts not given, and parameters
 * owned by other parts of the app, are kept as they are.
 */
export function writeUrlViewState(search: string, patch: Partial<UrlViewState>): string {
  const params = new URLSearchParams(search);
  if (patch.demo !== undefined) {
    if (patch.demo) params.delete('demo');
    else params.set('demo', '0');
  }
  if (patch.view !== undefined) writeView(params, patch.view, patch.collapsedExplicit ?? params.has('collapsed'));
  else if (patch.collapsedExplicit === false) params.delete('collapsed');
  if (patch.selected !== undefined) setOrDelete(params, 'sel', patch.selected);
  if (patch.query !== undefined) {
    setOrDelete(params, 'from', patch.query?.from ?? null);
    setOrDelete(params, 'to', patch.query?.to ?? null);
    setOrDelete(params, 'qport', patch.query?.port ?? null);
  }
  if (patch.inbox !== undefined) setOrDelete(params, 'inbox', patch.inbox);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Rewrites the address bar in place (no history entry: the back button leaves the app, as before). */
export function replaceUrlViewState(patch: Partial<UrlViewState>): void {
  const next = writeUrlViewState(window.location.search, patch);
  if (next !== window.location.search) {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${next}${window.location.hash}`);
  }
}

/** True when the filters hide nothing. */
export function filtersEmpty(f: GraphFilters): boolean {
  const n = noFilters;
  return (
    f.groups.length === n.groups.length &&
    f.namespaces.length === n.namespaces.length &&
    f.verdicts.length === n.verdicts.length &&
    f.protocols.length === n.protocols.length &&
    f.port === n.port &&
    f.show === n.show &&
    f.search.trim() === n.search
  );
}
