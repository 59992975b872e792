import { useEffect, useId, useRef, useState } from 'react';

interface PasteDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onLoad: (name: string, text: string) => void;
}

/** A modal (native `<dialog>`: focus trap and Escape for free) to paste YAML, JSON or flow lines. */
export function PasteDialog({ open, onClose, onLoad }: PasteDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [name, setName] = useState('pasted.yaml');
  const [text, setText] = useState('');
  const nameId = useId();
  const textId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first field (the name); the content is what users paste into.
      textRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="paste-dialog" aria-labelledby="paste-title" onClose={onClose} data-testid="paste-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() === '') return;
          onLoad(name.trim() || '<paste>', text);
          setText('');
        }}
      >
        <h2 id="paste-title">Paste input</h2>
        <p className="hint">
          YAML (several documents separated by <code>---</code>), JSON, or Hubble flow lines. Replaces what is shown.
        </p>
        <label htmlFor={nameId}>Name shown in diagnostics</label>
        <input id={nameId} type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="paste-name" autoComplete="off" spellCheck={false} />
        <label htmlFor={textId}>Content</label>
        <textarea
          id={textId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="paste-text"
          ref={textRef}
          rows={16}
          spellCheck={false}
          placeholder={'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n…'}
        />
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid="paste-load" disabled={text.trim() === ''}>
            Load
          </button>
        </div>
      </form>
    </dialog>
  );
}
