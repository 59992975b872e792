import { describe, expect, it } from 'vitest';
import type { FlowEndpoint } from '../hubble/Flow.ts';
import { LabelLists, PeerEvidenceAcc } from './evidence.ts';

const ep = (identity: number, labels: readonly string[]): FlowEndpoint => ({ id: 1, identity, clusterName: 'c1', namespace: 'shop', labels, podName: 'api-1', workloads: [] });

describe('LabelLists', () => {
  it('gives one list per distinct label list of an identity, equal to the one asked for', () => {
    const lists = new LabelLists();
    const a = lists.get(30001, ['k8s:app=api', 'k8s:team=a']);
    expect(lists.get(30001, ['k8s:app=api', 'k8s:team=a'])).toBe(a);
    expect(lists.get(30001, ['k8s:app=api'])).toEqual(['k8s:app=api']);
    expect(lists.get(30001, ['k8s:app=api', 'k8s:team=b'])).toEqual(['k8s:app=api', 'k8s:team=b']);
    // Another identity with the same texts: its own list, equal.
    expect(lists.get(30002, ['k8s:app=api', 'k8s:team=a'])).toEqual(a);
    expect(lists.get(30001, [])).toEqual([]);
  });

  it('past 8 lists under one identity gives the list asked for, unshared', () => {
    const lists = new LabelLists();
    for (let i = 0; i < 8; i++) lists.get(0, [`k8s:i=${i}`]);
    const ninth = ['k8s:i=8'];
    expect(lists.get(0, ninth)).toBe(ninth);
    expect(lists.get(0, ['k8s:i=3'])).toEqual(['k8s:i=3']);
  });
});

describe('PeerEvidenceAcc with shared label lists', () => {
  it('keeps the labels of the smallest identity, whichever list object carried them', () => {
    const lists = new LabelLists();
    const acc = new PeerEvidenceAcc(lists);
    acc.add(ep(30002, ['k8s:app=b']), '10.0.0.2', []);
    acc.add(ep(30001, ['k8s:app=a']), '10.0.0.1', []);
    acc.add(ep(30001, ['k8s:app=a']), '10.0.0.1', []);
    const plain = acc.toPlain();
    expect(plain.labels).toEqual(['k8s:app=a']);
    expect(plain.identities).toEqual([30001, 30002]);
    const other = new PeerEvidenceAcc(null);
    other.add(ep(30002, ['k8s:app=b']), '10.0.0.2', []);
    other.add(ep(30001, ['k8s:app=a']), '10.0.0.1', []);
    expect(other.toPlain()).toEqual(plain);
  });
});
