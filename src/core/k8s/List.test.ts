import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { listItems } from './List.ts';

describe('listItems', () => {
  it('returns the items of a List', () => {
    expect(listItems(yamlDoc('apiVersion: v1\nkind: List\nitems:\n- {kind: Pod}\n- {kind: Namespace}\n'), 'List').items).toHaveLength(2);
  });
  it('notes an empty list and refuses items that are not a list', () => {
    expect(listItems(yamlDoc('apiVersion: v1\nkind: PodList\n'), 'PodList').diagnostics[0]?.code).toBe('empty-list');
    const bad = listItems(yamlDoc('apiVersion: v1\nkind: List\nitems: {a: 1}\n'), 'List');
    expect(bad.items).toEqual([]);
    expect(bad.diagnostics[0]).toMatchObject({ code: 'invalid-type', line: 3, path: 'items' });
  });
});
