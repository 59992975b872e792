/**
 * The drafts of a what-if: the policy picker (edit a loaded policy, or write a new one), a tab per
 * open document, and the open document's editor with the loader's diagnostics for it.
 */
import { useMemo, useRef, useState } from 'react';
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
      <ProposedSet policies={policies} dispatch={dispatch} />
    </div>
  );
}

/** Reads policy files as text (a gzip file is refused with a reason: paste or gunzip it). */
async function readPolicyFiles(files: readonly File[]): Promise<{ readonly texts: { name: string; text: string }[]; readonly refused: string[] }> {
  const texts: { name: string; text: string }[] = [];
  const refused: string[] = [];
  for (const f of files) {
    const head = new Uint8Array(await f.slice(0, 2).arrayBuffer());
    if (head[0] === 0x1f && head[1] === 0x8b) refused.push(`${f.name}: gzip; open the policies uncompressed`);
    else texts.push({ name: f.name, text: await f.text() });
  }
  return { texts, refused };
}

/**
 * A proposed policy set from files (a GitOps branch, a customer's new policies): compared with the
 * loaded set as a whole (every loaded policy replaced), or applied over it like `kubectl apply`.
 */
function ProposedSet({ policies, dispatch }: { readonly policies: readonly Policy[]; readonly dispatch: (a: DraftsAction) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [replace, setReplace] = useState(true);
  const [refused, setRefused] = useState<readonly string[]>([]);
  return (
    <div className="whatif-set">
      <button type="button" className="btn small" onClick={() => input.current?.click()} data-testid="whatif-open-set">
        Open proposed policies…
      </button>
      <label className="whatif-replace">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} data-testid="whatif-replace-all" /> instead of all loaded policies
      </label>
      <input
        ref={input}
        type="file"
        multiple
        accept=".yaml,.yml,.json,.jsonl"
        hidden
        data-testid="whatif-set-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void readPolicyFiles(files).then(({ texts, refused: r }) => {
            setRefused(r);
            if (texts.length > 0) dispatch({ type: 'open-set', files: texts, replacing: replace ? policies.map((p) => p.key) : [] });
          });
        }}
      />
      {refused.length > 0 ? (
        <p role="alert" className="whatif-refused">
          Not opened: {refused.join('; ')}
        </p>
      ) : null}
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
        <span className="muted">{doc.replaces ? (edited ? 'Edited; replaces the loaded policy' : 'As loaded') : 'New: its policies apply like kubectl apply (same name: replaced)'}</span>
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

