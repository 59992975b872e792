import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

/**
 * A button that shows a panel below it: Escape inside or a click outside closes it (focus back on
 * the button). Spread `root` and `onKeyDown` on the element holding both, `button` on the button,
 * `id` on the panel (`aria-controls`). Disclosures nest: the innermost open one takes Escape.
 */
export function useDisclosure() {
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
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && open && !e.defaultPrevented) {
      e.stopPropagation();
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    }
  };
  return { open, setOpen, id, root, button, onKeyDown };
}
