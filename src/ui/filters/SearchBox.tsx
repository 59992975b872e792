/**
 * The graph's search box (`/` focuses it): typing narrows the graph to what matches and its
 * neighbours (pod names and IPs, Services, policies and `key=value` labels count too), and lists
 * what matched with its kind; choosing a result shows it on the graph and in the details.
 * WAI-ARIA combobox: ↓/↑ move through the results, Enter chooses the highlighted one (or applies
 * the text as a filter), Escape clears the box; keys typed before the results have come act on
 * them once they come. Results are names from the input files: text only.
 */
import { useRef } from 'react';
import type { SearchHit } from '../../core/search/searchIndex.ts';
import { SEARCH_KIND_WORDS } from '../../core/search/searchKinds.ts';
import { useCombobox } from '../shell/useCombobox.ts';
import { useSlashFocus } from './useSlashFocus.ts';
import './search.css';

export interface SearchBoxProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** Applies the text as the graph's search filter now (Enter). */
  readonly onCommit: (text: string) => void;
  /** The results for a text; `null` while they are pending (the keys typed meanwhile wait for them). */
  readonly results?: (text: string) => readonly SearchHit[] | null;
  /** Hovered or focused: the results' code can be fetched now (a chunk: core/search/searchCode.ts). */
  readonly onPrepare?: () => void;
  readonly onChoose?: (hit: SearchHit) => void;
}

const SHOWN = 12;

export function SearchBox({ value, onChange, onCommit, results, onPrepare, onChoose }: SearchBoxProps) {
  const input = useRef<HTMLInputElement>(null);
  useSlashFocus(input);
  const combo = useCombobox<SearchHit>({
    items: () => {
      if (!results || value.trim() === '') return [];
      return results(value)?.slice(0, SHOWN) ?? null;
    },
    onText: onChange,
    onPick: (h) => {
      onChoose?.(h);
    },
    onEnter: () => onCommit(value),
    // One press clears the search (and its results), as the box always did.
    onEscape: ({ close }) => {
      close();
      onChange('');
      onCommit('');
      return true;
    },
  });
  return (
    <div className="combo search" onPointerEnter={onPrepare} onFocus={onPrepare}>
      <label htmlFor={combo.id} className="visually-hidden">
        Search the graph: pods, IPs, Services, policies, key=value labels, CIDRs, DNS names
      </label>
      <input
        {...combo.inputProps}
        ref={input}
        type="search"
        aria-keyshortcuts="/"
        placeholder="Search: pod, IP, policy, k=v  (press /)"
        value={value}
        data-testid="filter-search"
      />
      <ul {...combo.listProps} aria-label="Search results" className="combo-list search-results" data-testid="search-results">
        {combo.items.map((h, i) => (
          <li key={h.id} {...combo.optionProps(i)} data-testid="search-result" data-kind={h.kind}>
            <span className="search-kind">{SEARCH_KIND_WORDS[h.kind]}</span> <span className="opt-value">{h.label}</span>
            <span className="opt-detail">{h.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
