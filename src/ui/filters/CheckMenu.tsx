/**
 * A button that opens a list of checkboxes (a disclosure, not a menu: plain tab order inside),
 * for multi-value filters. Escape or a click outside closes it and returns focus to the button.
 */
import { useEffect, useId, useRef, useState } from 'react';

export interface CheckOption {
  readonly value: string;
  readonly label: string;
}

export interface CheckMenuProps {
  readonly label: string;
  readonly options: readonly CheckOption[];
  readonly checked: readonly string[];
  readonly onChange: (values: string[]) => void;
  readonly testId: string;
}

export function CheckMenu({ label, options, checked, onChange, testId }: CheckMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const toggle = (value: string): void => onChange(checked.includes(value) ? checked.filter((v) => v !== value) : [...checked, value].sort());
  const summary = checked.length === 0 ? 'all' : checked.length === 1 ? (options.find((o) => o.value === checked[0])?.label ?? checked[0]) : `${checked.length} selected`;

  return (
    <div
      className="check-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className={`btn small filter-btn${checked.length > 0 ? ' active' : ''}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        {label}: <span className="filter-summary">{summary}</span> <span aria-hidden="true">▾</span>
      </button>
      <fieldset id={id} className="check-panel" hidden={!open} data-testid={`${testId}-panel`}>
        <legend className="visually-hidden">{label}</legend>
        {options.length === 0 ? <p className="muted">nothing to choose</p> : null}
        {options.map((o) => (
          <label key={o.value} className="check-option">
            <input type="checkbox" checked={checked.includes(o.value)} onChange={() => toggle(o.value)} data-testid="filter-option" data-value={o.value} />{' '}
            {o.label}
          </label>
        ))}
        {checked.length > 0 ? (
          <button type="button" className="link small" onClick={() => onChange([])}>
            Show all
          </button>
        ) : null}
      </fieldset>
    </div>
  );
}
