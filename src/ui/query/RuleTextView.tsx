/**
 * The lines of a deciding rule's policy file around the rule item (the item's lines marked), with
 * the file name and line numbers: the explanation's "Show rule text", a chunk of its own loaded
 * when a user opens one. The lines come from the load worker (workers/ruleText.ts) and are
 * rendered as text only, as the diagnostics' excerpts are (panels/Excerpt.tsx).
 */
import { useEffect, useState } from 'react';
import type { RuleTextLines, RuleTextQuery } from '../../workers/protocol.ts';
import type { RuleTextSource } from './ruleTextSource.ts';

type State = { readonly kind: 'reading' } | { readonly kind: 'read'; readonly text: RuleTextLines | null } | { readonly kind: 'failed'; readonly message: string };

export default function RuleTextView({ query, source }: { readonly query: RuleTextQuery; readonly source: RuleTextSource }) {
  const [state, setState] = useState<State>({ kind: 'reading' });
  const { file, line, path } = query;
  useEffect(() => {
    let live = true;
    source({ file, line, path }).then(
      (text) => live && setState({ kind: 'read', text }),
      (err: unknown) => live && setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [source, file, line, path]);
  if (state.kind === 'reading') return <p className="muted">Reading {file}…</p>;
  if (state.kind === 'failed') return <p className="muted">The rule’s text could not be read: {state.message}</p>;
  const { text } = state;
  if (text === null || text.lines.length === 0) return <p className="muted">{file} no longer holds line {line} in this load.</p>;
  const width = String(text.lines[text.lines.length - 1]?.[0] ?? line).length;
  const inItem = (n: number): boolean => n >= text.from && n <= text.to;
  return (
    <div className="rule-text" data-testid="rule-text">
      <p className="muted rule-text-where">
        <span className="mono">{file}</span>{' '}
        {text.found
          ? text.to > text.from
            ? `lines ${text.from}–${text.to}: ${path}`
            : `line ${text.from}: ${path}`
          : `line ${text.from}: the policy (its ${path} was not found in the text)`}
      </p>
      <pre className="excerpt" data-file={file}>
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
    </div>
  );
}
