/**
 * A text box with suggestions, following the WAI-ARIA 1.2 combobox pattern (list autocomplete,
 * no automatic selection): ↓/↑ move through the list (↓ opens it), Enter takes the highlighted
 * suggestion (or submits the form when none is), Escape closes the list, then clears the box.
 * Suggestions are data from the input files: they render as text only.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { PeerOption } from './suggestions.ts';

export interface ComboboxProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Suggestions for the current text (called while the list is open). */
  readonly suggest: (text: string) => readonly PeerOption[];
  readonly testId: string;
  readonly placeholder?: string;
  /** Shown under the box and announced; marks the box invalid. */
  readonly error?: string | null;
  readonly hint?: string;
  readonly className?: string;
}

export function Combobox({ label, value, onChange, suggest, testId, placeholder, error, hint, className }: ComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const options = open ? suggest(value) : [];
  const shown = open && options.length > 0;

  const pick = (o: PeerOption): void => {
    onChange(o.value);
    // `ns[` is a template to continue typing; anything else is complete.
    setOpen(o.kind === 'labels');
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive((a) => (options.length === 0 ? -1 : Math.min(a + 1, options.length - 1)));
        return;
      case 'ArrowUp':
        e.preventDefault();
        setActive((a) => Math.max(a - 1, -1));
        return;
      case 'Enter': {
        const o = shown && active >= 0 ? options[active] : undefined;
        if (o) {
          e.preventDefault();
          pick(o);
        } else setOpen(false);
        return;
      }
      case 'Escape':
        if (shown) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (value !== '') {
          e.preventDefault();
          onChange('');
        }
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  };

  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const activeOption = shown && active >= 0 && active < options.length ? `${id}-opt-${active}` : undefined;

  return (
    <div className={`combo ${className ?? ''}`}>
      <label htmlFor={id} className="combo-label">
        {label}
      </label>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={activeOption}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        className="combo-input mono"
        data-testid={testId}
        placeholder={placeholder}
        value={value}
        onChange={(e) => {
          onChange(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={`${label} suggestions`} className="combo-list" hidden={!shown} data-testid={`${testId}-options`}>
        {shown
          ? options.map((o, i) => (
              <li
                key={o.value}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                // Keep focus in the box: a mousedown would blur it and close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(o);
                }}
              >
                <span className="opt-value">{o.value}</span>
                <span className="opt-detail">{o.detail}</span>
              </li>
            ))
          : null}
      </ul>
      {error ? (
        <p id={errorId} className="combo-error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <span id={hintId} className="visually-hidden">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
