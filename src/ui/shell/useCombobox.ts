/**
 * The keyboard and ARIA wiring of a text box with a list under it, following the WAI-ARIA 1.2
 * combobox pattern (list autocomplete, no automatic selection): ↓ opens the list and moves down,
 * ↑ moves up, Enter takes the highlighted item (or, with none, closes the list and calls `onEnter`),
 * Tab closes the list, a click on an item takes it without taking the focus from the box.
 * What Escape does is the caller's (`onEscape`). The graph's search box and the path query's
 * boxes share it; each renders its own items.
 */
import { useId, useState, type ChangeEvent, type KeyboardEvent, type MouseEvent } from 'react';

export interface ComboboxOptions<T> {
  /** The items for the current text; called only while the list is open. */
  readonly items: () => readonly T[];
  /** The text changed (typing opens the list). */
  readonly onText: (text: string) => void;
  /** An item was taken; return true to keep the list open (a template to continue typing). */
  readonly onPick: (item: T) => boolean | void;
  /** Enter with no item highlighted, after the list closed. */
  readonly onEnter?: () => void;
  /** Escape; return true when it was used (the key then does nothing else). `close` closes the list. */
  readonly onEscape: (state: { readonly shown: boolean; readonly close: () => void }) => boolean;
}

export function useCombobox<T>({ items: itemsFor, onText, onPick, onEnter, onEscape }: ComboboxOptions<T>) {
  const id = useId();
  const listId = `${id}-list`;
  const optionId = (i: number): string => `${id}-opt-${i}`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const items = open ? itemsFor() : [];
  const shown = items.length > 0;

  const close = (): void => {
    setOpen(false);
    setActive(-1);
  };
  const pick = (item: T): void => {
    setOpen(onPick(item) === true);
    setActive(-1);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) setOpen(true);
        setActive((a) => (items.length === 0 ? -1 : Math.min(a + 1, items.length - 1)));
        return;
      case 'ArrowUp':
        e.preventDefault();
        setActive((a) => Math.max(a - 1, -1));
        return;
      case 'Enter': {
        const item = shown && active >= 0 ? items[active] : undefined;
        if (item !== undefined) {
          e.preventDefault();
          pick(item);
        } else {
          setOpen(false);
          onEnter?.();
        }
        return;
      }
      case 'Escape':
        if (onEscape({ shown, close })) e.preventDefault();
        return;
      case 'Tab':
        setOpen(false);
        return;
    }
  };

  return {
    id,
    items,
    shown,
    active,
    /** Spread on the `<input>` (with its own `value`, label and test id). */
    inputProps: {
      id,
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': shown,
      'aria-controls': listId,
      'aria-activedescendant': shown && active >= 0 && active < items.length ? optionId(active) : undefined,
      autoComplete: 'off',
      spellCheck: false,
      onChange: (e: ChangeEvent<HTMLInputElement>): void => {
        onText(e.currentTarget.value);
        setOpen(true);
        setActive(-1);
      },
      onFocus: (): void => setOpen(true),
      onBlur: (): void => setOpen(false),
      onKeyDown,
    } as const,
    /** Spread on the `<ul>`. */
    listProps: { id: listId, role: 'listbox', hidden: !shown } as const,
    /** Spread on the `<li>` of `items[i]`. */
    optionProps: (i: number) =>
      ({
        id: optionId(i),
        role: 'option',
        'aria-selected': i === active,
        className: i === active ? 'active' : undefined,
        // Keep focus in the box: a mousedown would blur it and close the list first.
        onMouseDown: (e: MouseEvent<HTMLLIElement>): void => {
          e.preventDefault();
          const item = items[i];
          if (item !== undefined) pick(item);
        },
      }) as const,
  };
}
