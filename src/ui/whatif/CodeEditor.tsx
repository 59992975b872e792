/**
 * A plain-text YAML editor: a textarea (so every browser feature works: undo, find, IME, screen
 * readers) with a line-number gutter that marks the lines diagnostics point at. Tab keeps its
 * usual meaning (moving focus); YAML indentation is spaces anyway.
 */
import { forwardRef, useImperativeHandle, useMemo, useRef } from 'react';
import type { Severity } from '../../core/model/diagnostic.ts';

export interface CodeEditorHandle {
  /** Puts the caret at the start of a 1-based line and scrolls it into view. */
  goToLine(line: number): void;
}

export interface CodeEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly label: string;
  /** 1-based line → the worst severity reported there. */
  readonly marks: ReadonlyMap<number, Severity>;
  readonly invalid: boolean;
  readonly describedBy?: string;
}

const LINE_HEIGHT = 18;

export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor({ value, onChange, label, marks, invalid, describedBy }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => value.split('\n').length, [value]);

  useImperativeHandle(ref, () => ({
    goToLine(line: number) {
      const el = area.current;
      if (!el) return;
      const parts = el.value.split('\n');
      const offset = parts.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
      el.focus();
      el.setSelectionRange(offset, offset + (parts[line - 1]?.length ?? 0));
      el.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT);
    },
  }));

  return (
    <div className="code-editor">
      <div className="code-gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: lines }, (_, i) => {
          const sev = marks.get(i + 1);
          return (
            <div key={i} className={sev ? `gl gl-${sev}` : 'gl'}>
              {i + 1}
            </div>
          );
        })}
      </div>
      <textarea
        ref={area}
        className="code-text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        aria-label={label}
        aria-invalid={invalid}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        data-testid="whatif-editor"
      />
    </div>
  );
});
