import type { Ref } from 'react';
import type { RuleTextLines } from '../../workers/protocol.ts';

/**
 * Numbered lines of a policy file with the rule item's lines (`from`–`to`) marked, as text only:
 * the rule text disclosure's lines and the policy text view's.
 */
export function RuleLines({ text, marked, label, ref }: { readonly text: RuleTextLines; readonly marked: boolean; readonly label?: string; readonly ref?: Ref<HTMLPreElement> }) {
  const width = String(text.lines[text.lines.length - 1]?.[0] ?? 1).length;
  const inItem = (n: number): boolean => marked && n >= text.from && n <= text.to;
  return (
    <pre className="excerpt" data-file={text.file} ref={ref} {...(label ? { tabIndex: 0, 'aria-label': label } : {})}>
      {text.lines.map(([n, t]) => (
        <span key={n} className={inItem(n) ? 'xl hl' : 'xl'} data-line={n} data-testid={inItem(n) ? 'rule-text-line' : undefined}>
          <span className="xl-mark" aria-hidden="true">
            {inItem(n) ? '>' : ' '}
          </span>
          <span className="xl-n">{String(n).padStart(width, ' ')}</span>
          <span className="xl-text">{t === '' ? ' ' : t}</span>
        </span>
      ))}
    </pre>
  );
}
