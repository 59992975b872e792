/**
 * The keyboard and ARIA wiring of a text box with a list under it, following the WAI-ARIA 1.2
 * combobox pattern (list autocomplete, no automatic selection): ↓ opens the list and moves down,
 * ↑ moves up, Enter takes the highlighted item (or, with none, closes the list and calls `onEnter`),
 * Tab closes the list, a click on an item takes it without taking the focus from the box.
 * What Escape does is the caller's (`onEscape`). The graph's search box and the path query's
 * boxes share it; each renders its own items.
 *
 * Items may be pending (`null`: the search's code is a chunk still on its way): ↓, ↑ and Enter
 * typed meanwhile are kept and act on the items once they come (comboKeys.ts), so a fast "↓ then
 * Enter" chooses the first result, as it does when the items are there. Typing, Escape, Tab and
 * leaving the box drop the kept keys, as they reset the highlight.
 */
import { useEffect, useEffectEvent, useId, useState, type ChangeEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { comboKey, replayComboKeys, type ComboKey, type ComboStep } from './comboKeys.ts';

export interface ComboboxOptions<T> {
  /** The items for the current text, `null` while they are pending; called only while the list is open. */
  readonly items: () => readonly T[] | null;
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
  // ↓, ↑ and Enter typed while the items were pending, in order.
  const [kept, setKept] = useState<readonly ComboKey[]>([]);
  const got = open ? itemsFor() : [];
  const pending = got === null;
  const items = got ?? [];
  const shown = items.length > 0;

  const close = (): void => {
    setOpen(false);
    setActive(-1);
    setKept([]);
  };
  const leave = (): void => {
    setOpen(false);
    setKept([]);
  };
  const pick = (item: T): void => {
    setOpen(onPick(item) === true);
    setActive(-1);
  };
  const done = (step: ComboStep<T>): void => {
    if (step.done === null) setActive(step.active);
    else if (step.done.kind === 'pick') pick(step.done.item);
    else {
      setOpen(false);
      setActive(-1);
      onEnter?.();
    }
  };
  // The items came: the kept keys act on them as they would have had the items been there.
  const replay = useEffectEvent(() => {
    setKept([]);
    done(replayComboKeys(active, kept, items));
  });
  useEffect(() => {
    if (!pending && kept.length > 0) replay();
  }, [pending, kept]);
  const keep = (key: ComboKey): void => setKept((k) => [...k, key]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        const key = e.key === 'ArrowDown' ? 'down' : 'up';
        if (!open) setOpen(true);
        if (pending) keep(key);
        else setActive((a) => comboKey(a, key, items).active);
        return;
      }
      case 'Enter': {
        if (pending) {
          e.preventDefault();
          keep('enter');
          return;
        }
        const step = comboKey(shown ? active : -1, 'enter', items);
        if (step.done?.kind === 'pick') e.preventDefault();
        done(step);
        return;
      }
      case 'Escape':
        setKept([]);
        if (onEscape({ shown, close })) e.preventDefault();
        return;
      case 'Tab':
        leave();
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
        setKept([]);
      },
      onFocus: (): void => setOpen(true),
      onBlur: leave,
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
