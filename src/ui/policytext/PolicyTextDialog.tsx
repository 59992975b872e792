/**
 * The policy text view: a policy's whole document as it was loaded (its file, document and line
 * numbers), the deciding rule's lines marked and scrolled to, read-only, with a Copy button. A
 * modal native <dialog> (focus kept inside, Escape closes it); a chunk of its own fetched when a
 * user first opens one. The lines come from the load worker on demand (workers/ruleText.ts,
 * `whole`): the page holds no policy's text before. Untrusted text: rendered as text only.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { policyLabel } from '../../core/model/policyLabel.ts';
import { RuleLines } from '../query/RuleLines.tsx';
import type { RuleTextSource } from '../query/ruleTextSource.ts';
import { useRuleText } from '../query/useRuleText.ts';
import { copyText } from '../shell/copyText.ts';
import type { PolicyTarget } from './policyTarget.ts';
import './policyText.css';

const span = (from: number, to: number): string => (to > from ? `lines ${from}–${to}` : `line ${from}`);

export default function PolicyTextDialog({ target, source, onClose }: { readonly target: PolicyTarget; readonly source: RuleTextSource; readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pre = useRef<HTMLPreElement>(null);
  const titleId = useId();
  const { file, line, document } = target.at;
  const state = useRuleText(source, file, line, target.path, true);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const text = state.kind === 'read' ? state.text : null;
  useEffect(() => {
    if (!text) return;
    // The deciding rule in view, the text focused: arrows and Page keys scroll it.
    pre.current?.querySelector('.hl')?.scrollIntoView({ block: 'center' });
    pre.current?.focus({ preventScroll: true });
  }, [text]);

  const first = text?.lines[0]?.[0] ?? line;
  const last = text?.lines[text.lines.length - 1]?.[0] ?? line;
  return (
    <dialog ref={dialog} className="policy-dialog" aria-labelledby={titleId} onClose={onClose} data-testid="policy-text">
      <h2 id={titleId} className="policy-dialog-title">
        {policyLabel(target)}
      </h2>
      <p className="muted policy-dialog-where" data-testid="policy-text-where">
        <span className="mono">{file}</span> · document {document + 1} · {span(first, last)}
        {text?.cut ? ` (the first ${text.lines.length.toLocaleString('en-US')} lines of a longer document)` : ''}
      </p>
      {target.path && text ? (
        <p className="policy-dialog-rule" data-testid="policy-text-rule">
          {text.found ? (
            <>
              <span className="xl-mark" aria-hidden="true">
                &gt;
              </span>{' '}
              Marked: <code>{target.path}</code>, {span(text.from, text.to)}
            </>
          ) : (
            <>
              <code>{target.path}</code> was not found in the text: nothing is marked
            </>
          )}
        </p>
      ) : null}
      {state.kind === 'reading' ? (
        <p className="muted">Reading {file}…</p>
      ) : state.kind === 'failed' ? (
        <p className="muted">The policy’s text could not be read: {state.message}</p>
      ) : text === null || text.lines.length === 0 ? (
        <p className="muted">
          {file} no longer holds line {line} in this load.
        </p>
      ) : (
        <RuleLines text={text} marked={text.found} label={`${policyLabel(target)} as loaded from ${file}`} ref={pre} />
      )}
      <div className="dialog-actions">
        <span role="status" className="muted copy-status">
          {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'The browser refused clipboard access: select the text above.' : ''}
        </span>
        <button
          type="button"
          className="btn"
          disabled={!text || text.lines.length === 0}
          data-testid="policy-text-copy"
          onClick={() => {
            if (text) void copyText(text.lines.map(([, t]) => t).join('\n')).then((ok) => setCopied(ok ? 'copied' : 'failed'));
          }}
        >
          Copy
        </button>
        <button type="button" className="btn" onClick={() => dialog.current?.close()} data-testid="policy-text-close">
          Close
        </button>
      </div>
    </dialog>
  );
}
