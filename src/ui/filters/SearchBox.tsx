/**
 * The graph's search box (`/` focuses it): typing narrows the graph to what matches and its
 * neighbours (pod names and IPs, Services, policies and `key=value` labels count too), and lists
 * what matched with its kind; choosing a result shows it on the graph and in the details.
 * WAI-ARIA combobox: ↓/↑ move through the results, Enter chooses the highlighted one (or applies
 * the text as a filter), Escape clears the box. Results are names from the
 * input files: text only.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { SEARCH_KIND_WORDS, type SearchHit } from '../../core/search/searchIndex.ts';
import { useSlashFocus } from './useSlashFocus.ts';
import './search.css';

export interface SearchBoxProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** Applies the text as the graph's search filter now (Enter). */
  readonly onCommit: (text: string) => void;
  readonly results?: (text: string) => readonly SearchHit[];
  readonly onChoose?: (hit: SearchHit) => void;
}

const SHOWN = 12;

export function SearchBox({ value, onChange, onCommit, results, onChoose }: SearchBoxProps) {
  const id = useId();
  const listId = `${id}-results`;
  const input = useRef<HTMLInputElement>(null);
  useSlashFocus(input);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const hits = open && results && value.trim() !== '' ? results(value).slice(0, SHOWN) : [];
  const shown = hits.length > 0;

  const choose = (h: SearchHit): void => {
    setOpen(false);
    setActive(-1);
    onChoose?.(h);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive((a) => (hits.length === 0 ? -1 : Math.min(a + 1, hits.length - 1)));
        return;
      case 'ArrowUp':
        e.preventDefault();
        setActive((a) => Math.max(a - 1, -1));
        return;
      case 'Enter': {
        const h = shown && active >= 0 ? hits[active] : undefined;
        if (h) {
          e.preventDefault();
          choose(h);
        } else {
          setOpen(false);
          onCommit(value);
        }
        return;
      }
      case 'Escape':
        // One press clears the search (and its results), as the box always did.
        e.preventDefault();
        setOpen(false);
        setActive(-1);
        onChange('');
        onCommit('');
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  };
  const activeOption = shown && active >= 0 && active < hits.length ? `${id}-hit-${active}` : undefined;
  return (
    <div className="combo search">
      <label htmlFor={id} className="visually-hidden">
        Search the graph: pods, IPs, Services, policies, key=value labels, CIDRs, DNS names
      </label>
      <input
        ref={input}
        id={id}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={activeOption}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search: pod, IP, policy, k=v  (press /)"
        value={value}
        onChange={(e) => {
          onChange(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        data-testid="filter-search"
      />
      <ul id={listId} role="listbox" aria-label="Search results" className="combo-list search-results" hidden={!shown} data-testid="search-results">
        {hits.map((h, i) => (
          <li
            key={h.id}
            id={`${id}-hit-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(h);
            }}
            data-testid="search-result"
            data-kind={h.kind}
          >
            <span className="search-kind">{SEARCH_KIND_WORDS[h.kind]}</span> <span className="opt-value">{h.label}</span>
            <span className="opt-detail">{h.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
