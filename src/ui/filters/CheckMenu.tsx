/**
 * A button that opens a list of checkboxes (a disclosure, not a menu: plain tab order inside),
 * for multi-value filters. Escape or a click outside closes it and returns focus to the button.
 */
import { useDisclosure } from './useDisclosure.ts';

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
  const menu = useDisclosure();

  const toggle = (value: string): void => onChange(checked.includes(value) ? checked.filter((v) => v !== value) : [...checked, value].sort());
  const summary = checked.length === 0 ? 'all' : checked.length === 1 ? (options.find((o) => o.value === checked[0])?.label ?? checked[0]) : `${checked.length} selected`;

  return (
    <div className="check-menu" ref={menu.root} onKeyDown={menu.onKeyDown}>
      <button
        ref={menu.button}
        type="button"
        className={`btn small filter-btn${checked.length > 0 ? ' active' : ''}`}
        aria-expanded={menu.open}
        aria-controls={menu.id}
        onClick={() => menu.setOpen((o) => !o)}
        data-testid={testId}
      >
        {label}: <span className="filter-summary">{summary}</span> <span aria-hidden="true">▾</span>
      </button>
      <fieldset id={menu.id} className="check-panel" hidden={!menu.open} data-testid={`${testId}-panel`}>
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
