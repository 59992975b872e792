import { describe, it, expect } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import type { PolicyKey } from '../model/policy.ts';
import { applyDraft } from './applyDraft.ts';
import { policyText } from './editable.ts';

const cnp = (name: string, ns = 'shop', app = 'web') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  endpointSelector:
    matchLabels:
      app: ${app}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: client
`;
const before = loadInputs([{ name: 'p.yaml', data: `${cnp('a')}---\n${cnp('b')}---\n${cnp('c')}` }]).cluster;
const key = (name: string, ns = 'shop') => `CiliumNetworkPolicy/${ns}/${name}` as PolicyKey;
const names = (c: typeof before) => c.policies.map((p) => `${p.ref.namespace}/${p.ref.name}`);

describe('applyDraft', () => {
  it('an edit replaces the policy it edits, in place', () => {
    const r = applyDraft(before, { documents: [{ id: '1', replaces: key('b'), name: 'what-if: b', text: cnp('b', 'shop', 'api') }], removed: [] });
    expect(names(r.after)).toEqual(['shop/a', 'shop/b', 'shop/c']);
    expect(r.after.policies[1]?.rules[0]?.subject.selector).not.toEqual(before.policies[1]?.rules[0]?.subject.selector);
    expect(r.after.policies[0]).toBe(before.policies[0]);
    expect(r.removed).toEqual([]);
    expect(r.documents[0]).toMatchObject({ policies: [{ name: 'b' }], overrides: [], diagnostics: [] });
  });

  it('an edit that renames the policy removes the old name', () => {
    const r = applyDraft(before, { documents: [{ id: '1', replaces: key('b'), name: 'what-if: b', text: cnp('b2') }], removed: [] });
    expect(names(r.after)).toEqual(['shop/a', 'shop/c', 'shop/b2']);
    expect(r.removed.map((p) => p.name)).toEqual(['b']);
  });

  it('a new document reusing a loaded name replaces that policy, as kubectl apply would, and says so', () => {
    const r = applyDraft(before, { documents: [{ id: '1', replaces: null, name: 'what-if: new policy 1', text: cnp('c', 'shop', 'db') }], removed: [] });
    expect(names(r.after)).toEqual(['shop/a', 'shop/b', 'shop/c']);
    expect(r.documents[0]?.overrides.map((p) => p.name)).toEqual(['c']);
    // Another namespace is another policy.
    const other = applyDraft(before, { documents: [{ id: '1', replaces: null, name: 'n', text: cnp('c', 'other') }], removed: [] });
    expect(names(other.after)).toEqual(['shop/a', 'shop/b', 'shop/c', 'other/c']);
  });

  it('removes deleted policies and ignores keys that are not loaded', () => {
    const r = applyDraft(before, { documents: [], removed: [key('a'), key('nope')] });
    expect(names(r.after)).toEqual(['shop/b', 'shop/c']);
    expect(r.removed.map((p) => p.name)).toEqual(['a']);
  });

  it('two drafts defining the same policy: the later wins, with a warning', () => {
    const r = applyDraft(before, {
      documents: [
        { id: '1', replaces: null, name: 'one', text: cnp('x', 'shop', 'one') },
        { id: '2', replaces: null, name: 'two', text: cnp('x', 'shop', 'two') },
      ],
      removed: [],
    });
    expect(r.after.policies.filter((p) => p.ref.name === 'x')).toHaveLength(1);
    expect(JSON.stringify(r.after.policies.at(-1)?.rules[0]?.subject.selector)).toContain('two');
    expect(r.documents[1]?.diagnostics).toMatchObject([{ code: 'what-if-duplicate', severity: 'warning', file: 'two' }]);
  });

  it('objects other than policies are reported and ignored; the inventory stays as loaded', () => {
    const text = `${cnp('d')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n`;
    const r = applyDraft(before, { documents: [{ id: '1', replaces: null, name: 'mixed', text }], removed: [] });
    expect(r.after.namespaces).toBe(before.namespaces);
    expect(r.documents[0]?.policies.map((p) => p.name)).toEqual(['d']);
    expect(r.documents[0]?.diagnostics).toMatchObject([{ code: 'what-if-ignored', severity: 'warning', message: expect.stringContaining('1 Namespace') }]);
  });

  it('invalid policies get the loader diagnostics with the draft name, document, line and field path', () => {
    const bad = cnp('b').replace('app: client', 'app: client\n          bogus: [');
    const r = applyDraft(before, { documents: [{ id: '1', replaces: key('b'), name: 'what-if: CNP shop/b', text: bad }], removed: [] });
    expect(r.documents[0]?.diagnostics[0]).toMatchObject({ file: 'what-if: CNP shop/b', severity: 'error' });
    const invalid = cnp('b').replace('matchLabels:\n      app: web', 'matchLabels:\n      app: [web]');
    const r2 = applyDraft(before, { documents: [{ id: '1', replaces: key('b'), name: 'w', text: invalid }], removed: [] });
    expect(r2.documents[0]?.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ path: expect.stringContaining('spec.endpointSelector'), line: 9 });
    expect(names(r2.after)).toEqual(['shop/a', 'shop/c']);
  });

  it('an empty draft text just removes what it edits, with a note', () => {
    const r = applyDraft(before, { documents: [{ id: '1', replaces: key('a'), name: 'w', text: '' }], removed: [] });
    expect(names(r.after)).toEqual(['shop/b', 'shop/c']);
    expect(r.documents[0]?.diagnostics.map((d) => d.code)).toContain('what-if-empty');
  });

  it('the editor text of a loaded policy round-trips to the same rules', () => {
    const p = before.policies[0]!;
    const r = applyDraft(before, { documents: [{ id: '1', replaces: p.key, name: 'w', text: policyText(p)! }], removed: [] });
    expect(r.after.policies[0]?.rules).toEqual(p.rules.map((rule) => ({ ...rule })));
  });
});
