/**
 * A text box with suggestions, following the WAI-ARIA 1.2 combobox pattern (list autocomplete,
 * no automatic selection): ↓/↑ move through the list (↓ opens it), Enter takes the highlighted
 * suggestion (or submits the form when none is), Escape closes the list, then clears the box.
 * Suggestions are data from the input files: they render as text only.
 */
import { useCombobox } from '../shell/useCombobox.ts';
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
  const combo = useCombobox<PeerOption>({
    items: () => suggest(value),
    onText: onChange,
    onPick: (o) => {
      onChange(o.value);
      // `ns[` is a template to continue typing; anything else is complete.
      return o.kind === 'labels';
    },
    // Escape closes the list, then clears the box.
    onEscape: ({ shown, close }) => {
      if (shown) close();
      else if (value !== '') onChange('');
      else return false;
      return true;
    },
  });
  const errorId = `${combo.id}-error`;
  const hintId = `${combo.id}-hint`;

  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`combo ${className ?? ''}`}>
      <label htmlFor={combo.id} className="combo-label">
        {label}
      </label>
      <input
        {...combo.inputProps}
        type="text"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="combo-input mono"
        data-testid={testId}
        placeholder={placeholder}
        value={value}
      />
      <ul {...combo.listProps} aria-label={`${label} suggestions`} className="combo-list" data-testid={`${testId}-options`}>
        {combo.items.map((o, i) => (
          <li key={o.value} {...combo.optionProps(i)}>
            <span className="opt-value">{o.value}</span>
            <span className="opt-detail">{o.detail}</span>
          </li>
        ))}
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
