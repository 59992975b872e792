/**
 * The lines of a deciding rule's policy file around the rule item (the item's lines marked), with
 * the file name and line numbers: the explanation's "Show rule text", a chunk of its own loaded
 * when a user opens one. The lines come from the load worker (workers/ruleText.ts) and are
 * rendered as text only, as the diagnostics' excerpts are (panels/Excerpt.tsx).
 */
import type { RuleTextQuery } from '../../workers/protocol.ts';
import type { RuleTextSource } from './ruleTextSource.ts';
import { useRuleText } from './useRuleText.ts';
import { RuleLines } from './RuleLines.tsx';

export default function RuleTextView({ query, source }: { readonly query: RuleTextQuery; readonly source: RuleTextSource }) {
  const { file, line, path } = query;
  const state = useRuleText(source, file, line, path, false);
  if (state.kind === 'reading') return <p className="muted">Reading {file}…</p>;
  if (state.kind === 'failed') return <p className="muted">The rule’s text could not be read: {state.message}</p>;
  const { text } = state;
  if (text === null || text.lines.length === 0) return <p className="muted">{file} no longer holds line {line} in this load.</p>;
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
      <RuleLines text={text} marked />
    </div>
  );
}
