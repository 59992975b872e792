import { describe, it, expect } from 'vitest';
import type { PolicyKey } from '../../core/model/policy.ts';
import { draftOf, draftsReducer, hasChanges, noDrafts, type DraftsState } from './drafts.ts';

const A = 'CiliumNetworkPolicy/ns/a' as PolicyKey;
const B = 'CiliumNetworkPolicy/ns/b' as PolicyKey;
const run = (...actions: Parameters<typeof draftsReducer>[1][]): DraftsState => actions.reduce(draftsReducer, noDrafts);

describe('draftsReducer', () => {
  it('opening a policy twice shows the same document; untouched documents change nothing', () => {
    const s = run({ type: 'open', policy: A, name: 'a', text: 'x' }, { type: 'open', policy: B, name: 'b', text: 'y' }, { type: 'open', policy: A, name: 'a', text: 'x' });
    expect(s.documents.map((d) => d.replaces)).toEqual([A, B]);
    expect(s.active).toBe(`p:${A}`);
    expect(hasChanges(s)).toBe(false);
    expect(draftOf(s)).toEqual({ documents: [], removed: [] });
  });

  it('edits are applied; editing back to the original text undoes them', () => {
    const s = run({ type: 'open', policy: A, name: 'a', text: 'x' }, { type: 'edit', id: `p:${A}`, text: 'x2' });
    expect(draftOf(s).documents).toEqual([{ id: `p:${A}`, replaces: A, name: 'a', text: 'x2' }]);
    expect(hasChanges(draftsReducer(s, { type: 'edit', id: `p:${A}`, text: 'x' }))).toBe(false);
  });

  it('new documents are numbered and always applied once they have text', () => {
    const s = run({ type: 'new', text: 'k' }, { type: 'new', text: 'l' });
    expect(s.documents.map((d) => [d.id, d.name])).toEqual([
      ['new:1', 'what-if: new policy 1'],
      ['new:2', 'what-if: new policy 2'],
    ]);
    expect(draftOf(s).documents).toHaveLength(2);
    expect(s.active).toBe('new:2');
  });

  it('deleting a policy closes its document; restoring brings the loaded one back; discarding moves to a neighbour', () => {
    let s = run({ type: 'open', policy: A, name: 'a', text: 'x' }, { type: 'open', policy: B, name: 'b', text: 'y' }, { type: 'delete-policy', policy: A });
    expect(s.documents.map((d) => d.replaces)).toEqual([B]);
    expect(draftOf(s).removed).toEqual([A]);
    s = draftsReducer(s, { type: 'restore-policy', policy: A });
    expect(hasChanges(s)).toBe(false);
    s = draftsReducer(s, { type: 'discard', id: `p:${B}` });
    expect(s).toMatchObject({ documents: [], active: null });
  });

  it('documents from a suggested fix: new ones are added, an edit of an open policy replaces its text but keeps its original', () => {
    const s = run(
      { type: 'open', policy: A, name: 'a', text: 'x' },
      { type: 'add-documents', documents: [{ replaces: null, name: 'fix 1', original: '', text: 'n' }, { replaces: A, name: 'a', original: 'x', text: 'x-fixed' }] },
    );
    expect(s.documents.map((d) => [d.id, d.text, d.original])).toEqual([
      [`p:${A}`, 'x-fixed', 'x'],
      ['new:1', 'n', ''],
    ]);
    expect(s.active).toBe('new:1');
    expect(draftOf(s).documents).toHaveLength(2);
  });

  it('a proposed set from files: a document per file; replacing deletes every loaded policy (and closes their edits)', () => {
    const s = run(
      { type: 'open', policy: A, name: 'a', text: 'x' },
      { type: 'edit', id: `p:${A}`, text: 'x2' },
      { type: 'open-set', files: [{ name: 'v2.yaml', text: 'k' }, { name: 'more.yaml', text: 'l' }], replacing: [A, B] },
    );
    expect(s.documents.map((d) => [d.name, d.replaces])).toEqual([
      ['what-if: v2.yaml', null],
      ['what-if: more.yaml', null],
    ]);
    expect(draftOf(s).removed).toEqual([A, B]);
    expect(s.active).toBe('new:1');
    expect(draftsReducer(s, { type: 'restore-all' }).removed).toEqual([]);
    // Without replacing, the files apply over the loaded set (kubectl apply).
    expect(run({ type: 'open-set', files: [{ name: 'f', text: 't' }], replacing: [] }).removed).toEqual([]);
  });
});
