/**
 * Filters and search over the graph: tenant, namespace, verdict, protocol, port, what to show
 * (everything, observed traffic, policy-only paths, mismatches) and a search box that `/`
 * focuses. Every change is a `set-filters` action on the graph's ViewState (so it lands in the
 * URL too); filters hide, they never move what stays.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PortProto } from '../../core/engine/PortSet.ts';
import type { EdgeVerdict, GraphCounts, GraphFilters, ShowOnly } from '../../core/graph/types.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { filtersEmpty } from '../state/urlState.ts';
import { CheckMenu } from './CheckMenu.tsx';
import { filterOptions } from './filterOptions.ts';
import { filterStatus } from './filterStatus.ts';
import { SearchBox } from './SearchBox.tsx';
import { useDisclosure } from './useDisclosure.ts';
import type { SearchHit } from '../../core/search/searchIndex.ts';

export interface FilterBarProps {
  readonly cluster: Cluster;
  readonly groupingLabel: string;
  readonly filters: GraphFilters;
  readonly onChange: (patch: Partial<GraphFilters>) => void;
  /** Paths drawn with these filters, and all paths (null until the graph is built). */
  readonly shown: number | null;
  readonly counts: GraphCounts | null;
  /** What the search text finds (pods, IPs, Services, policies, labels…), listed under the box. */
  readonly results?: (text: string) => readonly SearchHit[] | null;
  /** The search box is hovered or focused: fetch what its results need (ui/filters/useSearchCode.ts). */
  readonly onPrepareSearch?: () => void;
  /** A search result was chosen: show it on the graph and in the details. */
  readonly onChooseResult?: (hit: SearchHit) => void;
}

const SHOW: readonly { value: ShowOnly; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'observed', label: 'Observed' },
  { value: 'policy', label: 'Policy only' },
  { value: 'mismatches', label: 'Mismatches' },
];

/** Typing in the search box rebuilds the graph; wait for a pause. */
const SEARCH_DELAY_MS = 200;

export function FilterBar({ cluster, groupingLabel, filters, onChange, shown, counts, results, onPrepareSearch, onChooseResult }: FilterBarProps) {
  const options = useMemo(() => filterOptions(cluster, groupingLabel), [cluster, groupingLabel]);

  const [searchText, setSearchText] = useState(filters.search);
  const [portText, setPortText] = useState(filters.port === null ? '' : String(filters.port));
  // The URL or a reset may change the filters from outside: follow them (derived during render).
  const [seen, setSeen] = useState(filters);
  if (seen !== filters) {
    setSeen(filters);
    if (filters.search !== seen.search) setSearchText(filters.search);
    if (filters.port !== seen.port) setPortText(filters.port === null ? '' : String(filters.port));
  }
  useEffect(() => {
    if (searchText === filters.search) return;
    const t = setTimeout(() => onChange({ search: searchText }), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [searchText, filters.search, onChange]);

  const portInvalid = portText.trim() !== '' && !(/^\d{1,5}$/.test(portText.trim()) && Number(portText) <= 65535);
  const name = 'filter-show';
  const status = filterStatus(filters, shown, counts);
  const more = useDisclosure();
  const active = filters.groups.length + filters.namespaces.length + filters.verdicts.length + filters.protocols.length + (filters.port !== null ? 1 : 0);

  return (
    <div className="filter-bar" role="group" aria-label="Filters" data-testid="filter-bar">
      <SearchBox value={searchText} onChange={setSearchText} onCommit={(t) => onChange({ search: t })} {...(results ? { results } : {})} {...(onPrepareSearch ? { onPrepare: onPrepareSearch } : {})} {...(onChooseResult ? { onChoose: onChooseResult } : {})} />
      <div className="check-menu filter-more" ref={more.root} onKeyDown={more.onKeyDown}>
        <button
          ref={more.button}
          type="button"
          className={`btn small filter-btn${active > 0 ? ' active' : ''}`}
          aria-expanded={more.open}
          aria-controls={more.id}
          onClick={() => more.setOpen((o) => !o)}
          title="Tenant, namespace, verdict, protocol and port filters"
          data-testid="filter-more"
        >
          Filters{active > 0 ? <span className="filter-summary"> ({active})</span> : null} <span aria-hidden="true">▾</span>
        </button>
        <div id={more.id} className="check-panel filter-more-panel" hidden={!more.open} role="group" aria-label="More filters" data-testid="filter-more-panel">
          <CheckMenu label="Tenant" options={options.groups} checked={filters.groups} onChange={(groups) => onChange({ groups })} testId="filter-tenant" />
          <CheckMenu label="Namespace" options={options.namespaces} checked={filters.namespaces} onChange={(namespaces) => onChange({ namespaces })} testId="filter-namespace" />
          <CheckMenu label="Verdict" options={options.verdicts} checked={filters.verdicts} onChange={(v) => onChange({ verdicts: v as EdgeVerdict[] })} testId="filter-verdict" />
          <CheckMenu label="Protocol" options={options.protocols} checked={filters.protocols} onChange={(p) => onChange({ protocols: p as PortProto[] })} testId="filter-protocol" />
          <label className="port-filter">
            Port{' '}
            <input
              type="text"
              inputMode="numeric"
              size={6}
              value={portText}
              aria-invalid={portInvalid || undefined}
              onChange={(e) => {
                const t = e.currentTarget.value;
                setPortText(t);
                const s = t.trim();
                if (s === '') onChange({ port: null });
                else if (/^\d{1,5}$/.test(s) && Number(s) <= 65535) onChange({ port: Number(s) });
              }}
              data-testid="filter-port"
            />
          </label>
        </div>
      </div>
      <fieldset className="show-only">
        <legend className="visually-hidden">Show</legend>
        {SHOW.map((s) => (
          <label key={s.value} className={`seg${filters.show === s.value ? ' on' : ''}`}>
            <input type="radio" name={name} value={s.value} checked={filters.show === s.value} onChange={() => onChange({ show: s.value })} data-testid={`filter-show-${s.value}`} />
            {s.label}
          </label>
        ))}
      </fieldset>
      {!filtersEmpty(filters) ? (
        <button
          type="button"
          className="btn small"
          onClick={() => onChange({ groups: [], namespaces: [], verdicts: [], protocols: [], port: null, show: 'all', search: '' })}
          data-testid="filter-reset"
        >
          Reset filters
        </button>
      ) : null}
      <span className={`filter-count${status.hiddenMismatches > 0 ? ' filter-hides' : ' muted'}`} role="status" data-testid="filter-count">
        {status.text}
      </span>
      {status.hiddenMismatches > 0 ? (
        <button
          type="button"
          className="btn small"
          onClick={() => onChange({ groups: [], namespaces: [], verdicts: [], protocols: [], port: null, search: '', show: 'mismatches' })}
          data-testid="filter-show-all-mismatches"
        >
          Show all mismatches
        </button>
      ) : null}
    </div>
  );
}
