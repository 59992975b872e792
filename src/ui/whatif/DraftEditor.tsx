/**
 * The drafts of a what-if: the policy picker (edit a loaded policy, or write a new one), a tab per
 * open document, and the open document's editor with the loader's diagnostics for it.
 */
import { useMemo, useRef } from 'react';
import type { Diagnostic, Severity } from '../../core/model/diagnostic.ts';
import type { Policy } from '../../core/model/policy.ts';
import { newPolicyText, policyLabel, policyText, draftName } from '../../core/whatif/editable.ts';
import { SeverityBadge } from '../panels/SeverityBadge.tsx';
import { plural } from '../state/summary.ts';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor.tsx';
import { isEdited, type DraftsAction, type DraftsState, type EditorDocument } from './drafts.ts';

export function PolicyPicker({ policies, drafts, dispatch, defaultNamespace }: { readonly policies: readonly Policy[]; readonly drafts: DraftsState; readonly dispatch: (a: DraftsAction) => void; readonly defaultNamespace: string }) {
  const byKind = useMemo(() => {
    const out = new Map<string, Policy[]>();
    for (const p of policies) out.set(p.ref.kind, [...(out.get(p.ref.kind) ?? []), p]);
    return [...out.entries()];
  }, [policies]);
  return (
    <div className="whatif-pick">
      <label htmlFor="whatif-policy">Edit a policy</label>
      <select
        id="whatif-policy"
        value=""
        data-testid="whatif-policy-select"
        onChange={(e) => {
          const p = policies.find((x) => x.key === e.target.value);
          const text = p ? policyText(p) : null;
          if (p && text !== null) dispatch({ type: 'open', policy: p.key, name: draftName(p.ref), text });
        }}
      >
        <option value="">Choose a loaded policy…</option>
        {byKind.map(([kind, list]) => (
          <optgroup key={kind} label={kind}>
            {list.map((p) => (
              <option key={p.key} value={p.key} disabled={!p.manifest || drafts.removed.includes(p.key)}>
                {policyLabel(p.ref)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <button type="button" className="btn small" onClick={() => dispatch({ type: 'new', text: newPolicyText(defaultNamespace) })} data-testid="whatif-new">
        New policy
      </button>
    </div>
  );
}

export function DocumentTabs({ drafts, problems, dispatch }: { readonly drafts: DraftsState; readonly problems: ReadonlyMap<string, Severity | null>; readonly dispatch: (a: DraftsAction) => void }) {
  if (drafts.documents.length === 0) return null;
  return (
    <div className="whatif-tabs" role="tablist" aria-label="Policies being edited">
      {drafts.documents.map((d) => {
        const sev = problems.get(d.id) ?? null;
        return (
          <button
            key={d.id}
            type="button"
            role="tab"
            id={`whatif-tab-${d.id}`}
            aria-selected={drafts.active === d.id}
            aria-controls="whatif-doc"
            className={`whatif-tab${drafts.active === d.id ? ' active' : ''}`}
            onClick={() => dispatch({ type: 'show', id: d.id })}
            data-testid="whatif-tab"
          >
            {d.name.replace(/^what-if: /, '')}
            {isEdited(d) ? <span className="tab-mark" title="Edited"> •</span> : null}
            {sev === 'error' ? <span className="tab-mark tab-error" title="Has errors"> !</span> : null}
          </button>
        );
      })}
    </div>
  );
}

export function DocumentEditor({ doc, diagnostics, checking, dispatch }: { readonly doc: EditorDocument; readonly diagnostics: readonly Diagnostic[] | null; readonly checking: boolean; readonly dispatch: (a: DraftsAction) => void }) {
  const editor = useRef<CodeEditorHandle>(null);
  const marks = useMemo(() => {
    const m = new Map<number, Severity>();
    const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
    for (const d of diagnostics ?? []) {
      const had = m.get(d.line);
      if (d.line > 0 && (had === undefined || rank[d.severity] > rank[had])) m.set(d.line, d.severity);
    }
    return m;
  }, [diagnostics]);
  const edited = isEdited(doc);
  const errors = (diagnostics ?? []).filter((d) => d.severity === 'error').length;
  return (
    <div id="whatif-doc" role="tabpanel" aria-labelledby={`whatif-tab-${doc.id}`} className="whatif-doc">
      <div className="whatif-doc-bar">
        <span className="muted">{doc.replaces ? (edited ? 'Edited; replaces the loaded policy' : 'As loaded') : 'New; added to the loaded policies'}</span>
        <span className="spacer" />
        {doc.replaces ? (
          <button type="button" className="btn small" onClick={() => dispatch({ type: 'delete-policy', policy: doc.replaces as NonNullable<typeof doc.replaces> })} data-testid="whatif-delete">
            Delete policy
          </button>
        ) : null}
        <button type="button" className="btn small" onClick={() => dispatch({ type: 'discard', id: doc.id })} data-testid="whatif-discard">
          {doc.replaces ? 'Discard edits' : 'Discard'}
        </button>
      </div>
      <CodeEditor ref={editor} value={doc.text} onChange={(text) => dispatch({ type: 'edit', id: doc.id, text })} label={`YAML of ${doc.name.replace(/^what-if: /, '')}`} marks={marks} invalid={errors > 0} describedBy="whatif-doc-status" />
      <div id="whatif-doc-status" className="whatif-doc-status" role="status" data-testid="whatif-doc-status">
        {!edited ? (
          <span className="muted">Unchanged: the loaded policy applies.</span>
        ) : checking || diagnostics === null ? (
          <span className="muted">Checking…</span>
        ) : diagnostics.length === 0 ? (
          <span className="ok">Valid: loads as written.</span>
        ) : (
          <span>{errors > 0 ? `${plural(errors, 'error')}: Cilium would not load this policy as written.` : plural(diagnostics.length, 'note')}</span>
        )}
      </div>
      {edited && diagnostics && diagnostics.length > 0 && !checking ? (
        <ul className="whatif-diags" data-testid="whatif-diagnostics">
          {diagnostics.map((d, i) => (
            <li key={i}>
              <SeverityBadge severity={d.severity} />{' '}
              {d.line > 0 ? (
                <button type="button" className="link" onClick={() => editor.current?.goToLine(d.line)}>
                  line {d.line}
                </button>
              ) : null}
              {d.path ? <code className="diag-path"> {d.path}</code> : null} <span className="diag-msg">{d.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

