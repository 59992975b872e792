/**
 * The what-if editor's state: the documents being edited (each a loaded policy's text, or a new
 * one), the loaded policies deleted, and which document is open. Pure; the app keeps it so that
 * leaving what-if and coming back keeps the drafts (a new load clears them).
 */
import type { PolicyKey } from '../../core/model/policy.ts';
import type { Draft } from '../../core/whatif/types.ts';
import { noDrafts, type DraftsState, type EditorDocument } from './draftsState.ts';

export { noDrafts, type DraftsState, type EditorDocument } from './draftsState.ts';

export type DraftsAction =
  /** Open a loaded policy for editing (or switch to it when already open). */
  | { readonly type: 'open'; readonly policy: PolicyKey; readonly name: string; readonly text: string }
  | { readonly type: 'new'; readonly text: string }
  | { readonly type: 'edit'; readonly id: string; readonly text: string }
  | { readonly type: 'show'; readonly id: string }
  /** Close a document: its edits are dropped (a loaded policy goes back to what was loaded). */
  | { readonly type: 'discard'; readonly id: string }
  | { readonly type: 'delete-policy'; readonly policy: PolicyKey }
  | { readonly type: 'restore-policy'; readonly policy: PolicyKey }
  /** Documents from elsewhere (a suggested fix): an edit of a policy already open replaces its text. */
  | { readonly type: 'add-documents'; readonly documents: readonly { readonly replaces: PolicyKey | null; readonly name: string; readonly original: string; readonly text: string }[] }
  /**
   * A proposed policy set opened from files: a new document per file; with `replacing`, every
   * loaded policy is deleted first, so the files are compared with the loaded set as a whole.
   */
  | { readonly type: 'open-set'; readonly files: readonly { readonly name: string; readonly text: string }[]; readonly replacing: readonly PolicyKey[] }
  | { readonly type: 'restore-all' }
  | { readonly type: 'reset' };

export function draftsReducer(s: DraftsState, a: DraftsAction): DraftsState {
  switch (a.type) {
    case 'open': {
      const open = s.documents.find((d) => d.replaces === a.policy);
      if (open) return { ...s, active: open.id };
      const doc: EditorDocument = { id: `p:${a.policy}`, replaces: a.policy, name: a.name, text: a.text, original: a.text };
      return { ...s, documents: [...s.documents, doc], active: doc.id, removed: s.removed.filter((k) => k !== a.policy) };
    }
    case 'new': {
      const n = s.created + 1;
      const doc: EditorDocument = { id: `new:${n}`, replaces: null, name: `what-if: new policy ${n}`, text: a.text, original: '' };
      return { ...s, documents: [...s.documents, doc], active: doc.id, created: n };
    }
    case 'edit':
      return { ...s, documents: s.documents.map((d) => (d.id === a.id ? { ...d, text: a.text } : d)) };
    case 'show':
      return s.documents.some((d) => d.id === a.id) ? { ...s, active: a.id } : s;
    case 'discard': {
      const i = s.documents.findIndex((d) => d.id === a.id);
      if (i < 0) return s;
      const documents = s.documents.filter((d) => d.id !== a.id);
      const next = documents[Math.min(i, documents.length - 1)] ?? null;
      return { ...s, documents, active: s.active === a.id ? (next?.id ?? null) : s.active };
    }
    case 'delete-policy': {
      if (s.removed.includes(a.policy)) return s;
      const documents = s.documents.filter((d) => d.replaces !== a.policy);
      const active = documents.some((d) => d.id === s.active) ? s.active : (documents[0]?.id ?? null);
      return { ...s, documents, active, removed: [...s.removed, a.policy] };
    }
    case 'restore-policy':
      return { ...s, removed: s.removed.filter((k) => k !== a.policy) };
    case 'add-documents': {
      let next: DraftsState = s;
      let first: string | null = null;
      for (const d of a.documents) {
        if (d.replaces !== null) {
          const open = next.documents.find((x) => x.replaces === d.replaces);
          const id = open?.id ?? `p:${d.replaces}`;
          const doc: EditorDocument = { id, replaces: d.replaces, name: d.name, text: d.text, original: open?.original ?? d.original };
          next = {
            ...next,
            documents: open ? next.documents.map((x) => (x.id === id ? doc : x)) : [...next.documents, doc],
            removed: next.removed.filter((k) => k !== d.replaces),
          };
          first ??= id;
        } else {
          const n = next.created + 1;
          const doc: EditorDocument = { id: `new:${n}`, replaces: null, name: d.name, text: d.text, original: '' };
          next = { ...next, documents: [...next.documents, doc], created: n };
          first ??= doc.id;
        }
      }
      return first === null ? s : { ...next, active: first };
    }
    case 'open-set': {
      let next: DraftsState = a.replacing.length > 0 ? { ...s, documents: s.documents.filter((d) => d.replaces === null), removed: [...a.replacing] } : s;
      let first: string | null = null;
      for (const f of a.files) {
        const n = next.created + 1;
        const doc: EditorDocument = { id: `new:${n}`, replaces: null, name: `what-if: ${f.name}`, text: f.text, original: '' };
        next = { ...next, documents: [...next.documents, doc], created: n };
        first ??= doc.id;
      }
      return { ...next, active: first ?? next.active };
    }
    case 'restore-all':
      return { ...s, removed: [] };
    case 'reset':
      return noDrafts;
  }
}

/** Whether a document differs from what it was opened with. */
export function isEdited(d: EditorDocument): boolean {
  return d.text !== d.original;
}

/** What the engine applies: edited documents and deletions (untouched documents change nothing). */
export function draftOf(s: DraftsState): Draft {
  return { documents: s.documents.filter(isEdited).map(({ id, replaces, name, text }) => ({ id, replaces, name, text })), removed: s.removed };
}

export function hasChanges(s: DraftsState): boolean {
  return s.removed.length > 0 || s.documents.some(isEdited);
}
